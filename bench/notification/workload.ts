// The objects of the webhook-to-delivery bench, all in one namespace: a GitRepository polled only
// every 10 minutes (so only the webhook makes it fetch), a Kustomization of a two-ConfigMap tree,
// a `github` Receiver of push events for the GitRepository, and a `generic` Provider with an Alert
// forwarding the Kustomization's info events to the bench's listener.
import type { KubeObject } from '../../src/runtime/kube/index.ts';

/** The name every object of the workload shares. */
export const NAME = 'app';

const notification = 'notification.toolkit.fluxcd.io';

/** Where each kind of the workload lives in the API. */
export const refs = (namespace: string) => ({
  secrets: { version: 'v1', resource: 'secrets', namespace },
  gitRepositories: {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    resource: 'gitrepositories',
    namespace,
  },
  kustomizations: {
    group: 'kustomize.toolkit.fluxcd.io',
    version: 'v1',
    resource: 'kustomizations',
    namespace,
  },
  receivers: { group: notification, version: 'v1', resource: 'receivers', namespace },
  providers: { group: notification, version: 'v1beta3', resource: 'providers', namespace },
  alerts: { group: notification, version: 'v1beta3', resource: 'alerts', namespace },
});

/** The small tree the Kustomization applies; `round` changes one ConfigMap so each push applies. */
export function tree(round: number): Record<string, string> {
  const configMap = (name: string, data: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${data}"\n`;
  return {
    'kustomization.yaml': 'resources:\n  - settings.yaml\n  - static.yaml\n',
    'settings.yaml': configMap('settings', `round-${round}`),
    'static.yaml': configMap('static', 'unchanged'),
  };
}

/** Every object of the workload, in creation order. */
export function workloadObjects(options: {
  namespace: string;
  gitUrl: string;
  listenerUrl: string;
  token: string;
}): { ref: ReturnType<typeof refs>[keyof ReturnType<typeof refs>]; object: KubeObject }[] {
  const r = refs(options.namespace);
  const metadata = { name: NAME, namespace: options.namespace };
  return [
    {
      ref: r.secrets,
      object: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata,
        stringData: { token: options.token },
      } as KubeObject,
    },
    {
      ref: r.gitRepositories,
      object: {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata,
        spec: { url: options.gitUrl, interval: '10m', ref: { branch: 'main' } },
      } as KubeObject,
    },
    {
      ref: r.kustomizations,
      object: {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata,
        spec: {
          interval: '10m',
          sourceRef: { kind: 'GitRepository', name: NAME },
          path: './',
          prune: true,
          targetNamespace: options.namespace,
        },
      } as KubeObject,
    },
    {
      ref: r.receivers,
      object: {
        apiVersion: `${notification}/v1`,
        kind: 'Receiver',
        metadata,
        spec: {
          type: 'github',
          events: ['push'],
          secretRef: { name: NAME },
          resources: [{ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', name: NAME }],
        },
      } as KubeObject,
    },
    {
      ref: r.providers,
      object: {
        apiVersion: `${notification}/v1beta3`,
        kind: 'Provider',
        metadata,
        spec: { type: 'generic', address: options.listenerUrl },
      } as KubeObject,
    },
    {
      ref: r.alerts,
      object: {
        apiVersion: `${notification}/v1beta3`,
        kind: 'Alert',
        metadata,
        spec: {
          providerRef: { name: NAME },
          eventSeverity: 'info',
          eventSources: [{ kind: 'Kustomization', name: NAME }],
        },
      } as KubeObject,
    },
  ];
}
