// What most fault cases start from: the Flux CRDs, a namespace of their own on the shared control
// plane, a temporary directory, and the API proxy the code under test talks through.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { KubeClient, loadKubeconfig } from '../../../src/runtime/kube/index.ts';
import { testClient, testKubeconfig, testNamespace } from '../../support/cluster.ts';
import { ensureFluxCrds } from '../../support/flux.ts';
import { type ApiProxy, startApiProxy } from './api-proxy.ts';

/** A direct client, a fresh namespace `<prefix>-<random>`, a temp dir and a started API proxy. */
export async function faultSetup(t: TestContext, prefix: string) {
  const kube = testClient(t);
  await ensureFluxCrds(kube);
  const ns = await testNamespace(t, kube, prefix);
  const dir = mkdtempSync(join(tmpdir(), `tsflux-${prefix}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const proxy = await startApiProxy(t, testKubeconfig(), dir);
  return { kube, ns, dir, proxy };
}

/** A client that goes through the proxy (for a controller run in the test process), closed at the end. */
export function proxiedClient(t: TestContext, proxy: ApiProxy): KubeClient {
  const client = new KubeClient(loadKubeconfig(proxy.kubeconfig), { userAgent: 'tsflux-faults' });
  t.after(() => client.close());
  return client;
}
