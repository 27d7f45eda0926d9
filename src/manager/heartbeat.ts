import { hostname } from 'node:os';
import type { KubeClient, ResourceRef } from '../runtime/kube/index.ts';
import { microTime } from '../runtime/leader/index.ts';
import { toError } from '../runtime/reconcile/index.ts';

/**
 * How the CLI knows which controllers run: each running controller keeps a Lease
 * `tsflux-controller-<name>` in the manager's namespace renewed. A Lease is what the API server
 * offers for "this process is alive" (kubelets and leader election use it the same way), it is
 * readable wherever the CLI can reach the API server (in-cluster or a local `tsflux up`), and the
 * manager's RBAC already covers Leases; a metrics or health endpoint would not be reachable from
 * outside a cluster.
 */
export const HeartbeatLabel = 'tsflux.io/controller';

/**
 * On a heartbeat of a manager that watches one namespace (`--watch-all-namespaces=false`): that
 * namespace. Without it the controller handles objects in every namespace.
 */
export const WatchNamespaceAnnotation = 'tsflux.io/watch-namespace';

/** How long a heartbeat counts after its last renewal; renewed every third of that. */
export const HeartbeatDurationSeconds = 45;

const leaseRef = (namespace: string, name?: string): ResourceRef => ({
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  namespace,
  name,
});

/** The Lease name of one controller's heartbeat. */
export const heartbeatName = (controller: string) => `tsflux-controller-${controller}`;

/** Writes (creates or renews) one controller's heartbeat Lease once. */
export async function writeHeartbeat(
  kube: KubeClient,
  namespace: string,
  controller: string,
  identity: string,
  watchNamespace?: string,
): Promise<void> {
  await kube.apply(
    leaseRef(namespace, heartbeatName(controller)),
    {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: heartbeatName(controller),
        namespace,
        labels: { [HeartbeatLabel]: controller, 'app.kubernetes.io/part-of': 'tsflux' },
        ...(watchNamespace ? { annotations: { [WatchNamespaceAnnotation]: watchNamespace } } : {}),
      },
      spec: {
        holderIdentity: identity,
        leaseDurationSeconds: HeartbeatDurationSeconds,
        renewTime: microTime(new Date()),
      },
    },
    { fieldManager: 'tsflux-heartbeat', force: true },
  );
}

/** A controller as its heartbeat reports it. */
export interface ControllerHeartbeat {
  controller: string;
  namespace: string;
  holder: string;
  renewTime: Date;
  /** The one namespace its manager watches; undefined when it watches them all. */
  watchNamespace?: string;
  /** Renewed within its duration, by the reader's clock. */
  live: boolean;
}

/**
 * Reads every controller heartbeat in the cluster (or one namespace), newest first per controller.
 * Throws what the API server says (e.g. Forbidden) so callers can decide to skip the check.
 */
export async function readHeartbeats(kube: KubeClient, namespace?: string): Promise<ControllerHeartbeat[]> {
  const list = await kube.list<{
    metadata: { namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number };
  }>({ ...leaseRef(''), namespace }, { labelSelector: HeartbeatLabel });
  const now = Date.now();
  return list.items
    .map((l) => {
      const renewTime = new Date(l.spec?.renewTime ?? 0);
      const duration = (l.spec?.leaseDurationSeconds ?? HeartbeatDurationSeconds) * 1000;
      return {
        controller: l.metadata.labels?.[HeartbeatLabel] ?? '',
        namespace: l.metadata.namespace ?? '',
        holder: l.spec?.holderIdentity ?? '',
        renewTime,
        watchNamespace: l.metadata.annotations?.[WatchNamespaceAnnotation],
        live: Boolean(l.spec?.holderIdentity) && renewTime.getTime() + duration > now,
      };
    })
    .sort((a, b) => b.renewTime.getTime() - a.renewTime.getTime());
}

/**
 * Keeps the heartbeats of the controllers this process runs until stopped, then removes them so
 * `tsflux check` says at once that they stopped. A failed write is logged (once per distinct
 * error) and retried at the next beat: the heartbeat must never stop a controller.
 */
export function startHeartbeat(
  kube: KubeClient,
  namespace: string,
  controllers: string[],
  log: (msg: string) => void,
  watchNamespace?: string,
): { stop(): Promise<void> } {
  const identity = `${hostname()}_${process.pid}`;
  let lastError = '';
  const beat = async () => {
    try {
      for (const c of controllers) await writeHeartbeat(kube, namespace, c, identity, watchNamespace);
      lastError = '';
    } catch (e: unknown) {
      const msg = toError(e).message;
      if (msg !== lastError) log(`controller heartbeat in namespace '${namespace}' failed: ${msg}`);
      lastError = msg;
    }
  };
  const first = beat();
  const timer = setInterval(() => void beat(), (HeartbeatDurationSeconds * 1000) / 3);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await first;
      for (const c of controllers) {
        await kube.delete(leaseRef(namespace, heartbeatName(c))).catch(() => {});
      }
    },
  };
}
