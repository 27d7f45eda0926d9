import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeClient, KubeObject, ResourceRef } from '../runtime/kube/index.ts';

/** The resources install manifests use; a full REST mapper lives in the runtime. */
const RESOURCES: Record<string, { group?: string; version: string; resource: string; namespaced: boolean }> =
  {
    CustomResourceDefinition: {
      group: 'apiextensions.k8s.io',
      version: 'v1',
      resource: 'customresourcedefinitions',
      namespaced: false,
    },
    Namespace: { version: 'v1', resource: 'namespaces', namespaced: false },
    ServiceAccount: { version: 'v1', resource: 'serviceaccounts', namespaced: true },
    Service: { version: 'v1', resource: 'services', namespaced: true },
    ClusterRole: {
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      resource: 'clusterroles',
      namespaced: false,
    },
    ClusterRoleBinding: {
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      resource: 'clusterrolebindings',
      namespaced: false,
    },
    Deployment: { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true },
  };

/** The API path of one install manifest. */
export function manifestRef(o: KubeObject): ResourceRef {
  const r = RESOURCES[String(o.kind)];
  if (!r) throw new Error(`no resource mapping for kind ${o.kind}`);
  return { ...r, namespace: r.namespaced ? o.metadata?.namespace : undefined, name: o.metadata?.name };
}

/**
 * Server-side applies objects in order with the given field manager, then waits until every CRD
 * among them is Established, so that objects of those kinds can be created right after.
 */
export async function applyManifests(
  kube: KubeClient,
  objects: KubeObject[],
  options: { fieldManager: string; onApplied?: (o: KubeObject) => void; timeoutMs?: number },
): Promise<void> {
  for (const o of objects) {
    await kube.apply(manifestRef(o), o, { fieldManager: options.fieldManager, force: true });
    options.onApplied?.(o);
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (const crd of objects.filter((o) => o.kind === 'CustomResourceDefinition')) {
    for (;;) {
      const got = await kube.get<{ status?: { conditions?: { type: string; status: string }[] } }>(
        manifestRef(crd),
      );
      if (got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline)
        throw new Error(
          `CRD ${crd.metadata?.name} not established after ${(options.timeoutMs ?? 60_000) / 1000}s`,
        );
      await sleep(100);
    }
  }
}
