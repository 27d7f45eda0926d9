import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_GIT_IDENTITY } from './git-repositories.ts';
import { makeTempDir, removeTempDir, run } from './process.ts';

/**
 * A key that signs commits and tags made by the git helpers: the `-c` options and environment git
 * needs to use it, and the public key a verifier is given (Flux's `spec.verify.secretRef`).
 */
export interface GitSigner {
  kind: 'gpg' | 'ssh';
  /** `-c key=value` arguments placed before the git subcommand. */
  gitConfig: string[];
  env: Record<string, string>;
  /** OpenPGP: the ASCII-armored public key; SSH: the `ssh-ed25519 AAAA... comment` line. */
  publicKey: string;
  /** OpenPGP: the key's fingerprint; SSH: the `SHA256:...` fingerprint. */
  fingerprint: string;
  /** Stops the gpg agent (if any) and deletes the key material. */
  dispose(): Promise<void>;
}

/**
 * Generates an OpenPGP key in a private GNUPGHOME with the real gpg, without a passphrase, for
 * git's `commit -S` / `tag -s`. `algorithm` is a gpg algorithm name (`ed25519`, `rsa2048`, ...).
 */
export async function createGpgSigner(options: { algorithm?: string; name?: string; email?: string } = {}) {
  const home = makeTempDir('gpg');
  chmodSync(home, 0o700);
  const env = { GNUPGHOME: home };
  const gpg = (args: string[]) =>
    run('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], {
      env: { ...process.env, ...env },
    });
  const uid = `${options.name ?? TEST_GIT_IDENTITY.name} <${options.email ?? TEST_GIT_IDENTITY.email}>`;
  await gpg(['--quick-generate-key', uid, options.algorithm ?? 'ed25519', 'sign', 'never']);
  const colons = await gpg(['--list-keys', '--with-colons', uid]);
  const fingerprint = colons
    .split('\n')
    .find((l) => l.startsWith('fpr:'))
    ?.split(':')[9];
  if (!fingerprint) throw new Error('gpg generated no key');
  const publicKey = await gpg(['--armor', '--export', fingerprint]);
  const signer: GitSigner = {
    kind: 'gpg',
    gitConfig: ['-c', 'gpg.format=openpgp', '-c', 'gpg.program=gpg', '-c', `user.signingkey=${fingerprint}`],
    env,
    publicKey,
    fingerprint,
    async dispose() {
      await run('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, ...env } }).catch(() => {});
      removeTempDir(home);
    },
  };
  return signer;
}

/** Generates an ed25519 SSH key with the real ssh-keygen for git's SSH signing (`gpg.format=ssh`). */
export async function createSshSigner(options: { comment?: string } = {}): Promise<GitSigner> {
  const dir = makeTempDir('ssh-signer');
  const keyDir = join(dir, 'key');
  mkdirSync(keyDir, { mode: 0o700 });
  const key = join(keyDir, 'id_ed25519');
  await run('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    options.comment ?? TEST_GIT_IDENTITY.email,
    '-f',
    key,
  ]);
  const publicKey = readFileSync(`${key}.pub`, 'utf8').trim();
  const fingerprint = (await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${key}.pub`])).split(' ')[1];
  return {
    kind: 'ssh',
    gitConfig: ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${key}`],
    env: {},
    publicKey,
    fingerprint,
    async dispose() {
      removeTempDir(dir);
    },
  };
}
