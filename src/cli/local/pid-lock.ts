import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { CliError } from '../command.ts';

/** Whether `pid` is a live process whose command line mentions `marker` (not a reused pid). */
function runningAs(pid: number, marker: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(marker);
  } catch {
    // no /proc (macOS): a live pid is all there is to go on
    return true;
  }
}

/**
 * Records this process in `path` so a second `tsflux up` says plainly that one runs, instead of
 * failing later on a port or a lock. A file left by a process that is gone is taken over. Returns
 * the release function (which removes the file only while it still names this process).
 */
export function acquirePidLock(path: string, marker: string): () => void {
  for (;;) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (pid && pid !== process.pid && runningAs(pid, marker))
      throw new CliError(`tsflux is already running (pid ${pid})`);
    rmSync(path, { force: true });
  }
  return () => {
    try {
      if (Number(readFileSync(path, 'utf8').trim()) === process.pid) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
}
