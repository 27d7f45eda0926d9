import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Starts a server detached from this process (its own session, output to a log file) and records
 * its pid in `<runDir>/<name>.pid`, so that a later `tsflux cluster down` can stop exactly it.
 */
export function startDetached(opts: {
  name: string;
  binary: string;
  args: string[];
  runDir: string;
  logFile: string;
}): number {
  const out = openSync(opts.logFile, 'a');
  try {
    const child = spawn(opts.binary, opts.args, { detached: true, stdio: ['ignore', out, out] });
    if (!child.pid) throw new Error(`cannot start ${opts.name} (${opts.binary})`);
    child.unref();
    writeFileSync(join(opts.runDir, `${opts.name}.pid`), String(child.pid));
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** True when a process with this pid exists and its command line mentions `marker`. */
export function isOurProcess(pid: number, marker: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // guards against pid reuse: our servers always carry the state directory in their arguments
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return true;
  }
}

/** Reads a pid file; undefined when absent or garbled. */
export function readPid(runDir: string, name: string): number | undefined {
  const f = join(runDir, `${name}.pid`);
  if (!existsSync(f)) return undefined;
  const pid = Number(readFileSync(f, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Stops the process recorded in `<runDir>/<name>.pid` if it is still ours: SIGTERM, then SIGKILL
 * after `graceMs`. Removes the pid file. Returns whether a process was stopped.
 */
export async function stopRecorded(
  runDir: string,
  name: string,
  marker: string,
  graceMs = 10_000,
): Promise<boolean> {
  const pid = readPid(runDir, name);
  rmSync(join(runDir, `${name}.pid`), { force: true });
  if (!pid || !isOurProcess(pid, marker)) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  while (isAlive(pid)) await sleep(50);
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // a zombie still answers kill(0); a detached child of ours is reaped by init, so check its state
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** The last lines of a log file, for error messages about a server that failed to start. */
export function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
