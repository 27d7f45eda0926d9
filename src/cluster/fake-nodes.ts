import { isNotFound, type KubeClient } from '../runtime/kube/index.ts';

/** The annotation that hands a Node to kwok (`--manage-nodes-with-annotation-selector`). */
export const FAKE_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

/** The simulated node of a workload-capable local cluster. */
export const FAKE_NODE_NAME = 'tsflux-node';

const nodes = { version: 'v1', resource: 'nodes' };

/**
 * Registers the simulated node, as a kubelet would register itself. It carries no taint, so Pods
 * and DaemonSets land on it without tolerations; kwok fills its status (Ready, capacity, addresses).
 */
export async function ensureFakeNode(kube: KubeClient): Promise<void> {
  await kube.apply(
    { ...nodes, name: FAKE_NODE_NAME },
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: FAKE_NODE_NAME,
        annotations: { [FAKE_NODE_ANNOTATION]: 'fake' },
        labels: {
          'kubernetes.io/hostname': FAKE_NODE_NAME,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          type: 'kwok',
        },
      },
    },
    { fieldManager: 'tsflux-cluster', force: true },
  );
}

/**
 * Removes the `node.kubernetes.io/not-ready` taint that admission puts on every new Node. On a
 * real cluster the node lifecycle controller lifts it once the kubelet reports Ready; that
 * controller would also mark the node unreachable without heartbeats, so the local cluster does not
 * run it and lifts the taint itself, once kwok has made the node Ready.
 */
export async function untaintFakeNode(kube: KubeClient): Promise<void> {
  await kube.mergePatch({ ...nodes, name: FAKE_NODE_NAME }, { spec: { taints: null } });
}

/** Tells whether the simulated node reports Ready, i.e. kwok has taken it over. */
export async function fakeNodeReady(kube: KubeClient): Promise<boolean> {
  try {
    const node = await kube.get<{ status?: { conditions?: { type: string; status: string }[] } }>({
      ...nodes,
      name: FAKE_NODE_NAME,
    });
    return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  } catch (e: unknown) {
    if (isNotFound(e)) return false;
    throw e;
  }
}
