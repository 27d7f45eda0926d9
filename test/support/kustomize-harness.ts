// Shared pieces of the kustomize controller's integration tests. Sources are stood up without the
// source controller, as Flux's own tests do: the test serves artifact tarballs over HTTP and
// writes a GitRepository's status.artifact through the status subresource.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { setupKustomizeController } from '../../src/controllers/kustomize/index.ts';
import { createTarGz } from '../../src/engines/artifact/index.ts';
import { isNotFound, type KubeClient, type KubeObject } from '../../src/runtime/kube/index.ts';
import { Logger } from '../../src/runtime/logging/index.ts';
import { ControllerMetrics, Registry } from '../../src/runtime/metrics/index.ts';
import { eventually } from './cluster.ts';
import { ensureFluxCrds } from './flux.ts';
import { namespacedInformers } from './informers.ts';

/** A Kubernetes object as these tests read it: spec, status and data left loosely typed. */
export type Obj = KubeObject & { spec?: any; status?: any; data?: any };

/** The API reference of the Kustomizations of a namespace (or of one, by name). */
export const ksRef = (ns: string, name?: string) => ({
  group: 'kustomize.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'kustomizations',
  namespace: ns,
  name,
});

/** The API reference of the GitRepositories of a namespace (or of one, by name). */
export const gitRef = (ns: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'gitrepositories',
  namespace: ns,
  name,
});

/** The API reference of the ConfigMaps of a namespace (or of one, by name). */
export const cmRef = (ns: string, name?: string) => ({
  version: 'v1',
  resource: 'configmaps',
  namespace: ns,
  name,
});

/** The API reference of the Secrets of a namespace (or of one, by name). */
export const secretRef = (ns: string, name?: string) => ({
  version: 'v1',
  resource: 'secrets',
  namespace: ns,
  name,
});

/** A ConfigMap manifest as YAML text; `extra` is inserted verbatim into `metadata`. */
export const configMap = (name: string, data: Record<string, string> = { k: 'v' }, extra = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: "${v}"\n`)
    .join('')}`;

/** Timestamps as the API server writes them (RFC 3339, whole seconds). */
const nowRfc3339 = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * An HTTP server of artifact tarballs, closed when the test ends, with `publish`: serves a file
 * tree as a GitRepository's new artifact (creating the GitRepository the first time) and returns
 * the revision it announced.
 */
export async function artifactServer(t: TestContext, kube: KubeClient) {
  const files = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as AddressInfo).port;
  let counter = 0;
  return {
    /** Publishes `tree` (or a ready tar.gz) as the GitRepository's new artifact (creating it once). */
    async publish(
      ns: string,
      name: string,
      tree: Record<string, string> | Buffer,
      metadata?: Record<string, string>,
    ) {
      // a Buffer is a ready archive (the faults suite serves hand-made hostile ones)
      const tgz = Buffer.isBuffer(tree)
        ? tree
        : await createTarGz(
            Object.entries(tree).map(([path, text]) => ({ path, data: new TextEncoder().encode(text) })),
          );
      const sha = createHash('sha256').update(tgz).digest('hex');
      const revision = `main@sha1:${createHash('sha1').update(`${name}${counter++}${sha}`).digest('hex')}`;
      const path = `/gitrepository/${ns}/${name}/${sha}.tar.gz`;
      files.set(path, tgz);
      try {
        await kube.create(gitRef(ns), {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'GitRepository',
          metadata: { name, namespace: ns },
          spec: { url: 'https://git.invalid/repo', interval: '1h' },
        });
      } catch (e: unknown) {
        if (!String(e).includes('already exists')) throw e;
      }
      await kube.patchStatus(gitRef(ns, name), {
        status: {
          artifact: {
            path: path.slice(1),
            url: `http://127.0.0.1:${port}${path}`,
            revision,
            digest: `sha256:${sha}`,
            lastUpdateTime: nowRfc3339(),
            size: tgz.length,
            ...(metadata ? { metadata } : {}),
          },
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'Succeeded',
              message: 'stored artifact',
              lastTransitionTime: nowRfc3339(),
            },
          ],
        },
      });
      return revision;
    },
  };
}

/**
 * Starts the kustomize controller on informers scoped to the test's namespace (stopped when the
 * test ends); returns the lines it logged, at debug level, for leak checks, and how many reconciles
 * it has finished so far (controller-runtime's counter), to prove that a recheck happened.
 */
export async function startController(
  t: TestContext,
  kube: KubeClient,
  ns: string,
  options: { requeueDependencyMs?: number; noCrossNamespaceRefs?: boolean; eventsAddr?: string } = {},
) {
  await ensureFluxCrds(kube);
  const { informers, informerOf } = namespacedInformers(kube, ns);
  const logs: string[] = [];
  const metrics = new Registry();
  const running = await setupKustomizeController({
    kube,
    informerOf,
    metrics,
    controllerMetrics: new ControllerMetrics(metrics),
    logger: new Logger({ level: 'debug', write: (l) => logs.push(l) }),
    concurrent: 4,
    requeueDependencyMs: options.requeueDependencyMs ?? 1000,
    noCrossNamespaceRefs: options.noCrossNamespaceRefs ?? false,
    eventsAddr: options.eventsAddr,
  });
  t.after(async () => {
    await running.stop();
    await informers.stop();
  });
  const reconciles = () => {
    let total = 0;
    for (const m of metrics.expose().matchAll(/^controller_runtime_reconcile_total\{[^}]*\} (\d+)$/gm))
      total += Number(m[1]);
    return total;
  };
  return { logs, reconciles };
}

/** A Kustomization of the GitRepository `repo`, pruning, with `spec` merged over the defaults. */
export function kustomization(ns: string, name: string, spec: Record<string, unknown>): Obj {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: ns },
    spec: { interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'repo' }, ...spec },
  };
}

/** The object's Ready condition, if any. */
export const ready = (o: Obj) => o.status?.conditions?.find((c: any) => c.type === 'Ready');

/** Waits until the Kustomization's Ready condition matches, for its current generation. */
export async function waitReady(
  kube: KubeClient,
  ns: string,
  name: string,
  status = 'True',
  reason?: string,
) {
  return eventually(
    async () => {
      const o = await kube.get<Obj>(ksRef(ns, name));
      const r = ready(o);
      if (r?.status !== status || (reason && r.reason !== reason))
        throw new Error(`Ready ${r?.status} ${r?.reason}: ${r?.message}`);
      if (status === 'True' && o.status?.observedGeneration !== o.metadata?.generation)
        throw new Error('generation not observed');
      return o;
    },
    { timeoutMs: 30_000, what: `${name} Ready=${status}` },
  );
}

/** Tells whether the object exists (a 404 is false, any other error is thrown). */
export async function exists(kube: KubeClient, ref: Parameters<KubeClient['get']>[0]): Promise<boolean> {
  try {
    await kube.get(ref);
    return true;
  } catch (e: unknown) {
    if (isNotFound(e)) return false;
    throw e;
  }
}
