import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { helmBinary } from '../../src/toolchain/index.ts';
import { sharedPath, withoutShared } from '../support/shared.ts';
import { startHelmRepository } from './helm-repository.ts';
import { rawRequest } from './oci-client.ts';
import { makeTempDir, removeTempDir, run } from './process.ts';

// shared/ sits beside the project checkout (in CI too); its charts are read in place
const podinfo = sharedPath('fixtures/charts/podinfo');
const scratch = makeTempDir('helm-repo-test');
after(() => removeTempDir(scratch));

/** The real helm client, with its cache and config in the scratch dir. */
async function helm(args: string[]): Promise<string> {
  const destination = args.indexOf('--destination');
  if (destination >= 0) mkdirSync(args[destination + 1], { recursive: true });
  const home = join(scratch, 'helm-home');
  return run(await helmBinary(), args, {
    env: {
      PATH: process.env.PATH,
      HOME: home,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
    },
  });
}

describe('helm repository server', { skip: withoutShared }, () => {
  test('serves an index and packages that the real helm pulls', async (t) => {
    const repo = await startHelmRepository({ charts: [podinfo, { dir: podinfo, version: '6.0.0' }] });
    t.after(() => repo.stop());
    const index = repo.index();
    assert.deepEqual(index.entries.podinfo.map((e: { version: string }) => e.version).sort(), [
      '6.0.0',
      '6.14.1',
    ]);
    assert.equal(index.entries.podinfo[0].urls[0].startsWith(`${repo.url}/podinfo-`), true);
    const served = await rawRequest('GET', `${repo.url}/index.yaml`);
    assert.equal(served.status, 200);
    assert.match(served.body.toString(), /^apiVersion: v1/m);
    assert.equal((await rawRequest('GET', `${repo.url}/missing.tgz`)).status, 404);

    const dest = join(scratch, 'pulled');
    await helm(['pull', 'podinfo', '--repo', repo.url, '--version', '6.0.0', '--destination', dest]);
    assert.ok(existsSync(join(dest, 'podinfo-6.0.0.tgz')));
  });

  test('demands basic auth', async (t) => {
    const repo = await startHelmRepository({
      charts: [podinfo],
      basicAuth: { username: 'u', password: 'p' },
    });
    t.after(() => repo.stop());
    assert.equal((await rawRequest('GET', `${repo.url}/index.yaml`)).status, 401);
    const dest = join(scratch, 'auth');
    await assert.rejects(helm(['pull', 'podinfo', '--repo', repo.url, '--destination', dest]), /401/);
    await helm([
      'pull',
      'podinfo',
      '--repo',
      repo.url,
      '--username',
      'u',
      '--password',
      'p',
      '--destination',
      dest,
    ]);
    assert.ok(existsSync(join(dest, 'podinfo-6.14.1.tgz')));
  });

  test('serves HTTPS with a client certificate requirement', async (t) => {
    const repo = await startHelmRepository({ charts: [podinfo], tls: { requireClientCertificate: true } });
    t.after(() => repo.stop());
    const tls = repo.tls!;
    const files = {
      ca: join(scratch, 'ca.crt'),
      cert: join(scratch, 'tls.crt'),
      key: join(scratch, 'tls.key'),
    };
    writeFileSync(files.ca, tls.ca);
    writeFileSync(files.cert, tls.client.cert);
    writeFileSync(files.key, tls.client.key);
    const dest = join(scratch, 'tls');
    const base = ['pull', 'podinfo', '--repo', repo.url, '--destination', dest, '--ca-file', files.ca];
    await assert.rejects(helm(base));
    await helm([...base, '--cert-file', files.cert, '--key-file', files.key]);
    assert.ok(existsSync(join(dest, 'podinfo-6.14.1.tgz')));
  });
});
