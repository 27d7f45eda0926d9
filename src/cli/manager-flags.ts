import type { FlagSpec } from './command.ts';

/** The manager's flags, with Flux's names and defaults (tsflux's own additions say so). */
export const managerFlags: FlagSpec = {
  controllers: {
    type: 'string',
    help: 'comma-separated controllers to run (default: all; tsflux runs them in one process)',
  },
  concurrent: { type: 'string', default: '4', help: 'the number of concurrent reconciles per controller' },
  'metrics-addr': { type: 'string', default: ':8080', help: 'the address the metric endpoint binds to' },
  'health-addr': { type: 'string', default: ':9440', help: 'the address the health endpoint binds to' },
  'events-addr': { type: 'string', help: 'the address of the events receiver' },
  'kube-api-qps': {
    type: 'string',
    default: '50',
    help: 'the maximum queries-per-second of requests sent to the Kubernetes API',
  },
  'kube-api-burst': {
    type: 'string',
    default: '300',
    help: 'the maximum burst queries-per-second of requests sent to the Kubernetes API',
  },
  'watch-all-namespaces': {
    type: 'boolean',
    default: true,
    help: 'watch all namespaces; --watch-all-namespaces=false watches only --namespace',
  },
  namespace: {
    type: 'string',
    short: 'n',
    default: 'flux-system',
    help: 'the namespace of the manager, watched alone with --watch-all-namespaces=false',
  },
  'watch-label-selector': { type: 'string', help: 'watch only resources with matching labels (sharding)' },
  'no-cross-namespace-refs': { type: 'boolean', help: 'forbid references to objects in other namespaces' },
  'enable-leader-election': { type: 'boolean', help: 'enable leader election for the controller manager' },
  'leader-election-lease-duration': {
    type: 'string',
    default: '35s',
    help: 'interval at which non-leader candidates will wait to force acquire leadership',
  },
  'leader-election-renew-deadline': {
    type: 'string',
    default: '30s',
    help: 'duration that the leading controller manager will retry refreshing leadership before giving up',
  },
  'leader-election-retry-period': {
    type: 'string',
    default: '5s',
    help: 'duration the LeaderElector clients should wait between tries of actions',
  },
  'storage-path': { type: 'string', default: './data', help: 'the local storage path of artifacts' },
  'storage-addr': { type: 'string', default: ':9090', help: 'the address the artifact file server binds to' },
  'storage-adv-addr': { type: 'string', help: 'the advertised address of the artifact file server' },
  'artifact-retention-records': {
    type: 'string',
    default: '2',
    help: 'the maximum number of artifacts to be kept in storage after a garbage collection',
  },
  'artifact-retention-ttl': {
    type: 'string',
    default: '60s',
    help: 'the duration of time that artifacts from previous reconciliations will be kept in storage before being garbage collected',
  },
  'requeue-dependency': {
    type: 'string',
    default: '30s',
    help: 'the interval at which failing dependencies are reevaluated',
  },
  'default-service-account': {
    type: 'string',
    help: 'default service account used for impersonation when an object sets none',
  },
  'events-listen-addr': {
    type: 'string',
    default: ':9690',
    help: "tsflux: the address the notification controller's event endpoint binds to (Flux's notification-controller --events-addr)",
  },
  'receiver-addr': {
    type: 'string',
    default: ':9292',
    help: 'the address the webhook receiver endpoint binds to',
  },
  'rate-limit-interval': {
    type: 'string',
    default: '5m',
    help: 'the interval within which identical events are sent to a provider only once',
  },
  'log-level': { type: 'string', default: 'info', help: 'log verbosity level: error, info, debug or trace' },
  'webhook-addr': {
    type: 'string',
    default: ':9443',
    help: 'tsflux: the address of the CRD conversion webhook ("" turns it off)',
  },
  'webhook-url': {
    type: 'string',
    help: "tsflux: URL the API server calls the webhook at ('{port}' is replaced; default: the tsflux-webhook Service)",
  },
};

const loopback = (flag: string, what: string) => ({
  ...managerFlags[flag],
  default: '127.0.0.1:0',
  help: `the address the ${what} binds to (tsflux up: loopback, a free port)`,
});

/**
 * The manager's flags as `tsflux up` takes them: on a workstation every server (metrics, health,
 * conversion webhook and the artifact server, which serves repository contents without
 * authentication) listens on loopback, on a free port so a second cluster's tsflux does not
 * collide, and artifacts live in tsflux's state directory rather than `./data`. `tsflux
 * controller` keeps Flux's in-cluster defaults.
 */
export const localManagerFlags: FlagSpec = {
  ...managerFlags,
  'metrics-addr': loopback('metrics-addr', 'metric endpoint'),
  'health-addr': loopback('health-addr', 'health endpoint'),
  'storage-addr': loopback('storage-addr', 'artifact file server'),
  'webhook-addr': loopback('webhook-addr', 'CRD conversion webhook ("" turns it off)'),
  'events-listen-addr': loopback('events-listen-addr', 'notification event endpoint'),
  'receiver-addr': loopback('receiver-addr', 'webhook receiver endpoint'),
  'storage-path': {
    type: 'string',
    help: "the local storage path of artifacts (tsflux up: 'storage' in tsflux's state directory)",
  },
};
