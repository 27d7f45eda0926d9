import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { isNotFound, KubeClient, loadKubeconfig } from '../../src/runtime/kube/index.ts';

// polling needs no cluster: it lives apart so that unit tests can use it without starting one
export { eventually } from './eventually.ts';

/**
 * The kubeconfig of the control plane that `npm test` started for this run. Integration tests
 * never start their own: run them through `npm test` (or set TSFLUX_TEST_KUBECONFIG).
 */
export function testKubeconfig(): string {
  const p = process.env.TSFLUX_TEST_KUBECONFIG;
  if (!p) {
    throw new Error(
      'TSFLUX_TEST_KUBECONFIG is not set: run integration tests with `npm test` (it starts the control plane)',
    );
  }
  return p;
}

/** A client for the test control plane, closed when the test ends. */
export function testClient(t: TestContext): KubeClient {
  const client = new KubeClient(loadKubeconfig(testKubeconfig()), { userAgent: 'tsflux-tests' });
  t.after(() => client.close());
  return client;
}

/**
 * The kubeconfig of the control plane that runs workloads (kube-scheduler, kwok's simulated node,
 * the workload controllers): Pods become Running and Ready, Deployments Available, Jobs Complete.
 * `npm test` starts it only when a selected file calls this or {@link testWorkloadClient}.
 */
export function testWorkloadKubeconfig(): string {
  const p = process.env.TSFLUX_TEST_WORKLOAD_KUBECONFIG;
  if (!p) {
    throw new Error(
      'TSFLUX_TEST_WORKLOAD_KUBECONFIG is not set: run this test with `node scripts/run-tests.ts FILE` (it starts the workload cluster)',
    );
  }
  return p;
}

/** A client for the workload-capable test control plane, closed when the test ends. */
export function testWorkloadClient(t: TestContext): KubeClient {
  const client = new KubeClient(loadKubeconfig(testWorkloadKubeconfig()), { userAgent: 'tsflux-tests' });
  t.after(() => client.close());
  return client;
}

/**
 * Creates a namespace of its own for one test (`<prefix>-<random>`) and deletes it when the test
 * ends, so tests sharing the control plane never see each other's objects.
 */
export async function testNamespace(t: TestContext, client: KubeClient, prefix = 'test'): Promise<string> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  await client.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name } });
  t.after(async () => {
    try {
      await client.delete({ version: 'v1', resource: 'namespaces', name });
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  });
  return name;
}
