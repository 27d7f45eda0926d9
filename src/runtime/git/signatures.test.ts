import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SignatureError, verifySignature } from './signatures.ts';

// real signatures made with the real gpg and ssh-keygen, in a throw-away repository
const root = mkdtempSync(join(tmpdir(), 'git-signatures-'));
const repo = join(root, 'repo');
const gnupg = join(root, 'gnupg');
const sshKey = join(root, 'ssh', 'id');
let pgpPublic = '';
let otherPublic = '';
let sshPublic = '';
let keyId = '';
const commits: Record<string, string> = {};

const env = { ...process.env, GNUPGHOME: gnupg, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const run = (file: string, args: string[], cwd = root) =>
  execFileSync(file, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const gpg = (...args: string[]) =>
  run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args]);
const git = (...args: string[]) =>
  run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], repo);

before(() => {
  mkdirSync(gnupg, { mode: 0o700 });
  chmodSync(gnupg, 0o700);
  gpg('--quick-generate-key', 'signer <s@example.com>', 'ed25519', 'sign', 'never');
  gpg('--quick-generate-key', 'other <o@example.com>', 'ed25519', 'sign', 'never');
  const fpr = (uid: string) =>
    gpg('--list-keys', '--with-colons', uid)
      .split('\n')
      .find((l) => l.startsWith('fpr:'))
      ?.split(':')[9] ?? '';
  keyId = fpr('s@example.com').slice(-16);
  pgpPublic = gpg('--armor', '--export', 's@example.com');
  otherPublic = gpg('--armor', '--export', 'o@example.com');
  mkdirSync(join(root, 'ssh'), { mode: 0o700 });
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ssh-signer', '-f', sshKey]);
  sshPublic = readFileSync(`${sshKey}.pub`, 'utf8').trim();
  mkdirSync(repo);
  git('init', '--quiet', '-b', 'main');
  git('-c', `user.signingkey=${keyId}`, 'commit', '--quiet', '--allow-empty', '-S', '-m', 'pgp');
  commits.pgp = git('rev-parse', 'HEAD');
  git(
    '-c',
    'gpg.format=ssh',
    '-c',
    `user.signingkey=${sshKey}`,
    'commit',
    '--quiet',
    '--allow-empty',
    '-S',
    '-m',
    'ssh',
  );
  commits.ssh = git('rev-parse', 'HEAD');
  git('commit', '--quiet', '--allow-empty', '-m', 'unsigned');
  commits.unsigned = git('rev-parse', 'HEAD');
  git('-c', `user.signingkey=${keyId}`, 'tag', '-s', '-m', 'release', 'v1');
  commits.tag = git('rev-parse', 'v1');
});

after(() => {
  try {
    run('gpgconf', ['--kill', 'all']);
  } catch {}
  rmSync(root, { recursive: true, force: true });
});

test('an OpenPGP-signed commit and tag verify with the key id as the signer', async () => {
  assert.equal(await verifySignature(repo, 'commit', commits.pgp, { pgp: [pgpPublic], ssh: [] }), keyId);
  assert.equal(
    await verifySignature(repo, 'tag', commits.tag, { pgp: [otherPublic, pgpPublic], ssh: [] }),
    keyId,
  );
});

test('an SSH-signed commit verifies with the key fingerprint', async () => {
  const fingerprint = run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${sshKey}.pub`]).split(' ')[1];
  assert.equal(
    await verifySignature(repo, 'commit', commits.ssh, { pgp: [], ssh: [sshPublic] }),
    fingerprint,
  );
});

test('untrusted keys, unsigned commits and wrong kinds of keys fail', async () => {
  const fails = (object: string, keys: { pgp: string[]; ssh: string[] }, message: RegExp) =>
    assert.rejects(verifySignature(repo, 'commit', object, keys), (e: unknown) => {
      assert.ok(e instanceof SignatureError);
      assert.match(e.message, message);
      return true;
    });
  await fails(
    commits.pgp,
    { pgp: [otherPublic], ssh: [] },
    /^unable to verify Git commit: unable to verify payload/,
  );
  await fails(commits.pgp, { pgp: [], ssh: [sshPublic] }, /unable to verify payload/);
  await fails(commits.ssh, { pgp: [pgpPublic], ssh: [] }, /unable to verify payload/);
  await fails(commits.unsigned, { pgp: [pgpPublic], ssh: [] }, /commit is not signed/);
});
