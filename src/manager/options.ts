import { parseDuration } from '../api/meta/index.ts';
import { LogLevel } from '../runtime/logging/index.ts';
/** What the manager runs with; every field has a Flux flag of the same name (`tsflux controller --help`). */
export interface ManagerOptions {
  /** Controllers to run; default every controller tsflux has. */
  controllers: string[];
  concurrent: number;
  metricsAddr: string;
  healthAddr: string;
  /** Where events are also POSTed in Flux's format (the notification controller's address). */
  eventsAddr?: string;
  watchAllNamespaces: boolean;
  /** The namespace watched when not all are (Flux: the pod's namespace). */
  namespace: string;
  watchLabelSelector?: string;
  noCrossNamespaceRefs: boolean;
  enableLeaderElection: boolean;
  /** `--leader-election-lease-duration`, `-renew-deadline`, `-retry-period` (Flux's defaults 35s, 30s, 5s). */
  leaderElection: { leaseDurationMs: number; renewDeadlineMs: number; retryPeriodMs: number };
  storagePath: string;
  storageAddr: string;
  storageAdvAddr?: string;
  /** The conversion webhook's listen address; empty turns it off. */
  webhookAddr: string;
  /**
   * How the API server reaches the webhook: a URL (local runs, `tsflux up`) or, when unset, the
   * `tsflux-webhook` Service in the manager's namespace (in-cluster installs).
   */
  webhookUrl?: string;
  kubeconfig?: string;
  context?: string;
  /** `--log-level`: error, info, debug or trace. */
  logLevel: LogLevel;
  /** `--artifact-retention-records` and `--artifact-retention-ttl`. */
  artifactRetentionRecords: number;
  artifactRetentionTtlMs: number;
  /** `--default-service-account`: whom appliers impersonate when an object names no service account. */
  defaultServiceAccount?: string;
  /** `--requeue-dependency`: how often an object waiting on a dependency is looked at again. */
  requeueDependencyMs: number;
  /**
   * Where the notification controller's event server listens (tsflux's `--events-listen-addr`:
   * Flux's notification-controller calls it `--events-addr`, a name tsflux's one process already
   * uses for where events are sent, and binds `:9090`, the artifact server's port here).
   */
  eventsListenAddr: string;
  /** `--receiver-addr`: where the notification controller's webhook receivers listen. */
  receiverAddr: string;
  /** `--rate-limit-interval`: the notification controller lets one identical event through per interval. */
  rateLimitIntervalMs: number;
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, got '${value}'`);
  return n;
}

function durationFlag(flag: string, value: string): number {
  try {
    return parseDuration(value);
  } catch (e: unknown) {
    throw new Error(`--${flag}: ${(e as Error).message}`);
  }
}

function logLevelOf(value: string): LogLevel {
  const levels = Object.values(LogLevel) as string[];
  if (!levels.includes(value))
    throw new Error(`--log-level must be one of ${levels.join(', ')}, got '${value}'`);
  return value as LogLevel;
}

/** Turns parsed flags into {@link ManagerOptions}, validating numbers. */
export function managerOptionsFromFlags(flags: Record<string, unknown>, available: string[]): ManagerOptions {
  const str = (k: string) =>
    typeof flags[k] === 'string' && flags[k] !== '' ? (flags[k] as string) : undefined;
  const concurrent = Number(str('concurrent') ?? '4');
  if (!Number.isInteger(concurrent) || concurrent < 1)
    throw new Error(`--concurrent must be a positive integer, got '${flags.concurrent}'`);
  const controllers =
    str('controllers')
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean) ?? available;
  const unknown = controllers.filter((c) => !available.includes(c));
  if (unknown.length)
    throw new Error(
      `unknown controller(s) ${unknown.join(', ')}; available: ${available.join(', ') || '(none yet)'}`,
    );
  return {
    controllers,
    concurrent,
    metricsAddr: str('metrics-addr') ?? ':8080',
    healthAddr: str('health-addr') ?? ':9440',
    eventsAddr: str('events-addr'),
    watchAllNamespaces: flags['watch-all-namespaces'] !== false,
    namespace: str('namespace') ?? 'flux-system',
    watchLabelSelector: str('watch-label-selector'),
    noCrossNamespaceRefs: flags['no-cross-namespace-refs'] === true,
    enableLeaderElection: flags['enable-leader-election'] === true,
    leaderElection: {
      leaseDurationMs: durationFlag(
        'leader-election-lease-duration',
        str('leader-election-lease-duration') ?? '35s',
      ),
      renewDeadlineMs: durationFlag(
        'leader-election-renew-deadline',
        str('leader-election-renew-deadline') ?? '30s',
      ),
      retryPeriodMs: durationFlag(
        'leader-election-retry-period',
        str('leader-election-retry-period') ?? '5s',
      ),
    },
    storagePath: str('storage-path') ?? './data',
    storageAddr: str('storage-addr') ?? ':9090',
    storageAdvAddr: str('storage-adv-addr'),
    webhookAddr: typeof flags['webhook-addr'] === 'string' ? (flags['webhook-addr'] as string) : ':9443',
    webhookUrl: str('webhook-url'),
    kubeconfig: str('kubeconfig'),
    context: str('context'),
    logLevel: logLevelOf(str('log-level') ?? 'info'),
    artifactRetentionRecords: positiveInt(
      'artifact-retention-records',
      str('artifact-retention-records') ?? '2',
    ),
    artifactRetentionTtlMs: durationFlag('artifact-retention-ttl', str('artifact-retention-ttl') ?? '60s'),
    defaultServiceAccount: str('default-service-account'),
    requeueDependencyMs: durationFlag('requeue-dependency', str('requeue-dependency') ?? '30s'),
    eventsListenAddr: str('events-listen-addr') ?? ':9690',
    receiverAddr: str('receiver-addr') ?? ':9292',
    rateLimitIntervalMs: durationFlag('rate-limit-interval', str('rate-limit-interval') ?? '5m'),
  };
}
