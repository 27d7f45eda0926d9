import { type GitAuth, gitEnvironment } from './auth.ts';
import { git } from './client.ts';

/** The author (and committer) of a commit the controllers write. */
export interface GitSignature {
  name: string;
  email: string;
}

// a fixed, private configuration for local commands: no user or system config changes a commit
const localEnv = (dir: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: dir,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  LANG: 'C',
  LC_ALL: 'C',
});

/**
 * How a commit is signed: git configuration (`gpg.format`, `gpg.program`, `user.signingkey`...)
 * and environment (`GNUPGHOME`) prepared by the caller, which owns the key material.
 */
export interface CommitSigning {
  config: [string, string][];
  env?: Record<string, string>;
}

/**
 * Commits `files` (paths relative to the work tree `dir`) with `message`, `author` as both author
 * and committer, signed (`commit -S`) when `options.signing` is given. Returns the new commit's id.
 */
export async function commitFiles(
  dir: string,
  files: string[],
  message: string,
  author: GitSignature,
  options: {
    timeoutMs?: number;
    signal?: AbortSignal;
    signing?: CommitSigning;
    /** A local branch set to the new commit, so a refspec can name it (`refs/heads/main:...`). */
    branch?: string;
  } = {},
): Promise<string> {
  const env = {
    ...localEnv(dir),
    ...options.signing?.env,
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
  const run = (args: string[]) =>
    git(args, { cwd: dir, env, timeoutMs: options.timeoutMs ?? 60_000, signal: options.signal });
  await run(['add', '--', ...files]);
  // verbatim: the rendered template is the message, blank lines and trailing newline included
  const signing = options.signing
    ? [...options.signing.config.flatMap(([k, v]) => ['-c', `${k}=${v}`]), 'commit', '-S']
    : ['commit'];
  await run([
    ...signing,
    '--quiet',
    '--no-verify',
    '--cleanup=verbatim',
    '--allow-empty-message',
    '-m',
    message,
  ]);
  if (options.branch) await run(['branch', '--force', '--', options.branch, 'HEAD']);
  return (await run(['rev-parse', 'HEAD'])).trim();
}

/**
 * Pushes `refspec` (e.g. `HEAD:refs/heads/main`) from the work tree `dir` to `url`, with the
 * same credential handling as the checkout (nothing secret on the command line); `options` are
 * git push options (`-o key=value`).
 */
export async function pushRefspec(
  dir: string,
  url: string,
  refspec: string,
  options: {
    auth?: GitAuth;
    pushOptions?: Record<string, string>;
    timeoutMs?: number;
    signal?: AbortSignal;
  } = {},
): Promise<void> {
  const { env, cleanup } = gitEnvironment(options.auth);
  try {
    const pushOptions = Object.entries(options.pushOptions ?? {}).flatMap(([k, v]) => [
      '-o',
      v ? `${k}=${v}` : k,
    ]);
    await git(['push', '--quiet', ...pushOptions, url, refspec], {
      cwd: dir,
      env,
      timeoutMs: options.timeoutMs ?? 60_000,
      signal: options.signal,
    });
  } finally {
    cleanup();
  }
}
