import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { toError } from '../../engines/errors/index.ts';
import { type GitAuth, gitEnvironment } from './auth.ts';
import { type GitRef, parseLsRemote, type ResolvedRef, resolveRef } from './refs.ts';

/** A failed git operation; the message is git's, with any credentials in URLs masked. */
export class GitError extends Error {
  override name = 'GitError';
}

/** Masks `user:password@` in URLs so no credential reaches a condition message or a log. */
export function redact(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}

/**
 * Git's words for a refused or missing remote, turned into the ones Flux's Go client reports
 * (`authentication required`, `authorization failed`, `repository not found`), so conditions read
 * as they do under Flux; anything else is git's own message.
 */
export function remoteReason(message: string): string {
  if (/terminal prompts disabled|Authentication failed|returned error: 401/i.test(message))
    return 'authentication required';
  if (/returned error: 403/.test(message)) return 'authorization failed';
  if (/repository '.*' not found|returned error: 404/.test(message)) return 'repository not found';
  return message;
}

/**
 * Runs one git command and resolves to its stdout; a failure rejects with a {@link GitError} worded
 * as Flux's client words it (credentials masked, `fatal: ` and hints dropped). Shared by the
 * checkout here and the commit and push of `commit-push.ts`.
 */
export function git(
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        signal: options.signal,
      },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const killed = (err as { killed?: boolean }).killed || options.signal?.aborted;
        // Flux's Go client reports a timed-out or cancelled operation as its context's error
        const why = killed
          ? 'context deadline exceeded'
          : (stderr || err.message)
              .trim()
              .split('\n')
              .filter((l) => !/^hint:/.test(l))
              .join('; ');
        reject(new GitError(redact(remoteReason(why.replace(/^fatal: /, '')))));
      },
    );
  });
}

/** Options of a remote operation. */
export interface RemoteOptions {
  auth?: GitAuth;
  /** `spec.timeout`; default 60 s as Flux's. */
  timeoutMs?: number;
  /** Stops the git process early (controller shutdown, reconcile deadline). */
  signal?: AbortSignal;
}

/** Lists the remote's references and resolves `ref` to a commit and a Flux revision, without cloning. */
export async function lsRemote(
  url: string,
  ref: GitRef | undefined,
  options: RemoteOptions = {},
): Promise<ResolvedRef> {
  const { env, cleanup } = gitEnvironment(options.auth);
  try {
    const out = await git(['ls-remote', '--', url], {
      env,
      timeoutMs: options.timeoutMs ?? 60_000,
      signal: options.signal,
    });
    return resolveRef(ref, parseLsRemote(out));
  } finally {
    cleanup();
  }
}

/** Options of {@link checkout}. */
export interface CheckoutOptions extends RemoteOptions {
  recurseSubmodules?: boolean;
  /** Directories to check out (cone mode); everything when empty. */
  sparseCheckout?: string[];
}

/**
 * Checks out `resolved.commit` of `url` into the empty directory `dir`: a shallow fetch of just
 * that reference (or commit) where possible, a full fetch when the server refuses a shallow fetch
 * by commit. Returns the commit checked out.
 */
export async function checkout(
  url: string,
  resolved: ResolvedRef,
  dir: string,
  options: CheckoutOptions = {},
): Promise<string> {
  const { env, cleanup } = gitEnvironment(options.auth);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const run = (args: string[]) => git(args, { cwd: dir, env, timeoutMs, signal: options.signal });
  try {
    mkdirSync(dir, { recursive: true });
    await run(['init', '--quiet']);
    await run(['remote', 'add', 'origin', url]);
    if (options.sparseCheckout?.length)
      await run(['sparse-checkout', 'set', '--cone', ...options.sparseCheckout]);
    try {
      await run(['fetch', '--quiet', '--no-tags', '--depth=1', 'origin', resolved.fetch]);
    } catch (e: unknown) {
      if (resolved.fetch !== resolved.commit) throw e;
      // servers that do not allow fetching an unadvertised commit: fetch everything instead
      await run(['fetch', '--quiet', '--no-tags', 'origin', '+refs/heads/*:refs/remotes/origin/*']);
    }
    if (resolved.fetch !== resolved.commit) {
      const fetched = (await run(['rev-parse', 'FETCH_HEAD^{commit}'])).trim();
      if (fetched !== resolved.commit) {
        // the commit is older than the fetched tip: deepen until it is there
        await run(['fetch', '--quiet', '--no-tags', '--unshallow', 'origin', resolved.fetch]).catch(
          () => undefined,
        );
      }
    }
    try {
      await run(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', resolved.commit]);
    } catch (e: unknown) {
      throw new GitError(`unable to checkout commit '${resolved.commit}': ${toError(e).message}`);
    }
    if (options.recurseSubmodules) await run(['submodule', 'update', '--init', '--recursive', '--depth=1']);
    return (await run(['rev-parse', 'HEAD'])).trim();
  } finally {
    cleanup();
  }
}

/** The full message of the commit checked out in `dir` (no network, no credentials needed). */
export async function commitMessage(dir: string, commit = 'HEAD'): Promise<string> {
  const env = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  return git(['log', '-1', '--format=%B', commit, '--'], { cwd: dir, env, timeoutMs: 30_000 });
}

/**
 * A commit message's subject as Flux shows it in events: the first line, cut to 50 characters
 * with `...` appended when longer.
 */
export function shortMessage(message: string): string {
  const subject = [...message.split('\n')[0]];
  return subject.length > 50 ? `${subject.slice(0, 50).join('')}...` : subject.join('');
}
