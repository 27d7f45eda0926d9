import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialsFromDockerConfig, parseChallenge, parseOciReference } from './index.ts';

test('OCI references parse as Flux writes them', () => {
  assert.deepEqual(parseOciReference('oci://ghcr.io/stefanprodan/manifests/podinfo'), {
    host: 'ghcr.io',
    repository: 'stefanprodan/manifests/podinfo',
    tag: undefined,
    digest: undefined,
  });
  assert.deepEqual(parseOciReference('localhost:5000/app:v1.2.3'), {
    host: 'localhost:5000',
    repository: 'app',
    tag: 'v1.2.3',
    digest: undefined,
  });
  const d = `sha256:${'a'.repeat(64)}`;
  assert.equal(parseOciReference(`oci://r.example/app@${d}`).digest, d);
  assert.throws(() => parseOciReference('https://r.example/app'), /format 'oci:\/\/<domain>\/<org>\/<repo>'/);
  assert.throws(() => parseOciReference('oci://r.example/App'), /invalid repository name 'App'/);
  assert.throws(
    () => parseOciReference('oci://r.example/app:v1', { allowRef: false }),
    /must not contain a tag/,
  );
});

test('registry challenges and docker config credentials', () => {
  assert.deepEqual(
    parseChallenge(
      'Bearer realm="https://auth.example/token",service="registry",scope="repository:app:pull"',
    ),
    {
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'registry', scope: 'repository:app:pull' },
    },
  );
  const cfg = JSON.stringify({
    auths: {
      'https://r.example': { auth: Buffer.from('user:p:ss').toString('base64') },
      other: { username: 'u', password: 'p' },
    },
  });
  assert.deepEqual(credentialsFromDockerConfig(cfg, 'r.example'), { username: 'user', password: 'p:ss' });
  assert.deepEqual(credentialsFromDockerConfig(cfg, 'other'), { username: 'u', password: 'p' });
  assert.equal(credentialsFromDockerConfig(cfg, 'nope'), undefined);
  assert.throws(() => credentialsFromDockerConfig('{', 'x'), /not JSON/);
});
