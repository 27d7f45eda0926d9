import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type GitHttpServer, startGitHttpServer } from './git-http-server.ts';
import { git } from './git-repositories.ts';
import { createGpgSigner, createSshSigner } from './git-signing.ts';
import { makeTempDir, removeTempDir } from './process.ts';

const scratch = makeTempDir('git-http-test');
after(() => removeTempDir(scratch));

/** `git ls-remote` as the real client prints it: `<sha>\t<ref>` lines. */
async function lsRemote(url: string, config: string[] = [], env: Record<string, string> = {}) {
  return git([...config, 'ls-remote', url], { env });
}

describe('git smart HTTP server', () => {
  let server: GitHttpServer;
  before(async () => {
    server = await startGitHttpServer();
  });
  after(() => server.stop());

  test('serves a repository to clone, fetch and push with the real git client', async () => {
    const first = await server.createRepository('apps', {
      files: { 'deploy/app.yaml': 'kind: ConfigMap\n', 'README.md': 'hello\n' },
      tags: ['v1.0.0'],
      branches: ['dev'],
    });
    const refs = await lsRemote(server.repoUrl('apps'));
    assert.match(refs, new RegExp(`^${first}\\tHEAD$`, 'm'));
    assert.match(refs, new RegExp(`^${first}\\trefs/heads/main$`, 'm'));
    assert.match(refs, new RegExp(`^${first}\\trefs/heads/dev$`, 'm'));
    assert.match(refs, new RegExp(`^${first}\\trefs/tags/v1.0.0$`, 'm'));

    const clone = join(scratch, 'clone');
    await git(['clone', '--quiet', server.repoUrl('apps'), clone]);
    assert.equal(readFileSync(join(clone, 'deploy/app.yaml'), 'utf8'), 'kind: ConfigMap\n');

    const second = await server.pushCommit('apps', {
      files: { 'README.md': 'changed\n' },
      message: 'change',
    });
    await git(['pull', '--quiet', '--ff-only'], { cwd: clone });
    assert.equal(await git(['rev-parse', 'HEAD'], { cwd: clone }), second);
    assert.equal(readFileSync(join(clone, 'README.md'), 'utf8'), 'changed\n');

    writeFileSync(join(clone, 'pushed.txt'), 'from the client\n');
    await git(['add', 'pushed.txt'], { cwd: clone });
    await git(['commit', '--quiet', '-m', 'client push'], { cwd: clone });
    await git(['push', '--quiet', 'origin', 'main'], { cwd: clone });
    assert.equal(await server.revParse('apps', 'main'), await git(['rev-parse', 'HEAD'], { cwd: clone }));
  });

  test('makes lightweight, annotated and branch-start commits', async () => {
    const base = await server.createRepository('tags', { files: { a: '1' } });
    await server.createTag('tags', 'light');
    await server.createTag('tags', 'annotated', { message: 'release' });
    const repo = join(server.reposDir, 'tags.git');
    assert.equal(await git(['cat-file', '-t', 'light'], { cwd: repo }), 'commit');
    assert.equal(await git(['cat-file', '-t', 'annotated'], { cwd: repo }), 'tag');
    const feature = await server.pushCommit('tags', { branch: 'feature', files: { b: '2' } });
    assert.equal(await git(['rev-parse', `${feature}^`], { cwd: repo }), base);
    assert.equal(await server.revParse('tags', 'main'), base);
  });

  test('signs commits and tags with gpg and ssh keys that the real git verifies', async () => {
    const gpg = await createGpgSigner();
    const ssh = await createSshSigner();
    try {
      await server.createRepository('signed', { files: { a: '1' }, signer: gpg });
      await server.createTag('signed', 'v1', { signer: gpg });
      const repo = join(server.reposDir, 'signed.git');
      // gpg verifies with the signer's keyring: G is a good signature, then the key's fingerprint
      const status = await git(['log', '-1', '--format=%G?:%GF', 'main'], { cwd: repo, env: gpg.env });
      assert.equal(status, `G:${gpg.fingerprint}`);
      await git(['verify-tag', 'v1'], { cwd: repo, env: gpg.env });
      assert.match(gpg.publicKey, /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);

      const sshCommit = await server.pushCommit('signed', { files: { b: '2' }, signer: ssh });
      const allowed = join(scratch, 'allowed_signers');
      writeFileSync(allowed, `test@tsflux.invalid ${ssh.publicKey}\n`);
      await git(['-c', `gpg.ssh.allowedSignersFile=${allowed}`, 'verify-commit', sshCommit], { cwd: repo });
      // an unsigned commit fails verification: the check above can fail
      const unsigned = await server.pushCommit('signed', { files: { c: '3' } });
      await assert.rejects(git(['verify-commit', unsigned], { cwd: repo, env: gpg.env }));
    } finally {
      await gpg.dispose();
      await ssh.dispose();
    }
  });
});

