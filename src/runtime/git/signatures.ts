import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Public keys trusted to sign: OpenPGP armored key rings and SSH `<type> <base64>` lines. */
export interface TrustedKeys {
  pgp: string[];
  ssh: string[];
}

/** A signature that could not be verified; the message is Flux's wording of the cause. */
export class SignatureError extends Error {
  override name = 'SignatureError';
}

function run(
  file: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; input?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/**
 * Verifies the signature of a commit or an annotated tag object in the repository at `dir` with the
 * real tools: OpenPGP keys are imported into a throw-away GNUPGHOME, SSH keys become an allowed
 * signers file, and `git verify-commit` / `git verify-tag` decide. Returns who signed: the
 * OpenPGP key id (16 hex digits, upper case) or the SSH key's `SHA256:` fingerprint.
 */
export async function verifySignature(
  dir: string,
  kind: 'commit' | 'tag',
  object: string,
  keys: TrustedKeys,
): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'tsflux-verify-'));
  const what = kind === 'commit' ? 'Git commit' : 'Git tag';
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      GNUPGHOME: join(home, 'gnupg'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      LANG: 'C',
      LC_ALL: 'C',
    };
    await run('mkdir', ['-m', '700', join(home, 'gnupg')], { env });
    for (const ring of keys.pgp) await run('gpg', ['--batch', '--quiet', '--import'], { env, input: ring });
    const signers = join(home, 'allowed_signers');
    writeFileSync(
      signers,
      keys.ssh.map((k) => `* namespaces="git" ${k.trim().split(/\s+/).slice(0, 2).join(' ')}\n`).join(''),
    );
    const raw = await run('git', ['cat-file', kind, object], { cwd: dir, env });
    if (raw.code !== 0) throw new SignatureError(`unable to verify ${what}: object '${object}' not found`);
    if (!/^(gpgsig|-----BEGIN (PGP|SSH) SIGNATURE-----)/m.test(raw.stdout))
      throw new SignatureError(`unable to verify ${what}: ${kind} is not signed`);
    const res = await run(
      'git',
      [
        '-c',
        'gpg.program=gpg',
        '-c',
        `gpg.ssh.allowedSignersFile=${signers}`,
        kind === 'commit' ? 'verify-commit' : 'verify-tag',
        '--raw',
        object,
      ],
      { cwd: dir, env },
    );
    const pgp = /\[GNUPG:\] GOODSIG ([0-9A-F]{16}) /.exec(res.stderr);
    const ssh = /Good "git" signature .* with \S+ key (SHA256:\S+)/.exec(res.stderr + res.stdout);
    if (res.code === 0 && (pgp || ssh)) return pgp ? pgp[1] : (ssh?.[1] ?? '');
    throw new SignatureError(
      `unable to verify ${what}: unable to verify payload with any of the given key rings`,
    );
  } finally {
    // gpg may have started an agent or keyboxd for this home: stop them before removing it
    await run('gpgconf', ['--kill', 'all'], {
      env: { PATH: process.env.PATH, GNUPGHOME: join(home, 'gnupg') },
    });
    rmSync(home, { recursive: true, force: true });
  }
}
