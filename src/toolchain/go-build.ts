import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Options of {@link goBuild}. */
export interface GoBuildOptions {
  /** Directory of the Go module to build in (holds go.mod and go.sum). */
  moduleDir: string;
  /** Package paths to build, e.g. `k8s.io/kubernetes/cmd/kube-apiserver`. */
  packages: string[];
  /** Output directory for the binaries. */
  outDir: string;
  ldflags?: string;
  /** Where go's own output goes; defaults to this process's stderr, so the user sees progress. */
  log?: (chunk: string) => void;
  /** Runs go under `nice -n <nice>`, so a long build yields the shared cores to other work. */
  nice?: number;
}

/** Tells whether a Go toolchain is on PATH. */
export function haveGo(): boolean {
  const path = process.env.PATH ?? '';
  return path.split(':').some((p) => p && existsSync(join(p, 'go')));
}

/**
 * Builds Go packages of a module into `outDir` with `go build`. Module downloads go through the
 * machine's configured Go module proxy; the module's go.sum pins every dependency.
 */
export function goBuild(options: GoBuildOptions): Promise<void> {
  if (!haveGo()) {
    return Promise.reject(
      new Error(
        'the Go toolchain is needed to build this tool: install Go >= 1.25 and make sure `go` is on PATH',
      ),
    );
  }
  const args = ['build', '-trimpath', '-o', `${options.outDir}/`];
  if (options.ldflags) args.push('-ldflags', options.ldflags);
  args.push(...options.packages);
  const log = options.log ?? ((s: string) => process.stderr.write(s));
  return new Promise((resolve, reject) => {
    const [command, argv]: [string, string[]] = options.nice
      ? ['nice', ['-n', String(options.nice), 'go', ...args]]
      : ['go', args];
    const child = spawn(command, argv, {
      cwd: options.moduleDir,
      env: { ...process.env, GOFLAGS: '-buildvcs=false -mod=readonly', CGO_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const onData = (b: Buffer) => {
      const s = b.toString();
      tail = (tail + s).slice(-4000);
      log(s);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `go build ${options.packages.join(' ')} failed (exit ${code}): ${tail.trim().split('\n').slice(-5).join('; ')}`,
          ),
        );
    });
  });
}