describe('git smart HTTP server with credentials', () => {
  test('demands basic auth', async () => {
    const server = await startGitHttpServer({ basicAuth: { username: 'flux', password: 's3cret' } });
    try {
      await server.createRepository('private', { files: { a: '1' } });
      await assert.rejects(
        lsRemote(server.repoUrl('private')),
        /Authentication failed|could not read Username/,
      );
      const withCreds = server.repoUrl('private').replace('://', '://flux:wrong@');
      await assert.rejects(lsRemote(withCreds), /Authentication failed/);
      const good = server.repoUrl('private').replace('://', '://flux:s3cret@');
      assert.match(await lsRemote(good), /refs\/heads\/main/);
    } finally {
      await server.stop();
    }
  });

  test('demands a bearer token', async () => {
    const server = await startGitHttpServer({ bearerToken: 'tok-123' });
    try {
      await server.createRepository('private', { files: { a: '1' } });
      const header = (t: string) => ['-c', `http.extraHeader=Authorization: Bearer ${t}`];
      await assert.rejects(lsRemote(server.repoUrl('private'), header('nope')));
      assert.match(await lsRemote(server.repoUrl('private'), header('tok-123')), /refs\/heads\/main/);
      assert.equal(server.requests.at(-1)?.authorization, 'Bearer tok-123');
    } finally {
      await server.stop();
    }
  });
});

describe('git smart HTTPS server', () => {
  test('serves over TLS to a client that trusts its CA', async () => {
    const server = await startGitHttpServer({ tls: {} });
    try {
      assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      await server.createRepository('tls', { files: { a: '1' } });
      await assert.rejects(lsRemote(server.repoUrl('tls')), /certificate/i);
      const ca = join(scratch, 'tls-ca.crt');
      writeFileSync(ca, server.tls!.ca);
      assert.match(
        await lsRemote(server.repoUrl('tls'), ['-c', `http.sslCAInfo=${ca}`]),
        /refs\/heads\/main/,
      );
    } finally {
      await server.stop();
    }
  });

  test('requires a client certificate with mutual TLS', async () => {
    const server = await startGitHttpServer({ tls: { requireClientCertificate: true } });
    try {
      await server.createRepository('mtls', { files: { a: '1' } });
      const files = {
        ca: join(scratch, 'mtls-ca.crt'),
        cert: join(scratch, 'mtls-client.crt'),
        key: join(scratch, 'mtls-client.key'),
      };
      writeFileSync(files.ca, server.tls!.ca);
      writeFileSync(files.cert, server.tls!.client.cert);
      writeFileSync(files.key, server.tls!.client.key);
      const trust = ['-c', `http.sslCAInfo=${files.ca}`];
      await assert.rejects(lsRemote(server.repoUrl('mtls'), trust));
      const identity = [...trust, '-c', `http.sslCert=${files.cert}`, '-c', `http.sslKey=${files.key}`];
      assert.match(await lsRemote(server.repoUrl('mtls'), identity), /refs\/heads\/main/);
    } finally {
      await server.stop();
    }
  });
});
