import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The root of tsflux's tool cache: `$TSFLUX_CACHE_DIR`, else `$XDG_CACHE_HOME/tsflux`, else
 * `~/.cache/tsflux`. Slow tool builds (control plane, helm, oracles) are kept here keyed by version.
 */
export function cacheRoot(): string {
  if (process.env.TSFLUX_CACHE_DIR) return process.env.TSFLUX_CACHE_DIR;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg !== '' ? xdg : join(homedir(), '.cache'), 'tsflux');
}

/**
 * Returns the cache directory `<cacheRoot>/<key>`, producing it with `produce(tmpDir)` when absent.
 *
 * `produce` fills a private temporary directory that is renamed into place only when it returns,
 * so a crashed or interrupted build never leaves a half-filled entry. A lock directory serialises
 * concurrent producers (two test runs, or `tsflux cluster up` twice); a lock older than
 * `staleLockMs` is taken to be left by a dead process and broken.
 */
export async function cached(
  key: string,
  produce: (dir: string) => Promise<void>,
  options: { staleLockMs?: number; onWait?: () => void } = {},
): Promise<string> {
  const root = cacheRoot();
  const dir = join(root, key);
  const done = join(dir, '.complete');
  if (existsSync(done)) return dir;
  mkdirSync(root, { recursive: true });
  const lock = `${dir}.lock`;
  const stale = options.staleLockMs ?? 2 * 60 * 60 * 1000;
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (lockIsAbandoned(lock, stale)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waited) options.onWait?.();
      waited = true;
      await sleep(1000);
      if (existsSync(done)) return dir;
    }
  }
  try {
    if (existsSync(done)) return dir;
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    try {
      await produce(tmp);
      writeFileSync(join(tmp, '.complete'), new Date().toISOString());
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return dir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockIsAbandoned(lock: string, staleMs: number): boolean {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    if (pid > 0) {
      try {
        process.kill(pid, 0);
      } catch {
        return true;
      }
    }
    return Date.now() - statSync(lock).mtimeMs > staleMs;
  } catch {
    return false;
  }
}
