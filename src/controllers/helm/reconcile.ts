import { HelmReleaseReason } from '../../api/helm/v2/index.ts';
import { parseDuration } from '../../api/meta/index.ts';
import type { Chart, Values } from '../../engines/helm/index.ts';
import type { ReconcileContext, Request } from '../../runtime/controller/index.ts';
import {
  cacheReaches,
  type ExitOptions,
  type FluxObject,
  loadObject,
  type ReconcileResult,
  type ResultEvent,
  reasonOf,
  reconcileObject,
  WaitingError,
} from '../../runtime/reconcile/index.ts';
import {
  type ChartSource,
  HelmChartNotReady,
  loadSourceChart,
  readySource,
  reconcileChartTemplate,
} from './chart-source.ts';
import { checkDependencies } from './dependencies.ts';
import { type HelmEnv, type HelmReleaseObject, helmReleaseRef } from './env.ts';
import { finalizeHelmRelease } from './finalize.ts';
import { releaseCluster } from './release-cluster.ts';
import { ReleaseActionFailed, type ReleaseDone, ReleaseNotReady, reconcileRelease } from './release-step.ts';
import { shouldHandleReset } from './requests.ts';
import { observeRenderSpec } from './spec-digests.ts';
import { composeValues, configDigest } from './values.ts';

/** What one run's steps share and learn, for the status and the events. */
interface Run {
  env: HelmEnv;
  ctx: ReconcileContext;
  signal: AbortSignal;
  report(): Promise<void>;
  source?: ChartSource;
  chart?: Chart;
  values?: Values;
  configDigest?: string;
  /** What the release step did, for the exit. */
  done?: ReleaseDone;
}

type HelmRelease = HelmReleaseObject & FluxObject;

/**
 * One reconcile of a HelmRelease on the one reconcile shape: guards (deleted -> uninstall and
 * drop the finalizer; add the finalizer; suspended -> stop), then the steps dependencies,
 * chart (the template's HelmChart, or `chartRef`, until its artifact is ready), values (and what
 * this attempt is: the failure counts reset on a new chart, values, generation or `resetAt`
 * request), release (the state machine, see {@link reconcileRelease}, on the target cluster as
 * the service account, see {@link releaseCluster}; once Ready, the digests of the post-renderers
 * and common metadata are recorded), and the single exit: Ready as the release conditions
 * summarize it, or the failure's reason. The actions record their own events, as Flux's (`InstallSucceeded`,
 * `UpgradeFailed`, `TestSucceeded`, `RollbackSucceeded`...); other failures are a Warning; waits
 * for a dependency or a chart are only logged.
 */
export async function reconcileHelmRelease(
  env: HelmEnv,
  req: Request,
  ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  const informer = env.informerOf<HelmRelease>('HelmRelease');
  const obj = loadObject(informer, req, { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease' });
  if (!obj) return undefined;
  return reconcileObject<HelmRelease, Run>({
    kube: env.kube,
    ref: helmReleaseRef(req.namespace ?? '', req.name),
    obj,
    finalize: (o) => finalizeHelmRelease(env, o, ctx.log),
    start: ({ report }) => ({ env, ctx, signal: ctx.signal, report }),
    steps: [dependencies, chart, values, release],
    exit: (o, run) => ({
      ...exit(o, run),
      // the next reconcile must not start from a status older than this one: it would see the
      // release it just installed as adopted, without the Released condition written here
      onPatched: (updated) =>
        cacheReaches(informer, req.namespace, req.name, updated.metadata?.resourceVersion ?? '0'),
    }),
  });
}

function dependencies(obj: HelmRelease, run: Run): void {
  checkDependencies(run.env, obj);
}

async function chart(obj: HelmRelease, run: Run): Promise<void> {
  await reconcileChartTemplate(run.env, obj);
  run.source = readySource(run.env, obj, parseDuration(obj.spec.interval));
  run.chart = await loadSourceChart(run.source, run.signal);
}

// the values, and what this attempt is: a new chart, values or spec resets the failure counts
async function values(obj: HelmRelease, run: Run): Promise<void> {
  run.values = await composeValues(run.env.kube, obj);
  run.configDigest = configDigest(run.values);
  obj.status ??= {};
  const status = obj.status;
  const revision = run.chart?.metadata.version;
  const changed =
    status.lastAttemptedRevision !== revision ||
    status.lastAttemptedConfigDigest !== run.configDigest ||
    status.lastAttemptedGeneration !== obj.metadata?.generation;
  // a reset request is honoured once (see shouldHandleReset), whatever else changed
  if (shouldHandleReset(obj) || changed) {
    delete status.installFailures;
    delete status.upgradeFailures;
    delete status.failures;
  }
  status.lastAttemptedGeneration = obj.metadata?.generation;
  status.lastAttemptedRevision = revision;
  status.lastAttemptedConfigDigest = run.configDigest;
  const digest = run.source?.status?.artifact?.digest;
  if (run.source?.kind === 'OCIRepository' && digest) status.lastAttemptedRevisionDigest = digest;
  else delete status.lastAttemptedRevisionDigest;
}

async function release(obj: HelmRelease, run: Run): Promise<void> {
  const { chart, values, configDigest } = run;
  if (!chart || !values || !configDigest) return;
  const cluster = await releaseCluster(run.env, obj);
  try {
    run.done = await reconcileRelease(obj, { ...run, env: cluster.env, chart, values, configDigest });
  } finally {
    cluster.close();
  }
  // what the release was rendered with, recorded once Ready (a change then upgrades)
  if (run.done?.ready) observeRenderSpec(obj);
}

// Ready is the release conditions summarized; the actions recorded their events already
function exit(obj: HelmRelease, run: Run): ExitOptions {
  const ready = run.done?.ready;
  const metadata: Record<string, string> = {};
  if (run.chart) metadata['helm.toolkit.fluxcd.io/revision'] = run.chart.metadata.version;
  if (run.configDigest) metadata['helm.toolkit.fluxcd.io/token'] = run.configDigest;
  return {
    intervalMs: parseDuration(obj.spec.interval),
    // a failed action is tried again at the next interval, not with a backoff; a chart that
    // could not be loaded (a bad or cut download) is retried with the backoff, as Flux does
    retryAfterMs: run.chart ? parseDuration(obj.spec.interval) : undefined,
    successReason: ready?.reason ?? HelmReleaseReason.ReconciliationSucceeded,
    successMessage: ready?.message ?? 'release reconciliation succeeded',
    keepReady: run.done?.keepReady,
    events: { metadata, success: () => undefined, failure: failureEvent },
    reporters: {
      duration: (o, seconds) => run.env.recordDuration?.(o, seconds),
      event: (o, type, reason, message, meta) => run.env.recorder.event(o, type, reason, message, meta),
    },
  };
}

// Flux only logs the waits for a dependency or a chart (trace events); a release not ready
// after its actions was told by their events; other failures are Warnings
function failureEvent(err: Error, message: string): ResultEvent | undefined {
  if (err instanceof ReleaseNotReady || err instanceof ReleaseActionFailed) return undefined;
  if (
    err instanceof WaitingError &&
    [HelmChartNotReady, HelmReleaseReason.DependencyNotReady].includes(err.reason)
  )
    return undefined;
  return { type: 'Warning', reason: reasonOf(err, HelmReleaseReason.ReconciliationFailed), message };
}
