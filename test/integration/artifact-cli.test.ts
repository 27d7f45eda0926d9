// `tsflux push/pull/list/tag artifact` against the real CNCF distribution registry, anonymous and
// with htpasswd or token auth. What the CLI pushed is read back with the test servers' own raw
// registry client, so the manifest is checked independently of the code that wrote it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readTarGz } from '../../src/engines/artifact/index.ts';
import {
  FLUX_ARTIFACT_MEDIA_TYPES,
  getManifest,
  type OciClientOptions,
  type OciRegistryOptions,
  registryRequest,
  startOciRegistry,
} from '../servers/index.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/**
 * Runs the CLI in a child process. Asynchronously: the token server of the token-auth registry
 * runs in this process and must keep answering while the CLI waits for it.
 */
function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [main, ...args], {
    env: { ...process.env, DOCKER_CONFIG: '/nonexistent', ...env },
    timeout: 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise<{ code: number | null; out: string; stdout: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out: `${stdout}${stderr}`, stdout })),
  );
}

function tempDir(t: TestContext, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A directory to push: nested files, an executable script, and a path to leave out. */
function sourceTree(t: TestContext): string {
  const dir = tempDir(t, 'tsflux-push-');
  mkdirSync(join(dir, 'apps/podinfo'), { recursive: true });
  mkdirSync(join(dir, 'drafts'));
  writeFileSync(join(dir, 'apps/podinfo/deployment.yaml'), 'kind: Deployment\n');
  writeFileSync(join(dir, 'apps/kustomization.yaml'), 'resources: [podinfo/deployment.yaml]\n');
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\necho ok\n');
  chmodSync(join(dir, 'run.sh'), 0o755);
  writeFileSync(join(dir, 'drafts/wip.yaml'), 'kind: Draft\n');
  writeFileSync(join(dir, 'apps/notes.md'), '# notes\n');
  return dir;
}

const SOURCE = 'https://git.example/org/fleet.git';
const REVISION = 'main@sha1:89abcdef0123456789abcdef0123456789abcdef';

async function registryWith(t: TestContext, options: OciRegistryOptions = {}) {
  const registry = await startOciRegistry(options);
  t.after(() => registry.stop());
  return registry;
}

async function blob(url: string, repo: string, digest: string, auth: OciClientOptions = {}): Promise<Buffer> {
  const res = await registryRequest('GET', `${url}/v2/${repo}/blobs/${digest}`, auth);
  assert.equal(res.status, 200);
  return res.body;
}

test('push artifact writes Flux media types and annotations; pull, tag and list read it back', async (t) => {
  const registry = await registryWith(t);
  const dir = sourceTree(t);
  const url = `oci://${registry.host}/fleet/apps`;
  const push = await cli([
    'push',
    'artifact',
    `${url}:v1.0.0`,
    '--path',
    dir,
    '--source',
    SOURCE,
    '--revision',
    REVISION,
    '--ignore-paths',
    'drafts/,*.md',
    '-a',
    'team=platform',
  ]);
  assert.equal(push.code, 0, push.out);

  const { digest, manifest } = await getManifest(registry.url, 'fleet/apps', 'v1.0.0');
  assert.match(push.out, new RegExp(`artifact successfully pushed to ${registry.host}/fleet/apps@${digest}`));
  assert.equal(manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
  assert.equal(manifest.config.mediaType, FLUX_ARTIFACT_MEDIA_TYPES.config);
  assert.equal(manifest.layers.length, 1);
  assert.equal(manifest.layers[0].mediaType, FLUX_ARTIFACT_MEDIA_TYPES.content);
  assert.equal(manifest.annotations['org.opencontainers.image.source'], SOURCE);
  assert.equal(manifest.annotations['org.opencontainers.image.revision'], REVISION);
  assert.match(manifest.annotations['org.opencontainers.image.created'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(manifest.annotations.team, 'platform');
  const entries = await readTarGz(await blob(registry.url, 'fleet/apps', manifest.layers[0].digest));
  assert.deepEqual(
    entries.filter((e) => e.type === 'file').map((e) => [e.path, e.type === 'file' && e.executable]),
    [
      ['apps/kustomization.yaml', false],
      ['apps/podinfo/deployment.yaml', false],
      ['run.sh', true],
    ],
  );

  const out = tempDir(t, 'tsflux-pull-');
  const pull = await cli(['pull', 'artifact', `${url}:v1.0.0`, '--output', out]);
  assert.equal(pull.code, 0, pull.out);
  assert.equal(readFileSync(join(out, 'apps/podinfo/deployment.yaml'), 'utf8'), 'kind: Deployment\n');
  assert.equal(statSync(join(out, 'run.sh')).mode & 0o111, 0o111);
  assert.match(pull.out, new RegExp(`revision ${REVISION}`));

  const tag = await cli(['tag', 'artifact', `${url}:v1.0.0`, '--tag', 'latest', '--tag', 'stable']);
  assert.equal(tag.code, 0, tag.out);
  // the new tags name the very same manifest (same digest), not a re-serialised copy
  assert.equal((await getManifest(registry.url, 'fleet/apps', 'latest')).digest, digest);
  assert.equal((await getManifest(registry.url, 'fleet/apps', 'stable')).digest, digest);

  // a manifest written by another tool (indented JSON) keeps its bytes, hence its digest, too
  const pretty = Buffer.from(JSON.stringify(manifest, null, 2));
  const put = await registryRequest('PUT', `${registry.url}/v2/fleet/apps/manifests/pretty`, {
    headers: { 'Content-Type': manifest.mediaType },
    body: pretty,
  });
  assert.equal(put.status, 201);
  const prettyDigest = (await getManifest(registry.url, 'fleet/apps', 'pretty')).digest;
  assert.notEqual(prettyDigest, digest);
  const retag = await cli(['tag', 'artifact', `${url}:pretty`, '--tag', 'pretty-copy']);
  assert.equal(retag.code, 0, retag.out);
  assert.equal((await getManifest(registry.url, 'fleet/apps', 'pretty-copy')).digest, prettyDigest);

  const list = await cli(['list', 'artifacts', url]);
  assert.equal(list.code, 0, list.out);
  const rows = list.stdout.trim().split('\n');
  assert.match(rows[0], /^ARTIFACT\s+DIGEST\s+SOURCE\s+REVISION$/);
  for (const t of ['latest', 'stable', 'v1.0.0']) {
    const row = rows.find((r) => r.split(/\s+/)[0] === `${registry.host}/fleet/apps:${t}`);
    assert.ok(row, `${t} in\n${list.stdout}`);
    assert.deepEqual(row.split(/\s+/).slice(1), [digest, SOURCE, REVISION]);
  }

  const missing = await cli(['pull', 'artifact', `${url}:nope`, '--output', out]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.out, /MANIFEST_UNKNOWN/);
});

test('artifact commands with htpasswd auth: --creds, a docker config, and refusal without credentials', async (t) => {
  const registry = await registryWith(t, { basicAuth: { username: 'ci', password: 'cl1-Passw0rd' } });
  const dir = sourceTree(t);
  const url = `oci://${registry.host}/fleet/apps`;
  const args = ['--path', dir, '--source', SOURCE, '--revision', REVISION];

  const anonymous = await cli(['push', 'artifact', `${url}:v1`, ...args]);
  assert.notEqual(anonymous.code, 0);
  assert.match(anonymous.out, /UNAUTHORIZED/);
  const wrong = await cli(['push', 'artifact', `${url}:v1`, ...args, '--creds', 'ci:wrong']);
  assert.notEqual(wrong.code, 0);
  assert.ok(!wrong.out.includes('wrong'), wrong.out);

  const push = await cli(['push', 'artifact', `${url}:v1`, ...args, '--creds', 'ci:cl1-Passw0rd']);
  assert.equal(push.code, 0, push.out);
  assert.ok(!push.out.includes('cl1-Passw0rd'));
  const auth = { username: 'ci', password: 'cl1-Passw0rd' };
  const { digest, manifest } = await getManifest(registry.url, 'fleet/apps', 'v1', auth);
  assert.equal(manifest.layers[0].mediaType, FLUX_ARTIFACT_MEDIA_TYPES.content);

  // credentials from $DOCKER_CONFIG/config.json, as docker login leaves them
  const docker = tempDir(t, 'tsflux-docker-');
  writeFileSync(
    join(docker, 'config.json'),
    JSON.stringify({
      auths: { [registry.host]: { auth: Buffer.from('ci:cl1-Passw0rd').toString('base64') } },
    }),
  );
  const tag = await cli(['tag', 'artifact', `${url}:v1`, '--tag', 'prod'], { DOCKER_CONFIG: docker });
  assert.equal(tag.code, 0, tag.out);
  assert.equal((await getManifest(registry.url, 'fleet/apps', 'prod', auth)).digest, digest);
  const list = await cli(['list', 'artifacts', url], { DOCKER_CONFIG: docker });
  assert.equal(list.code, 0, list.out);
  assert.match(list.stdout, new RegExp(`${registry.host}/fleet/apps:prod\\s+${digest}`));
  const out = tempDir(t, 'tsflux-pull-');
  const pull = await cli(['pull', 'artifact', `${url}:prod`, '--output', out, '--creds', 'ci:cl1-Passw0rd']);
  assert.equal(pull.code, 0, pull.out);
  assert.equal(
    readFileSync(join(out, 'apps/kustomization.yaml'), 'utf8'),
    'resources: [podinfo/deployment.yaml]\n',
  );
  const listAnonymous = await cli(['list', 'artifacts', url]);
  assert.notEqual(listAnonymous.code, 0);
});

test('artifact commands with bearer-token auth', async (t) => {
  const registry = await registryWith(t, { tokenAuth: { users: { ci: 't0ken-pw' } } });
  const dir = sourceTree(t);
  const url = `oci://${registry.host}/fleet/apps`;
  const push = await cli([
    'push',
    'artifact',
    `${url}:v2`,
    '--path',
    dir,
    '--source',
    SOURCE,
    '--revision',
    REVISION,
    '--creds',
    'ci:t0ken-pw',
  ]);
  assert.equal(push.code, 0, push.out);
  const list = await cli(['list', 'artifacts', url, '--creds', 'ci:t0ken-pw']);
  assert.equal(list.code, 0, list.out);
  assert.match(list.stdout, new RegExp(`${registry.host}/fleet/apps:v2\\s+sha256:[0-9a-f]{64}\\s+${SOURCE}`));
  assert.ok(
    registry.tokenServer!.grants.some(
      (g) => g.account === 'ci' && g.granted.includes('repository:fleet/apps:pull,push'),
    ),
  );
});
