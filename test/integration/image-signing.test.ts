// Commit signing of the image automation (`git.commit.signingKey`) with real keys made by gpg and
// ssh-keygen: a commit made through the signer passes `git verify-commit` for an OpenPGP key and
// for an SSH key (with a passphrase), and a Secret that cannot sign is refused with Flux's words.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { signerFromSecret } from '../../src/controllers/image/index.ts';
import { commitFiles } from '../../src/runtime/git/index.ts';
import {
  createGpgSigner,
  createSshSigner,
  type GitSigner,
  git,
  makeTempDir,
  removeTempDir,
} from '../servers/index.ts';
import { run } from '../servers/process.ts';

/** A work tree with one commit and a changed file, ready for a signed commit. */
async function workTree(t: TestContext): Promise<string> {
  const dir = makeTempDir('sign-tree');
  t.after(() => removeTempDir(dir));
  await git(['init', '--quiet', '--initial-branch=main', dir]);
  writeFileSync(join(dir, 'a.yaml'), 'a: 1\n');
  await git(['add', 'a.yaml'], { cwd: dir });
  await git(['commit', '--quiet', '-m', 'first'], { cwd: dir });
  writeFileSync(join(dir, 'a.yaml'), 'a: 2\n');
  return dir;
}

async function keyOf(t: TestContext, make: () => Promise<GitSigner>): Promise<GitSigner> {
  const signer = await make();
  t.after(() => signer.dispose());
  return signer;
}

const signingKeyPath = (s: GitSigner) =>
  s.gitConfig.find((c) => c.startsWith('user.signingkey='))?.slice('user.signingkey='.length) ?? '';

test('an OpenPGP key from git.asc signs the commit; git verify-commit passes', async (t) => {
  const key = await keyOf(t, () => createGpgSigner({ email: 'someone-else@example.invalid' }));
  const armored = await run('gpg', ['--batch', '--armor', '--export-secret-keys', key.fingerprint], {
    env: { ...process.env, ...key.env },
  });
  const signer = await signerFromSecret('signing', undefined, { 'git.asc': armored });
  t.after(() => signer.dispose());
  const dir = await workTree(t);
  // the author's e-mail is not the key's: the key is chosen by its fingerprint, not by the author
  const commit = await commitFiles(
    dir,
    ['a.yaml'],
    'signed',
    { name: 'bot', email: 'bot@example.invalid' },
    {
      signing: signer,
    },
  );
  // exits non-zero (and `git` throws) unless the signature is good
  await git(['verify-commit', commit], { cwd: dir, env: key.env });
  assert.equal(
    await git(['log', '-1', '--format=%G? %GF', commit], { cwd: dir, env: key.env }),
    `G ${key.fingerprint}`,
  );
});

test('a passphrase-protected OpenPGP key signs with its passphrase, and is refused without it', async (t) => {
  const home = makeTempDir('gpg-protected');
  t.after(() => removeTempDir(home));
  const env = { ...process.env, GNUPGHOME: home };
  const gpg = (args: string[]) =>
    run('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', 'sesame', ...args], {
      env,
    });
  t.after(() => run('gpgconf', ['--kill', 'gpg-agent'], { env }).catch(() => undefined));
  await gpg(['--quick-generate-key', 'bot <bot@example.invalid>', 'ed25519', 'sign', 'never']);
  const armored = await gpg(['--armor', '--export-secret-keys', 'bot@example.invalid']);

  await assert.rejects(signerFromSecret('protected', 'gpg', { 'git.asc': armored }), {
    message:
      "can not use passphrase protected signing key without 'passphrase' field present in secret protected",
  });
  await assert.rejects(
    signerFromSecret('protected', 'gpg', { 'git.asc': armored, passphrase: 'wrong' }),
    (e: Error) =>
      e.message.startsWith('could not decrypt private key of the signing key present in secret protected: '),
  );
  const signer = await signerFromSecret('protected', 'gpg', { 'git.asc': armored, passphrase: 'sesame' });
  t.after(() => signer.dispose());
  const dir = await workTree(t);
  const commit = await commitFiles(
    dir,
    ['a.yaml'],
    'signed',
    { name: 'bot', email: 'bot@example.invalid' },
    {
      signing: signer,
    },
  );
  await git(['verify-commit', commit], { cwd: dir, env: { GNUPGHOME: home } });
});

test('an SSH identity with a password signs the commit; git verify-commit passes', async (t) => {
  const key = await keyOf(t, () => createSshSigner({ comment: 'bot@example.invalid' }));
  // a protected copy of the key, as a Secret would hold it with its `password`
  const protectedKey = join(makeTempDir('ssh-protected'), 'id');
  t.after(() => removeTempDir(join(protectedKey, '..')));
  writeFileSync(protectedKey, readFileSync(signingKeyPath(key)), { mode: 0o600 });
  await run('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'sesame', '-f', protectedKey]);
  const identity = readFileSync(protectedKey, 'utf8');

  await assert.rejects(signerFromSecret('ssh-signing', 'ssh', { identity }), (e: Error) =>
    e.message.startsWith("could not read signing key from secret 'ssh-signing': "),
  );
  const signer = await signerFromSecret('ssh-signing', 'ssh', { identity, password: 'sesame' });
  t.after(() => signer.dispose());
  const dir = await workTree(t);
  const commit = await commitFiles(
    dir,
    ['a.yaml'],
    'signed',
    { name: 'bot', email: 'bot@example.invalid' },
    {
      signing: signer,
    },
  );
  const allowed = join(dir, '.git', 'allowed_signers');
  writeFileSync(allowed, `bot@example.invalid namespaces="git" ${key.publicKey}\n`);
  const verify = ['-c', 'gpg.format=ssh', '-c', `gpg.ssh.allowedSignersFile=${allowed}`];
  // exits non-zero (and `git` throws) unless the signature is good and by an allowed signer
  await git([...verify, 'verify-commit', commit], { cwd: dir });
  assert.equal(await git([...verify, 'log', '-1', '--format=%G?', commit], { cwd: dir }), 'G');
});

test('a Secret that cannot sign is refused with Flux wording', async () => {
  await assert.rejects(signerFromSecret('s', 'gpg', { identity: 'x' }), {
    message: "signing key secret 's' does not contain a 'git.asc' key",
  });
  await assert.rejects(signerFromSecret('s', 'ssh', { 'git.asc': 'x' }), {
    message: "signing key secret 's' does not contain an 'identity' key",
  });
  await assert.rejects(signerFromSecret('s', undefined, { 'git.asc': 'not a key' }), (e: Error) =>
    e.message.startsWith("could not read signing key from secret 's': "),
  );
});
