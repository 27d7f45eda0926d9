// Hostile artifacts, each behind its own GitRepository and Kustomization: a YAML alias bomb
// (billion laughs), a kustomization that includes itself, two symlink loops (files pointing at
// each other, a directory pointing at itself under the generated kustomization.yaml) and a gzip
// bomb. Each must be refused with a message within a bounded time, while a healthy Kustomization
// beside them keeps applying new revisions.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTarGz } from '../../src/engines/artifact/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  artifactServer,
  cmRef,
  configMap,
  ksRef,
  kustomization,
  type Obj,
  ready,
  startController,
} from '../support/kustomize-harness.ts';

/** A tar.gz of a directory tree built by `make` (symlinks kept as links), made by the system tar. */
function tarOf(make: (dir: string) => void): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-hostile-'));
  try {
    make(dir);
    const out = spawnSync('tar', ['-C', dir, '-czf', '-', '.'], { maxBuffer: 1 << 20 });
    if (out.status !== 0) throw new Error(`tar: ${out.stderr}`);
    return out.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// nine levels of ten aliases: a billion strings once expanded
const aliasBomb = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: lol',
  'data:',
  '  a: &a "lol"',
  ...'bcdefghij'.split('').map((k, i) => {
    const prev = 'abcdefghij'[i];
    return `  ${k}: &${k} [${Array(10).fill(`*${prev}`).join(', ')}]`;
  }),
  '',
].join('\n');

test('hostile artifacts are refused with a message in bounded time, and a healthy Kustomization keeps going', {
  timeout: 180_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'fault-hostile');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  const text = (files: Record<string, string>) => files;
  const hostile: [string, Record<string, string> | Buffer, string, RegExp][] = [
    ['alias-bomb', text({ 'bomb.yaml': aliasBomb }), 'BuildFailed', /Excessive alias count/],
    [
      'self-include',
      text({ 'kustomization.yaml': 'resources:\n- .\n', 'cm.yaml': configMap('self') }),
      'BuildFailed',
      /cycle detected: \. -> \./,
    ],
    [
      'symlink-loop',
      tarOf((d) => {
        writeFileSync(join(d, 'kustomization.yaml'), 'resources:\n- a.yaml\n');
        symlinkSync('b.yaml', join(d, 'a.yaml'));
        symlinkSync('a.yaml', join(d, 'b.yaml'));
      }),
      'BuildFailed',
      /accumulating resources: 'a\.yaml' does not exist/,
    ],
    [
      'dir-loop',
      tarOf((d) => {
        mkdirSync(join(d, 'apps'));
        writeFileSync(join(d, 'apps', 'cm.yaml'), configMap('looped'));
        symlinkSync('.', join(d, 'apps', 'again'));
      }),
      'ReconciliationSucceeded',
      /^Applied revision/,
    ],
    [
      'gzip-bomb',
      // 150 MiB of zeros, a few hundred KiB compressed: over the 100 MiB extraction limit
      await createTarGz([{ path: 'zeros.yaml', data: new Uint8Array(150 * 1024 * 1024) }]),
      'ArtifactFailed',
      /size limit/,
    ],
  ];
  // the witness: a healthy Kustomization whose new revisions must keep landing during the attack
  await server.publish(ns, 'healthy', { 'ok.yaml': configMap('ok', { n: '0' }) });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'healthy', {
      sourceRef: { kind: 'GitRepository', name: 'healthy' },
      targetNamespace: ns,
    }),
  );
  await eventually(async () => assert.equal((await kube.get<Obj>(cmRef(ns, 'ok'))).data.n, '0'));

  const started = Date.now();
  for (const [name, tree] of hostile) {
    await server.publish(ns, name, tree);
    await kube.create(
      ksRef(ns),
      kustomization(ns, name, { sourceRef: { kind: 'GitRepository', name }, targetNamespace: ns }),
    );
  }
  // during the attack, two new revisions of the healthy one are applied
  for (const n of ['1', '2']) {
    await server.publish(ns, 'healthy', { 'ok.yaml': configMap('ok', { n }) });
    await eventually(async () => assert.equal((await kube.get<Obj>(cmRef(ns, 'ok'))).data.n, n), {
      what: `healthy revision ${n} applied during the attack`,
    });
  }
  for (const [name, , reason, message] of hostile) {
    const o = await eventually(
      async () => {
        const o = await kube.get<Obj>(ksRef(ns, name));
        assert.equal(ready(o)?.reason, reason, `${name}: ${JSON.stringify(ready(o))}`);
        assert.match(ready(o)?.message, message, `${name}: ${ready(o)?.message}`);
        return o;
      },
      { what: `${name} answered`, timeoutMs: 60_000 },
    );
    t.diagnostic(`${name}: ${ready(o)?.message}`);
  }
  assert.ok(Date.now() - started < 60_000, `the hostile inputs took ${Date.now() - started} ms`);
  // nothing of the refused ones reached the cluster; the directory loop applied its one object once
  const names = (await kube.list<Obj>(cmRef(ns))).items.map((o) => o.metadata?.name).sort();
  assert.deepEqual(names, ['kube-root-ca.crt', 'looped', 'ok']);
});
