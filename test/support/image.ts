// The image controllers in a test namespace, with a real registry and git server: what the
// image integration tests (automation, CLI) share.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setupImageController } from '../../src/controllers/image/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { Logger } from '../../src/runtime/logging/index.ts';
import { ControllerMetrics, Registry } from '../../src/runtime/metrics/index.ts';
import {
  getManifest,
  type OciRegistry,
  pushArtifact,
  registryRequest,
  repositoryPath,
  startGitHttpServer,
  startOciRegistry,
} from '../servers/index.ts';
import { eventually, testClient, testNamespace } from './cluster.ts';
import { ensureFluxCrds } from './flux.ts';
import { namespacedInformers } from './informers.ts';

/** An image object as the tests read it. */
export type Obj = KubeObject & { spec?: any; status?: any };
/** The API reference of an image kind's objects (`plural`), or of one of them. */
export const imageRef = (plural: string, namespace: string, name?: string) => ({
  group: 'image.toolkit.fluxcd.io',
  version: 'v1',
  resource: plural,
  namespace,
  name,
});

/** Starts the image controllers on the namespace's informers until the test ends. */
export async function startImageController(t: TestContext, kube: KubeClient, namespace: string) {
  await ensureFluxCrds(kube);
  const { informers, informerOf } = namespacedInformers(kube, namespace);
  const metrics = new Registry();
  const tagsPath = mkdtempSync(join(tmpdir(), 'tsflux-image-tags-'));
  const running = await setupImageController({
    kube,
    informerOf,
    metrics,
    controllerMetrics: new ControllerMetrics(metrics),
    logger: new Logger({ level: 'error', write: () => undefined }),
    concurrent: 4,
    tagsPath,
    noCrossNamespaceRefs: false,
  });
  t.after(async () => {
    await running.stop();
    await informers.stop();
    rmSync(tagsPath, { recursive: true, force: true });
  });
}

/** A real registry until the test ends. */
export async function startRegistry(t: TestContext): Promise<OciRegistry> {
  const registry = await startOciRegistry();
  t.after(() => registry.stop());
  return registry;
}

/** Pushes one small image to `repo:first`, then tags the same manifest with every other tag. */
export async function pushTags(registry: OciRegistry, repo: string, tags: string[]): Promise<void> {
  const [first, ...rest] = tags;
  await pushArtifact(registry.url, repo, first, {
    layers: [{ mediaType: 'application/octet-stream', data: repo }],
  });
  const { manifest } = await getManifest(registry.url, repo, first);
  const body = Buffer.from(JSON.stringify(manifest));
  for (let i = 0; i < rest.length; i += 16) {
    await Promise.all(
      rest.slice(i, i + 16).map(async (tag) => {
        const res = await registryRequest('PUT', `${registry.url}/v2/${repo}/manifests/${tag}`, {
          headers: { 'Content-Type': manifest.mediaType },
          body,
        });
        if (res.status !== 201) throw new Error(`tag ${repo}:${tag}: ${res.status}`);
      }),
    );
  }
}

/** The Ready condition of an object. */
export const readyOf = (o: Obj) => o.status?.conditions?.find((c: { type: string }) => c.type === 'Ready');

/** Waits until an object is Ready (and passes `check`), and returns it. */
export async function waitReady(
  kube: KubeClient,
  plural: string,
  ns: string,
  name: string,
  check?: (o: Obj) => void,
) {
  return eventually(
    async () => {
      const o = await kube.get<Obj>(imageRef(plural, ns, name));
      const ready = readyOf(o);
      if (ready?.status !== 'True') throw new Error(`${plural}/${name} not ready: ${JSON.stringify(ready)}`);
      check?.(o);
      return o;
    },
    { timeoutMs: 60_000, what: `${plural}/${name} ready` },
  );
}

/** Asks for a reconcile through the annotation; returns its token. */
export async function requestReconcile(kube: KubeClient, ref: ReturnType<typeof imageRef>): Promise<string> {
  const token = `${Date.now()}`;
  await kube.mergePatch(ref, { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': token } } });
  return token;
}

/**
 * A namespace with the image controllers, an ImagePolicy `app` resolved to v1.1.0 in a real
 * registry, and a GitRepository `fleet` on a real git server whose first commit holds `files`
 * (`REG` and `NS` replaced by the registry's host and the namespace).
 */
export async function automationFixture(
  t: TestContext,
  prefix: string,
  templates: Record<string, string>,
  repoName = 'fleet',
) {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, prefix);
  const registry = await startRegistry(t);
  await pushTags(registry, 'team/app', ['v1.0.0', 'v1.1.0']);
  const gitServer = await startGitHttpServer();
  t.after(() => gitServer.stop());
  const files = Object.fromEntries(
    Object.entries(templates).map(([k, v]) => [k, v.replaceAll('REG', registry.host).replaceAll('NS', ns)]),
  );
  const initial = await gitServer.createRepository(repoName, { files });
  await startImageController(t, kube, ns);
  await kube.create(imageRef('imagerepositories', ns), {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImageRepository',
    metadata: { name: 'app', namespace: ns },
    spec: { image: `${registry.host}/team/app`, interval: '1h' },
  });
  await kube.create(imageRef('imagepolicies', ns), {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImagePolicy',
    metadata: { name: 'app', namespace: ns },
    spec: { imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '1.x' } } },
  });
  await kube.create(
    { group: 'source.toolkit.fluxcd.io', version: 'v1', resource: 'gitrepositories', namespace: ns },
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'fleet', namespace: ns },
      spec: { url: gitServer.repoUrl(repoName), interval: '1h', ref: { branch: 'main' } },
    },
  );
  await waitReady(kube, 'imagepolicies', ns, 'app');
  return {
    kube,
    ns,
    registry,
    files,
    initial,
    bare: repositoryPath(gitServer.reposDir, repoName),
    gitServer,
  };
}
