import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadKubeconfig, renderKubeconfig } from '../../runtime/kube/index.ts';
import { mergeContext } from './kubeconfig-context.ts';

function fixture(t: { after: (f: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-kubeconfig-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const local = join(dir, 'local');
  writeFileSync(
    local,
    renderKubeconfig({ name: 'local', server: 'https://127.0.0.1:6443', ca: 'CA', cert: 'CERT', key: 'KEY' }),
  );
  return { dir, local };
}

test('a new kubeconfig gets the tsflux context as its current one, readable by the user alone', (t) => {
  const { dir, local } = fixture(t);
  const target = join(dir, '.kube', 'config');
  assert.deepEqual(mergeContext(target, local), { current: true });
  assert.equal(statSync(target).mode & 0o777, 0o600);
  const access = loadKubeconfig(target);
  assert.equal(access.contextName, 'tsflux');
  assert.equal(access.server, 'https://127.0.0.1:6443');
});

test("an existing kubeconfig keeps the user's current context and entries; tsflux's are replaced", (t) => {
  const { dir, local } = fixture(t);
  const target = join(dir, 'config');
  writeFileSync(
    target,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: work, cluster: {server: "https://work.example:6443"}}, {name: tsflux, cluster: {server: "https://old"}}]',
      'users: [{name: me, user: {token: t}}]',
      'contexts: [{name: work, context: {cluster: work, user: me}}]',
      'current-context: work',
    ].join('\n'),
  );
  assert.deepEqual(mergeContext(target, local), { current: false, kept: 'work' });
  const cfg = parse(readFileSync(target, 'utf8'));
  assert.equal(cfg['current-context'], 'work');
  assert.deepEqual(
    cfg.clusters.map((c: { name: string }) => c.name),
    ['work', 'tsflux'],
  );
  assert.equal(loadKubeconfig(target, 'tsflux').server, 'https://127.0.0.1:6443');
  assert.equal(loadKubeconfig(target).server, 'https://work.example:6443');
});
