import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inClusterAccess, isInCluster } from './in-cluster.ts';
import { BearerToken } from './token.ts';

test('in-cluster access reads the mounted service account and the service env', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-'));
  writeFileSync(join(dir, 'token'), 'tok-1\n');
  writeFileSync(join(dir, 'ca.crt'), 'CA');
  writeFileSync(join(dir, 'namespace'), 'flux-system');
  const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
  assert.ok(isInCluster(env, dir));
  const a = inClusterAccess(env, dir);
  assert.equal(a.server, 'https://10.0.0.1:443');
  assert.equal(a.ca, 'CA');
  assert.equal(a.namespace, 'flux-system');
  assert.equal(new BearerToken(a).value(), 'tok-1');
  assert.equal(
    inClusterAccess({ ...env, KUBERNETES_SERVICE_HOST: 'fd00::1' }, dir).server,
    'https://[fd00::1]:443',
  );
});

test('outside a cluster the error names the missing variables', () => {
  assert.throws(
    () => inClusterAccess({}, '/nonexistent'),
    /KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT/,
  );
  assert.equal(isInCluster({}, '/nonexistent'), false);
});
