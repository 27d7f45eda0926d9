// Which tsflux the bench runs: dist/ (what the Deployment runs) when the sources compile, else the
// sources themselves under Node's type stripping, and from which commit, so a recorded figure says
// what it measured.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildDist, repoRoot } from '../support/manager.ts';

/** The manager's entry file (relative to the repository) and a line saying what it is. */
export function tsfluxEntry(): { path: string; description: string } {
  let commit = 'unknown commit';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', 'src'], {
      cwd: repoRoot,
    })
      .toString()
      .trim();
    commit = `commit ${head}${dirty ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    // not a git checkout: the commit is unknown
  }
  try {
    buildDist();
    return { path: 'dist/cli/main.js', description: `dist/ built from ${commit}` };
  } catch {
    // another change in progress may not compile; the sources still run under type stripping
    return {
      path: join('src', 'cli', 'main.ts'),
      description: `src/ under type stripping (dist/ did not build), ${commit}`,
    };
  }
}
