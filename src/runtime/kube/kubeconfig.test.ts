import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadKubeconfig, renderKubeconfig } from './kubeconfig.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-test-'));

test('a rendered kubeconfig loads back with its inline credentials', () => {
  const p = join(dir, 'inline');
  writeFileSync(
    p,
    renderKubeconfig({ name: 'c', server: 'https://127.0.0.1:6443', ca: 'CA', cert: 'CERT', key: 'KEY' }),
  );
  const a = loadKubeconfig(p);
  assert.equal(a.server, 'https://127.0.0.1:6443');
  assert.deepEqual([a.ca, a.cert, a.key], ['CA', 'CERT', 'KEY']);
  assert.equal(a.namespace, 'default');
  assert.equal(a.contextName, 'c');
});

test('file references resolve against the kubeconfig directory; contexts select user and namespace', () => {
  writeFileSync(join(dir, 'ca.pem'), 'FILE-CA');
  writeFileSync(join(dir, 'token'), 'tok\n');
  const p = join(dir, 'files');
  writeFileSync(
    p,
    `apiVersion: v1
kind: Config
current-context: one
clusters:
- name: k
  cluster: {server: "https://k:1", certificate-authority: ca.pem}
users:
- name: u1
  user: {token: abc}
- name: u2
  user: {tokenFile: token}
contexts:
- name: one
  context: {cluster: k, user: u1, namespace: apps}
- name: two
  context: {cluster: k, user: u2}
`,
  );
  const one = loadKubeconfig(p);
  assert.equal(one.ca, 'FILE-CA');
  assert.equal(one.token, 'abc');
  assert.equal(one.namespace, 'apps');
  const two = loadKubeconfig(p, 'two');
  assert.equal(two.token, 'tok');
  assert.throws(() => loadKubeconfig(p, 'three'), /has no context 'three'/);
});

test('a missing file is a clear error', () => {
  assert.throws(() => loadKubeconfig(join(dir, 'absent')), /cannot read kubeconfig '.*absent'/);
});
