import { join, resolve } from 'node:path';
import { cached, goBuild } from '../../src/toolchain/index.ts';

/** The distribution registry release built by `scripts/test-servers/registry` (its go.mod pins it). */
export const REGISTRY_VERSION = 'v3.1.2';
/** The MinIO commit built by `scripts/test-servers/minio`: MinIO has no semver tags, so a pseudo-version. */
export const MINIO_VERSION = 'v0.0.0-20260212201848-7aac2a2c5b7c';

const modules = resolve(import.meta.dirname, '../../scripts/test-servers');

function log(line: string): void {
  process.stderr.write(`[test servers] ${line}\n`);
}

/** Builds one Go main package of a wrapper module into the tool cache, once per version. */
async function buildOnce(
  key: string,
  moduleDir: string,
  pkg: string,
  binary: string,
  ldflags: string,
): Promise<string> {
  const dir = await cached(
    key,
    async (out) => {
      const started = Date.now();
      log(`building ${pkg} from Go modules (first run only)`);
      await goBuild({ moduleDir, packages: [pkg], outDir: out, ldflags, log: () => {} });
      log(`built ${binary} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    },
    { onWait: () => log(`waiting for another process that is building ${binary}`) },
  );
  return join(dir, binary);
}

/**
 * The path of the CNCF distribution registry binary (`registry serve CONFIG`), built from Go
 * modules on first use and kept in the tool cache, so a warm run never rebuilds it.
 */
export function registryBinary(): Promise<string> {
  return buildOnce(
    `test-registry-${REGISTRY_VERSION}`,
    join(modules, 'registry'),
    'github.com/distribution/distribution/v3/cmd/registry',
    'registry',
    `-s -w -X github.com/distribution/distribution/v3/version.version=${REGISTRY_VERSION}`,
  );
}

/**
 * The path of the MinIO server binary (`minio server DIR`), built from Go modules on first use
 * (several minutes on 2 cores) and kept in the tool cache.
 */
export function minioBinary(): Promise<string> {
  return buildOnce(
    `test-minio-${MINIO_VERSION}`,
    join(modules, 'minio'),
    'github.com/minio/minio',
    'minio',
    '-s -w',
  );
}
