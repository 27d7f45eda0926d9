import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GitSigner } from './git-signing.ts';
import { makeTempDir, removeTempDir, run } from './process.ts';

/** The author and committer of every commit and tag the helpers make. */
export const TEST_GIT_IDENTITY = { name: 'tsflux test', email: 'test@tsflux.invalid' } as const;

/**
 * The environment for running git in tests: no system or user configuration (a developer's
 * `~/.gitconfig` with signing or hooks must not leak in), a fixed identity, and no prompts.
 */
export function isolatedGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: TEST_GIT_IDENTITY.name,
    GIT_AUTHOR_EMAIL: TEST_GIT_IDENTITY.email,
    GIT_COMMITTER_NAME: TEST_GIT_IDENTITY.name,
    GIT_COMMITTER_EMAIL: TEST_GIT_IDENTITY.email,
    ...extra,
  };
}

/** Runs git with the isolated environment and returns its trimmed stdout. */
export async function git(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return (await run('git', args, { cwd: options.cwd, env: isolatedGitEnv(options.env) })).trim();
}

/** Files of a commit: a path (slash-separated) to its content; `null` deletes the path. */
export type FileTree = Record<string, string | Uint8Array | null>;

/** What goes into the first commit of a new repository. */
export interface NewRepositoryOptions {
  /** The branch the first commit is on and HEAD points to; default `main`. */
  branch?: string;
  /** Files of the first commit. */
  files?: FileTree;
  /** A directory whose whole content is copied into the first commit (read in place). */
  fromDir?: string;
  message?: string;
  /** Lightweight tags on the first commit. */
  tags?: string[];
  /** More branches pointing at the first commit. */
  branches?: string[];
  signer?: GitSigner;
}

/** What {@link pushCommit} changes. */
export interface CommitOptions {
  branch?: string;
  files?: FileTree;
  fromDir?: string;
  message?: string;
  signer?: GitSigner;
  /** Start the branch from this revision when it does not exist yet; default the default branch. */
  startPoint?: string;
}

/**
 * Creates the bare repository `<reposDir>/<name>` (a `.git` suffix is added when missing) with one
 * commit, and returns its path and the commit's SHA. Served as is by the smart HTTP and SSH servers.
 */
export async function createBareRepository(
  reposDir: string,
  name: string,
  options: NewRepositoryOptions = {},
): Promise<{ path: string; commit: string }> {
  const path = join(reposDir, name.endsWith('.git') ? name : `${name}.git`);
  if (existsSync(path)) throw new Error(`repository ${path} already exists`);
  mkdirSync(dirname(path), { recursive: true });
  const branch = options.branch ?? 'main';
  await git(['init', '--quiet', '--bare', `--initial-branch=${branch}`, path]);
  // a served repository accepts pushes over HTTP only with this set (no REMOTE_USER needed)
  await git(['config', 'http.receivepack', 'true'], { cwd: path });
  const commit = await pushCommit(path, {
    branch,
    files: options.files,
    fromDir: options.fromDir,
    message: options.message ?? 'initial commit',
    signer: options.signer,
  });
  for (const b of options.branches ?? []) await git(['branch', b, commit], { cwd: path });
  for (const t of options.tags ?? []) await createTag(path, t, { ref: commit });
  return { path, commit };
}

function writeTree(root: string, files: FileTree): void {
  for (const [rel, content] of Object.entries(files)) {
    const target = join(root, ...rel.split('/'));
    if (content === null) {
      rmSync(target, { recursive: true, force: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/**
 * Commits files on a branch of a bare repository (through a throw-away clone) and returns the new
 * commit's SHA. The branch is created from `startPoint` when missing. An empty change still commits.
 */
export async function pushCommit(repoPath: string, options: CommitOptions = {}): Promise<string> {
  const work = makeTempDir('git-work');
  try {
    await git(['clone', '--quiet', '--no-checkout', repoPath, work]);
    const head = await git(['symbolic-ref', '--short', 'HEAD'], { cwd: repoPath });
    const branch = options.branch ?? head;
    const exists = (await git(['branch', '--list', branch], { cwd: repoPath })) !== '';
    const empty =
      (await git(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: repoPath }).catch(() => '')) === '';
    if (exists) await git(['checkout', '--quiet', branch], { cwd: work });
    else if (empty) await git(['checkout', '--quiet', '--orphan', branch], { cwd: work });
    else
      await git(['checkout', '--quiet', '-b', branch, `origin/${options.startPoint ?? head}`], { cwd: work });
    if (options.fromDir) cpSync(options.fromDir, work, { recursive: true });
    if (options.files) writeTree(work, options.files);
    await git(['add', '--all'], { cwd: work });
    const sign = options.signer ? [...options.signer.gitConfig, 'commit', '--gpg-sign'] : ['commit'];
    await git([...sign, '--quiet', '--allow-empty', '-m', options.message ?? 'update'], {
      cwd: work,
      env: options.signer?.env,
    });
    await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`], { cwd: work });
    return await git(['rev-parse', 'HEAD'], { cwd: work });
  } finally {
    removeTempDir(work);
  }
}

/** How {@link createTag} makes a tag. */
export interface TagOptions {
  /** What the tag points at; default HEAD of the default branch. */
  ref?: string;
  /** Makes an annotated tag with this message (a lightweight tag without it, unless signed). */
  message?: string;
  /** Makes a signed (so annotated) tag. */
  signer?: GitSigner;
}

/** Creates a tag in a bare repository and returns the SHA of the commit it points at. */
export async function createTag(repoPath: string, tag: string, options: TagOptions = {}): Promise<string> {
  const ref = options.ref ?? 'HEAD';
  if (options.signer) {
    await git([...options.signer.gitConfig, 'tag', '--sign', '-m', options.message ?? tag, tag, ref], {
      cwd: repoPath,
      env: options.signer.env,
    });
  } else if (options.message !== undefined) {
    await git(['tag', '--annotate', '-m', options.message, tag, ref], { cwd: repoPath });
  } else {
    await git(['tag', tag, ref], { cwd: repoPath });
  }
  return git(['rev-parse', `${tag}^{commit}`], { cwd: repoPath });
}

/** Creates (or moves, with `force`) a branch of a bare repository to a revision. */
export async function createBranch(repoPath: string, branch: string, ref = 'HEAD', force = false) {
  await git(['branch', ...(force ? ['--force'] : []), branch, ref], { cwd: repoPath });
}
