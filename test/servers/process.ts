import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { toError } from '../../src/engines/errors/index.ts';

/** The loopback address every test server binds to; nothing here listens on another interface. */
export const LOOPBACK = '127.0.0.1';

/**
 * Creates a fresh temporary directory for one server's data. The real path is returned (macOS and
 * some CI runners symlink the temp dir) because sshd and git compare paths literally.
 */
export function makeTempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), `tsflux-${prefix}-`)));
}

/** Removes a temp dir made by {@link makeTempDir}; never throws, so `stop()` always completes. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Asks the kernel for a free TCP port on loopback. Servers that take their port from a config
 * file (sshd, the registry, MinIO) need the number before they start; the tiny window between
 * closing this probe and the server binding is covered by {@link startWithFreePort} retrying.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, LOOPBACK, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on `port`, or rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: LOOPBACK, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`nothing listens on ${LOOPBACK}:${port} after ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** A child process whose output is kept (the last few KiB) for error messages. */
export interface ServerProcess {
  child: ChildProcess;
  /** The tail of stdout and stderr together. */
  output(): string;
  /** Sends SIGTERM, then SIGKILL after `graceMs`, and resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns a long-running server process that ignores stdin and keeps its output tail. */
export function spawnServer(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ServerProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (b: Buffer) => {
    tail = (tail + b.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (e) => keep(Buffer.from(`spawn ${command}: ${e.message}\n`)));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    output: () => tail,
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Picks a free port, starts a server on it and waits for it to listen, retrying with a new port
 * when another process took the port in between (the bind then fails and the server exits).
 */
export async function startWithFreePort(
  start: (port: number) => ServerProcess,
  timeoutMs = 15_000,
): Promise<{ port: number; server: ServerProcess }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const server = start(port);
    try {
      await waitForPort(port, timeoutMs, server.child);
      if (server.child.exitCode !== null) throw new Error(`server exited with code ${server.child.exitCode}`);
      return { port, server };
    } catch (e: unknown) {
      lastError = new Error(
        `${toError(e).message}: ${server.output().trim().split('\n').slice(-10).join('\n')}`,
      );
      await server.stop(500);
    }
  }
  throw lastError;
}

/** Runs a command to completion and returns its stdout; the error carries stderr. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 1 << 26 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
        else resolve(stdout);
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
