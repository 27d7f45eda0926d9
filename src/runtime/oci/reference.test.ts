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

test('docker config keys match as the kubelet keyring: globs, ports, path prefixes, most specific first', () => {
  const entry = (user: string) => ({ auth: Buffer.from(`${user}:pw`).toString('base64') });
  const cfg = JSON.stringify({
    auths: {
      '*.example.com': entry('glob'),
      'registry.example.com/team': entry('team'),
      'registry.example.com': entry('host'),
      'registry.example.com:5000': entry('port'),
      'https://index.docker.io/v1/': entry('hub'),
    },
  });
  assert.equal(credentialsFromDockerConfig(cfg, 'registry.example.com', 'team/app')?.username, 'team');
  assert.equal(credentialsFromDockerConfig(cfg, 'registry.example.com', 'other/app')?.username, 'host');
  assert.equal(credentialsFromDockerConfig(cfg, 'registry.example.com:5000', 'team/app')?.username, 'port');
  assert.equal(credentialsFromDockerConfig(cfg, 'eu.example.com', 'app')?.username, 'glob');
  assert.equal(credentialsFromDockerConfig(cfg, 'a.b.example.com', 'app'), undefined);
  assert.equal(credentialsFromDockerConfig(cfg, 'docker.io', 'library/nginx')?.username, 'hub');
});
