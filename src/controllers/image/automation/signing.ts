/**
 * `git.commit.signingKey`: the commit is signed by the real git with key material written to a
 * private temporary directory for one run. OpenPGP (`type: gpg`, the default) takes the Secret's
 * `git.asc` (one armored key pair) and `passphrase`, imported into a GNUPGHOME of its own; SSH
 * (`type: ssh`) takes `identity` and `password`, as the GitRepository's SSH Secret spells them,
 * written out decrypted for `ssh-keygen -Y sign`. Errors are worded as Flux words them.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CommitSigning } from '../../../runtime/git/index.ts';
import { toError } from '../../../runtime/reconcile/index.ts';
import { readSecret } from '../../../runtime/secrets/index.ts';
import type { ImageEnv, ImageUpdateAutomationObject } from '../env.ts';

const run = promisify(execFile);

/** A signing key ready for one run's commits; `dispose` deletes the key material. */
export interface CommitSigner extends CommitSigning {
  dispose(): Promise<void>;
}

// a command of the signing tools; its stderr becomes the error's message
async function tool(file: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  const child = run(file, args, { env, timeout: 30_000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    return (await child).stdout;
  } catch (e: unknown) {
    const stderr = (e as { stderr?: string }).stderr?.trim();
    throw new Error(stderr || toError(e).message);
  }
}

const baseEnv = (home: string): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: home, LANG: 'C' });

// OpenPGP: one secret key in a GNUPGHOME of the run's own; gpg reads the passphrase from a file
async function gpgSigner(dir: string, secret: string, data: Record<string, string>): Promise<CommitSigning> {
  const home = join(dir, 'gnupg');
  await mkdir(home, { mode: 0o700 });
  const env = { ...baseEnv(dir), GNUPGHOME: home };
  const passphraseFile = join(dir, 'passphrase');
  await writeFile(passphraseFile, data.passphrase ?? '', { mode: 0o600 });
  const gpg = ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase-file', passphraseFile];
  try {
    await tool('gpg', [...gpg, '--import'], env, data['git.asc']);
  } catch (e: unknown) {
    throw new Error(`could not read signing key from secret '${secret}': ${toError(e).message}`);
  }
  const listing = (await tool('gpg', ['--batch', '--list-secret-keys', '--with-colons'], env)).split('\n');
  const keys = listing.filter((l) => l.startsWith('sec:')).length;
  // the primary key's fingerprint: git would otherwise look a key up by the author's e-mail
  const fingerprint = listing.find((l) => l.startsWith('fpr:'))?.split(':')[9];
  if (keys === 0 || !fingerprint)
    throw new Error(`could not read signing key from secret '${secret}': no private key found`);
  if (keys > 1)
    throw new Error(
      `multiple entities read from secret '${secret}', could not determine which signing key to use`,
    );
  // a trial signature tells a protected key (and a wrong passphrase) before the commit does; its
  // output goes to a file of the run's own (gpg deletes its output file when signing fails)
  try {
    await tool('gpg', [...gpg, '--detach-sign', '--output', join(dir, 'probe.sig')], env, 'probe');
  } catch (e: unknown) {
    if (data.passphrase === undefined)
      throw new Error(
        `can not use passphrase protected signing key without 'passphrase' field present in secret ${secret}`,
      );
    throw new Error(
      `could not decrypt private key of the signing key present in secret ${secret}: ${toError(e).message}`,
    );
  }
  // git runs gpg.program with its own arguments: the wrapper adds the passphrase options
  const program = join(dir, 'gpg-sign');
  await writeFile(program, `#!/bin/sh\nexec gpg ${gpg.map((a) => `'${a}'`).join(' ')} "$@"\n`, {
    mode: 0o700,
  });
  return {
    config: [
      ['gpg.format', 'openpgp'],
      ['gpg.program', program],
      ['user.signingkey', fingerprint],
    ],
    env: { GNUPGHOME: home },
  };
}

/** SSH key types Flux signs with: ed25519, ECDSA and RSA of 2048 bits or more. */
function checkSshKey(fingerprint: string): void {
  // `<bits> SHA256:... comment (TYPE)`
  const m = /^(\d+) \S+ .*\((\w+)\)\s*$/.exec(fingerprint.trim());
  if (!m) throw new Error(`unrecognised key: ${fingerprint.trim()}`);
  const [, bits, type] = m;
  if (type === 'ED25519' || type === 'ECDSA') return;
  if (type === 'RSA' && Number(bits) >= 2048) return;
  throw new Error(`unsupported key type ${type}-${bits}: use ed25519, ecdsa or rsa of at least 2048 bits`);
}

// SSH: the identity written out (decrypted with `password`), for `ssh-keygen -Y sign`
async function sshSigner(dir: string, secret: string, data: Record<string, string>): Promise<CommitSigning> {
  const key = join(dir, 'identity');
  const identity = data.identity.endsWith('\n') ? data.identity : `${data.identity}\n`;
  await writeFile(key, identity, { mode: 0o600 });
  const env = baseEnv(dir);
  try {
    // rewrites the private copy without a passphrase; fails on a wrong or missing one
    await tool('ssh-keygen', ['-q', '-p', '-P', data.password ?? '', '-N', '', '-f', key], env);
    await chmod(key, 0o600);
    checkSshKey(await tool('ssh-keygen', ['-l', '-f', key], env));
  } catch (e: unknown) {
    throw new Error(`could not read signing key from secret '${secret}': ${toError(e).message}`);
  }
  return {
    config: [
      ['gpg.format', 'ssh'],
      ['user.signingkey', key],
    ],
  };
}

/**
 * The signer for the key in a signing Secret's data (`type` as the spec gives it, `gpg` when
 * unset): checks that the Secret holds the key its type asks for and that the key can sign.
 */
export async function signerFromSecret(
  name: string,
  type: 'gpg' | 'ssh' | undefined,
  data: Record<string, string>,
): Promise<CommitSigner> {
  const field = type === 'ssh' ? 'identity' : 'git.asc';
  if (data[field] === undefined)
    throw new Error(
      `signing key secret '${name}' does not contain ${type === 'ssh' ? 'an' : 'a'} '${field}' key`,
    );
  const dir = await mkdtemp(join(tmpdir(), 'tsflux-sign-'));
  const dispose = async () => {
    if (type !== 'ssh')
      await tool('gpgconf', ['--kill', 'gpg-agent'], {
        ...baseEnv(dir),
        GNUPGHOME: join(dir, 'gnupg'),
      }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const signing = type === 'ssh' ? await sshSigner(dir, name, data) : await gpgSigner(dir, name, data);
    return { ...signing, dispose };
  } catch (e: unknown) {
    await dispose();
    throw e;
  }
}

/**
 * The signer of `git.commit.signingKey`, or undefined when the spec has none. The Secret lives
 * in the automation's namespace; the caller disposes of the signer after the run.
 */
export async function commitSigner(
  env: ImageEnv,
  obj: ImageUpdateAutomationObject,
): Promise<CommitSigner | undefined> {
  const key = obj.spec.git?.commit?.signingKey;
  if (!key) return undefined;
  const name = key.secretRef.name;
  let data: Record<string, string>;
  try {
    data = (await readSecret(env.kube, obj.metadata?.namespace ?? '', name)).texts();
  } catch (e: unknown) {
    throw new Error(`could not find signing key secret '${name}': ${toError(e).message}`);
  }
  return signerFromSecret(name, key.type, data);
}
