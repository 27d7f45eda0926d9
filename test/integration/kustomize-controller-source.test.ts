// The kustomize controller with the real source controller and the real git server: a fleet tree
// (podinfo-deploy's dev overlay) pushed to git, fetched by the GitRepository reconciler, applied
// by the Kustomization reconciler; a new commit reaches the cluster through the source watch.
// The oracle for what is applied is `kubectl kustomize` on the same tree.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { startGitHttpServer } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import { ksRef, type Obj, startController } from '../support/kustomize-harness.ts';
import { startTestSourceController } from '../support/source-controller.ts';

const fixture = new URL('../../../shared/fixtures/repos/podinfo-deploy', import.meta.url).pathname;

/** `Kind/name` of every object `kubectl kustomize` renders for a directory. */
function oracleIds(dir: string): string[] {
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Obj)
    .filter((o) => o)
    .map((o) => `${o.kind}/${o.metadata?.name}`)
    .sort();
}

test('real source controller: a git fleet overlay is applied, and a pushed commit follows', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ksgit');
  const git = await startGitHttpServer();
  t.after(() => git.stop());
  await startTestSourceController(t, kube, ns, { kinds: ['GitRepository'] });
  await startController(t, kube, ns);
  // the overlay's own Namespace object is left out: the test applies into its own namespace
  await git.createRepository('fleet', { fromDir: fixture });
  await git.pushCommit('fleet', {
    files: { 'overlays/dev/namespace.yaml': null, 'overlays/dev/kustomization.yaml': devKustomization() },
  });
  await kube.create(
    { group: 'source.toolkit.fluxcd.io', version: 'v1', resource: 'gitrepositories', namespace: ns },
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'fleet', namespace: ns },
      spec: { url: git.repoUrl('fleet'), ref: { branch: 'main' }, interval: '1s' },
    },
  );
  await kube.create(ksRef(ns), {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'dev', namespace: ns },
    spec: {
      interval: '10m',
      prune: true,
      path: './overlays/dev',
      targetNamespace: ns,
      sourceRef: { kind: 'GitRepository', name: 'fleet' },
    },
  });
  const first = await eventually(
    async () => {
      const o = await kube.get<Obj>(ksRef(ns, 'dev'));
      const ready = o.status?.conditions?.find((c: any) => c.type === 'Ready');
      if (ready?.status !== 'True') throw new Error(`${ready?.reason}: ${ready?.message}`);
      return o;
    },
    { timeoutMs: 60_000, what: 'dev Ready' },
  );
  const head = await git.revParse('fleet', 'main');
  assert.equal(first.status.lastAppliedRevision, `main@sha1:${head}`);
  // what was applied is what the real kustomize renders for the same tree
  // the same tree on disk for the oracle (a clone would block on the in-process git server)
  const tree = mkdtempSync(join(tmpdir(), 'ks-oracle-'));
  t.after(() => rmSync(tree, { recursive: true, force: true }));
  cpSync(fixture, tree, { recursive: true });
  rmSync(join(tree, 'overlays/dev/namespace.yaml'));
  writeFileSync(join(tree, 'overlays/dev/kustomization.yaml'), devKustomization());
  const applied = kindNames(first.status.inventory.entries);
  assert.deepEqual(applied, oracleIds(`${tree}/overlays/dev`));

  // a commit removing the cache base: pruned through the source watch, no interval wait
  const second = await git.pushCommit('fleet', {
    files: { 'overlays/dev/kustomization.yaml': devKustomization(['cache']) },
  });
  const after = await eventually(
    async () => {
      const o = await kube.get<Obj>(ksRef(ns, 'dev'));
      if (o.status?.lastAppliedRevision !== `main@sha1:${second}`) throw new Error('not yet');
      return o;
    },
    { timeoutMs: 60_000, what: 'second commit applied' },
  );
  writeFileSync(join(tree, 'overlays/dev/kustomization.yaml'), devKustomization(['cache']));
  const remaining = kindNames(after.status.inventory.entries);
  assert.deepEqual(remaining, oracleIds(`${tree}/overlays/dev`));
  assert.ok(applied.length > remaining.length, 'nothing was pruned');
});

// the dev overlay of the fixture, without its Namespace object and without some bases
function devKustomization(without: string[] = []): string {
  const bases = ['backend', 'frontend', 'cache', 'database'].filter((b) => !without.includes(b));
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'namespace: dev',
    'resources:',
    ...bases.map((b) => `  - ../../bases/${b}`),
    'transformers:',
    '  - labels.yaml',
    '',
  ].join('\n');
}

// `Kind/name` of inventory entries (`<ns>_<name>_<group>_<kind>`)
function kindNames(entries: { id: string }[]): string[] {
  return entries
    .map((e) => {
      const [, name, , kind] = e.id.split('_');
      return `${kind}/${name}`;
    })
    .sort();
}
