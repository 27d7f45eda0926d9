import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cached } from './cache.ts';
import { goBuild } from './go-build.ts';

const run = promisify(execFile);

/** The Flux release tsflux matches (its CRDs and behaviour are Flux 2.9's); the cache key follows it. */
export const FLUX_CLI_VERSION = 'v2.9.5';

const FLUX_MODULE = 'github.com/fluxcd/flux2/v2';

/**
 * Drops the remote entries (`- https://...`) from a kustomization.yaml's text. Flux's bases list
 * the controllers' release assets on GitHub; tsflux builds offline, and the manifests embedded in
 * the CLI only serve `flux install`, which tsflux's tests never run (tsflux installs itself).
 */
export function withoutRemoteResources(kustomization: string): string {
  return kustomization
    .split('\n')
    .filter((line) => !/^\s*-\s*https?:\/\//.test(line))
    .join('\n');
}

/**
 * Generates `cmd/flux/manifests/*.yaml` in a copy of the flux2 module, as its Makefile does before
 * `go build` (the CLI embeds them with `go:embed manifests/*.yaml`): one file per controller base,
 * plus RBAC and network policies, each rendered with `kubectl kustomize`.
 */
async function generateManifests(src: string): Promise<void> {
  const out = join(src, 'cmd', 'flux', 'manifests');
  mkdirSync(out, { recursive: true });
  const bases = join(src, 'manifests', 'bases');
  const dirs = [
    ...readdirSync(bases).map((name) => ({ name, dir: join(bases, name) })),
    { name: 'rbac', dir: join(src, 'manifests', 'rbac') },
    { name: 'policies', dir: join(src, 'manifests', 'policies') },
  ];
  for (const { name, dir } of dirs) {
    const file = join(dir, 'kustomization.yaml');
    writeFileSync(file, withoutRemoteResources(readFileSync(file, 'utf8')));
    const { stdout } = await run('kubectl', ['kustomize', dir], { maxBuffer: 1 << 26 });
    writeFileSync(join(out, `${name}.yaml`), stdout);
  }
}

/**
 * Returns the path of the real `flux` CLI at {@link FLUX_CLI_VERSION}, built once from the Go module
 * `github.com/fluxcd/flux2/v2` (its own go.sum pins every dependency) and kept in the tool cache.
 * The module source is copied out of Go's read-only module cache so its manifests can be generated.
 * Needs Go and kubectl.
 */
export async function fluxCliBinary(log: (line: string) => void = () => {}): Promise<string> {
  const dir = await cached(
    `flux-cli-${FLUX_CLI_VERSION}`,
    async (out) => {
      log(`building the flux CLI ${FLUX_CLI_VERSION} from Go modules; first run only`);
      const work = mkdtempSync(join(tmpdir(), 'tsflux-flux-cli-'));
      try {
        const { stdout } = await run(
          'go',
          ['mod', 'download', '-json', `${FLUX_MODULE}@${FLUX_CLI_VERSION}`],
          {
            cwd: work,
            maxBuffer: 1 << 24,
          },
        );
        const source = (JSON.parse(stdout) as { Dir: string }).Dir;
        const src = join(work, 'flux2');
        await run('cp', ['-R', source, src]);
        // files in Go's module cache are read-only
        await run('chmod', ['-R', 'u+w', src]);
        await generateManifests(src);
        await goBuild({
          moduleDir: src,
          packages: ['./cmd/flux'],
          outDir: out,
          ldflags: `-s -w -X main.VERSION=${FLUX_CLI_VERSION.slice(1)}`,
          log: () => {},
        });
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      log('flux CLI built and cached');
    },
    { onWait: () => log('waiting for another process that is building the flux CLI') },
  );
  return join(dir, 'flux');
}
