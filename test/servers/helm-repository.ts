import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { helmBinary } from '../../src/toolchain/index.ts';
import {
  authorized,
  challenge,
  type HttpAuth,
  type HttpTlsOptions,
  type RunningHttpServer,
  startHttpServer,
} from './http-server.ts';
import { makeTempDir, removeTempDir, run } from './process.ts';

/** A chart to serve: a chart directory (read in place) and an optional version override. */
export interface HelmChartSource {
  dir: string;
  /** Packages the chart under this version instead of its Chart.yaml one (`helm package --version`). */
  version?: string;
}

/** Options of {@link startHelmRepository}. */
export interface HelmRepositoryOptions extends HttpAuth {
  charts?: (string | HelmChartSource)[];
  tls?: HttpTlsOptions;
}

/** A running Helm HTTP repository. */
export interface HelmRepository extends RunningHttpServer {
  /** Directory holding `index.yaml` and the chart packages. */
  dir: string;
  /** Packages one more chart (version) and regenerates `index.yaml`; returns the package file name. */
  addChart(chart: string | HelmChartSource): Promise<string>;
  /** The parsed `index.yaml` as served now. */
  index(): any;
}

/** The environment of a `helm` run that keeps its cache and config in `home`, never in the user's. */
export function helmHomeEnv(home: string): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
}

/**
 * Starts a static Helm chart repository on loopback: charts are packaged and indexed by the real
 * helm (`helm package`, `helm repo index --url`), and served with optional basic auth or bearer
 * token and TLS / mutual TLS. Chart URLs in the index are absolute, as `helm repo index --url` writes.
 */
export async function startHelmRepository(options: HelmRepositoryOptions = {}): Promise<HelmRepository> {
  const helm = await helmBinary();
  const dir = makeTempDir('helm-repo');
  const home = join(dir, '.helm');
  const repoDir = join(dir, 'repo');
  mkdirSync(repoDir);
  const env = helmHomeEnv(home);
  const server = await startHttpServer(
    'helm-repo',
    (req, res) => {
      if (!authorized(req, options)) {
        challenge(res, options, 'helm');
        return;
      }
      const name = basename(decodeURIComponent(new URL(req.url ?? '/', 'http://placeholder').pathname));
      const file = join(repoDir, name);
      if (!name || name.startsWith('.') || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
        return;
      }
      const type = name.endsWith('.yaml') ? 'application/x-yaml' : 'application/gzip';
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': statSync(file).size });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    },
    options.tls,
  );
  const addChart = async (chart: string | HelmChartSource) => {
    const source = typeof chart === 'string' ? { dir: chart } : chart;
    const args = ['package', source.dir, '--destination', repoDir];
    if (source.version) args.push('--version', source.version);
    const out = await run(helm, args, { env });
    await run(helm, ['repo', 'index', repoDir, '--url', server.url], { env });
    return basename(out.trim().split(/\s+/).at(-1) ?? '');
  };
  try {
    for (const chart of options.charts ?? []) await addChart(chart);
    if (!options.charts?.length) await run(helm, ['repo', 'index', repoDir, '--url', server.url], { env });
  } catch (e: unknown) {
    await server.stop();
    removeTempDir(dir);
    throw e;
  }
  return {
    ...server,
    dir: repoDir,
    addChart,
    index: () => parse(readFileSync(join(repoDir, 'index.yaml'), 'utf8')),
    async stop() {
      await server.stop();
      removeTempDir(dir);
    },
  };
}
