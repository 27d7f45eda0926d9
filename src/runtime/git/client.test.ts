import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { checkout, lsRemote, redact } from './index.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'git-client-'));
let url: string;
const commits: Record<string, string> = {};

// a real repository, served to git through the file transport (the same fetch code as HTTP/SSH)
before(() => {
  const work = tmp();
  const g = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: work,
      encoding: 'utf8',
    }).trim();
  g('init', '--quiet', '-b', 'master');
  mkdirSync(join(work, 'apps'));
  mkdirSync(join(work, 'infra'));
  const commit = (file: string, content: string, label: string) => {
    writeFileSync(join(work, file), content);
    g('add', '-A');
    g('commit', '--quiet', '-m', label);
    commits[label] = g('rev-parse', 'HEAD');
  };
  commit('apps/app.yaml', 'v: 1\n', 'one');
  g('tag', 'v1.0.0');
  commit('infra/infra.yaml', 'v: 2\n', 'two');
  g('tag', '-a', 'v1.1.0', '-m', 'annotated');
  commit('apps/app.yaml', 'v: 3\n', 'three');
  g('tag', 'v2.0.0-rc.1');
  g('checkout', '--quiet', '-b', 'dev');
  commit('apps/app.yaml', 'v: dev\n', 'dev');
  g('checkout', '--quiet', 'master');
  const bare = join(tmp(), 'repo.git');
  execFileSync('git', ['clone', '--quiet', '--bare', work, bare]);
  url = `file://${bare}`;
});

test('refs resolve with Flux precedence and revision formats', async () => {
  assert.deepEqual(await lsRemote(url, undefined), {
    commit: commits.three,
    fetch: 'refs/heads/master',
    revision: `master@sha1:${commits.three}`,
  });
  assert.equal((await lsRemote(url, { branch: 'dev' })).revision, `dev@sha1:${commits.dev}`);
  assert.equal((await lsRemote(url, { tag: 'v1.0.0' })).revision, `v1.0.0@sha1:${commits.one}`);
  assert.equal(
    (await lsRemote(url, { tag: 'v1.1.0' })).commit,
    commits.two,
    'annotated tags peel to their commit',
  );
  assert.equal(
    (await lsRemote(url, { semver: '>=1.0.0' })).revision,
    `v1.1.0@sha1:${commits.two}`,
    'no pre-releases by default',
  );
  assert.equal((await lsRemote(url, { semver: '>=2.0.0-0' })).revision, `v2.0.0-rc.1@sha1:${commits.three}`);
  assert.equal(
    (await lsRemote(url, { semver: '~1.0', tag: 'v1.1.0', branch: 'dev' })).revision,
    `v1.0.0@sha1:${commits.one}`,
    'semver before tag and branch',
  );
  assert.equal(
    (await lsRemote(url, { name: 'refs/heads/dev', branch: 'master' })).revision,
    `refs/heads/dev@sha1:${commits.dev}`,
  );
  assert.equal(
    (await lsRemote(url, { commit: commits.one, branch: 'master' })).revision,
    `master@sha1:${commits.one}`,
  );
  assert.equal((await lsRemote(url, { commit: commits.one })).revision, `sha1:${commits.one}`);
});

test('unknown refs fail with the reference named', async () => {
  await assert.rejects(lsRemote(url, { branch: 'nope' }), /couldn't find remote ref "refs\/heads\/nope"/);
  await assert.rejects(lsRemote(url, { tag: 'v9' }), /couldn't find remote ref "refs\/tags\/v9"/);
  await assert.rejects(lsRemote(url, { semver: '>=5.0.0' }), /no match found for semver: >=5.0.0/);
  await assert.rejects(
    lsRemote(`file:///nonexistent/repo.git`, undefined),
    /does not appear to be a git repository|Could not read from remote/,
  );
});

test('checkout fetches shallowly and lands on the resolved commit', async () => {
  for (const ref of [
    { branch: 'dev' },
    { tag: 'v1.1.0' },
    { commit: commits.one },
    { commit: commits.two, branch: 'master' },
  ]) {
    const resolved = await lsRemote(url, ref);
    const dir = tmp();
    assert.equal(await checkout(url, resolved, dir), resolved.commit, JSON.stringify(ref));
  }
  const dev = tmp();
  await checkout(url, await lsRemote(url, { branch: 'dev' }), dev);
  assert.equal(readFileSync(join(dev, 'apps/app.yaml'), 'utf8'), 'v: dev\n');
  assert.equal(
    execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: dev, encoding: 'utf8' }).trim(),
    '1',
    'shallow',
  );
});

test('sparse checkout keeps only the named directories', async () => {
  const dir = tmp();
  await checkout(url, await lsRemote(url, undefined), dir, { sparseCheckout: ['apps'] });
  assert.ok(existsSync(join(dir, 'apps/app.yaml')));
  assert.ok(!existsSync(join(dir, 'infra')));
});

test('credentials in URLs are masked in error messages', () => {
  assert.equal(
    redact("unable to access 'https://user:s3cret@git.example/repo.git/'"),
    "unable to access 'https://***@git.example/repo.git/'",
  );
});
