import { generateAllCRDs } from '../api/index.ts';
import type { KubeObject } from '../runtime/kube/index.ts';
import { crdLabelOptions, fluxLabels, TSFLUX_IMAGE } from './version.ts';

/** Options of {@link installManifests}. */
export interface InstallOptions {
  namespace?: string;
  /** Container image of the manager (default `tsflux:v<version>`); tsflux publishes none yet, so deployments name their own. */
  image?: string;
  /** Install only the CRDs and the namespace (for `tsflux up`, which runs the manager itself). */
  crdsOnly?: boolean;
}

/** Labels Flux puts on everything it installs, so `flux check` and `kubectl -l` find them. */
function partOf(namespace: string): Record<string, string> {
  return { ...fluxLabels(namespace), 'app.kubernetes.io/managed-by': 'tsflux' };
}

/**
 * What `tsflux install` applies, in apply order: the CRDs of every Flux kind, the namespace,
 * the manager's service account and RBAC (Flux's own: cluster-admin for reconciling, a role for
 * its CRDs), and one Deployment running every controller in one process.
 */
export function installManifests(options: InstallOptions = {}): KubeObject[] {
  const namespace = options.namespace ?? 'flux-system';
  const labels = partOf(namespace);
  // the manager injects its webhook CA at start-up; until then older versions wait on the Service
  const crds = generateAllCRDs({
    fluxLabels: crdLabelOptions(namespace),
    conversion: options.crdsOnly ? undefined : { service: { name: 'tsflux-webhook', namespace } },
  }) as unknown as KubeObject[];
  const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } };
  if (options.crdsOnly) return [...crds, ns];
  const sa: KubeObject = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'tsflux', namespace, labels },
  };
  const crdRole: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: `crd-controller-${namespace}`, labels },
    rules: [
      {
        apiGroups: [
          'source.toolkit.fluxcd.io',
          'kustomize.toolkit.fluxcd.io',
          'helm.toolkit.fluxcd.io',
          'notification.toolkit.fluxcd.io',
          'image.toolkit.fluxcd.io',
          'source.extensions.fluxcd.io',
        ],
        resources: ['*'],
        verbs: ['*'],
      },
      {
        apiGroups: [''],
        resources: ['namespaces', 'secrets', 'configmaps', 'serviceaccounts'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['*'] },
    ],
  };
  const binding = (name: string, role: string): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: 'tsflux', namespace }],
  });
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'tsflux',
      namespace,
      labels: { ...labels, 'app.kubernetes.io/component': 'controller' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'tsflux' } },
      template: {
        metadata: { labels: { app: 'tsflux' } },
        spec: {
          serviceAccountName: 'tsflux',
          containers: [
            {
              name: 'manager',
              image: options.image ?? TSFLUX_IMAGE,
              args: [
                'controller',
                '--enable-leader-election',
                '--namespace=$(RUNTIME_NAMESPACE)',
                '--storage-path=/data',
                // consumers (in this process or Flux's own) download artifacts through the Service
                '--storage-adv-addr=source-controller.$(RUNTIME_NAMESPACE).svc.cluster.local.',
              ],
              env: [
                { name: 'RUNTIME_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                // a small young generation keeps the idle footprint low (see bench/runtime)
                { name: 'NODE_OPTIONS', value: '--max-semi-space-size=1' },
              ],
              ports: [
                { name: 'http', containerPort: 9090 },
                { name: 'http-prom', containerPort: 8080 },
                { name: 'healthz', containerPort: 9440 },
                { name: 'webhook', containerPort: 9443 },
              ],
              readinessProbe: { httpGet: { path: '/readyz', port: 'healthz' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'healthz' } },
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '1Gi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'data', mountPath: '/data' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'data', emptyDir: {} },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'source-controller', namespace, labels },
    spec: { selector: { app: 'tsflux' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
  const webhook: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'tsflux-webhook', namespace, labels },
    spec: { selector: { app: 'tsflux' }, ports: [{ name: 'https', port: 443, targetPort: 'webhook' }] },
  };
  return [
    ...crds,
    ns,
    sa,
    crdRole,
    binding(`crd-controller-${namespace}`, `crd-controller-${namespace}`),
    binding(`cluster-reconciler-${namespace}`, 'cluster-admin'),
    service,
    webhook,
    deployment,
  ];
}
