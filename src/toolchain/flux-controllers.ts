import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cached } from './cache.ts';
import { goBuild } from './go-build.ts';

const run = promisify(execFile);

/** One of the real Flux controllers, as the side-by-side benchmark builds and runs it. */
export interface FluxController {
  /** The binary's name and the last element of its Go module path, e.g. `source-controller`. */
  name: string;
  /** The module version; the cache key follows it. */
  version: string;
  /**
   * Modules pinned to another version than the controller's go.mod asks for, because the Go module
   * proxy refuses the pinned one (`module@version`).
   */
  pins?: string[];
}

/**
 * The controllers of Flux 2.9.5 (the release tsflux matches) that the Go module proxy serves, at the
 * versions that release ships, but for notification-controller: v1.9.4 is not served, v1.9.0 is.
 * The image controllers and source-watcher are not served at all.
 */
export const FLUX_CONTROLLERS: readonly FluxController[] = [
  // the proxy refuses github.com/fluxcd/pkg/artifact v0.18.3; v0.18.0 has the same API
  { name: 'source-controller', version: 'v1.9.5', pins: ['github.com/fluxcd/pkg/artifact@v0.18.0'] },
  { name: 'kustomize-controller', version: 'v1.9.5' },
  { name: 'helm-controller', version: 'v1.6.4' },
  { name: 'notification-controller', version: 'v1.9.0' },
];

/**
 * The `go get` arguments that make a controller module buildable outside its repository: its
 * go.mod replaces the api module by `./api`, which the published module zip leaves out (it is a
 * module of its own), so the published api module of the same tag is required instead, plus the
 * controller's pins.
 */
export function goGetArgs(controller: FluxController): string[] {
  return [`github.com/fluxcd/${controller.name}/api@${controller.version}`, ...(controller.pins ?? [])];
}

/**
 * Returns the path of a real Flux controller binary, built once from its Go module (under
 * `nice -n 10`, one Go build at a time through the cache's lock) and kept in the tool cache as
 * `flux-<name>-<version>`, so a warm run spends no time building. Needs Go.
 */
export async function fluxControllerBinary(
  controller: FluxController,
  log: (line: string) => void = () => {},
): Promise<string> {
  const module = `github.com/fluxcd/${controller.name}`;
  const dir = await cached(
    `flux-${controller.name}-${controller.version}`,
    async (out) => {
      log(`building ${controller.name} ${controller.version} from Go modules; first run only`);
      const t0 = Date.now();
      const work = mkdtempSync(join(tmpdir(), `tsflux-${controller.name}-`));
      try {
        const { stdout } = await run('go', ['mod', 'download', '-json', `${module}@${controller.version}`], {
          cwd: work,
          maxBuffer: 1 << 24,
        });
        const src = join(work, controller.name);
        await run('cp', ['-R', (JSON.parse(stdout) as { Dir: string }).Dir, src]);
        // files in Go's module cache are read-only
        await run('chmod', ['-R', 'u+w', src]);
        await run('go', ['mod', 'edit', `-dropreplace=${module}/api`], { cwd: src });
        await run('go', ['get', ...goGetArgs(controller)], {
          cwd: src,
          env: { ...process.env, GOFLAGS: '-mod=mod' },
          maxBuffer: 1 << 24,
        });
        await goBuild({
          moduleDir: src,
          packages: ['.'],
          outDir: out,
          ldflags: '-s -w',
          nice: 10,
          log: () => {},
        });
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      log(`${controller.name} built and cached in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    },
    { onWait: () => log(`waiting for another process that is building ${controller.name}`) },
  );
  return join(dir, controller.name);
}

/**
 * Builds (or finds in the cache) every controller of {@link FLUX_CONTROLLERS}, one after another so
 * no two Go builds share the machine's cores, and returns their paths by name.
 */
export async function fluxControllerBinaries(
  log: (line: string) => void = () => {},
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const c of FLUX_CONTROLLERS) out.set(c.name, await fluxControllerBinary(c, log));
  return out;
}
