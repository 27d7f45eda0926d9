import { HelmReleaseReason } from '../../api/helm/v2/index.ts';
import { parseDuration } from '../../api/meta/index.ts';
import type { Chart, Values } from '../../engines/helm/index.ts';
import * as conditions from '../../runtime/conditions/index.ts';
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
import { type ReleaseDone, reconcileRelease } from './release-step.ts';
import { checkSupported } from './unsupported.ts';
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
 * drop the finalizer; add the finalizer; suspended -> stop), then the steps dependencies (after
 * refusing a spec this phase cannot honour), chart (the template's HelmChart, or `chartRef`,
 * until its artifact is ready), values, release (observe, then install or upgrade), and the
 * single exit: Ready mirrors Released, or the failure's reason. Events as Flux's: the action's success (`InstallSucceeded`...) or failure
 * as a Warning; waits for a dependency or a chart are only logged.
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
  checkSupported(obj);
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
  if (changed) {
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
  run.done = await reconcileRelease(obj, { ...run, chart, values, configDigest });
}

// Ready mirrors Released on success; the events are the action's, as Flux words them
function exit(obj: HelmRelease, run: Run): ExitOptions {
  const released = conditions.get(obj, 'Released');
  const metadata: Record<string, string> = {};
  if (run.chart) metadata['helm.toolkit.fluxcd.io/revision'] = run.chart.metadata.version;
  if (run.configDigest) metadata['helm.toolkit.fluxcd.io/token'] = run.configDigest;
  return {
    intervalMs: parseDuration(obj.spec.interval),
    // a failed action is tried again at the next interval, not with a backoff
    retryAfterMs: parseDuration(obj.spec.interval),
    successReason: released?.reason ?? HelmReleaseReason.ReconciliationSucceeded,
    successMessage: released?.message ?? 'release reconciliation succeeded',
    keepReady: run.done?.keepReady,
    events: {
      metadata,
      success: () => run.done?.event && { type: 'Normal', ...run.done.event },
      failure: failureEvent,
    },
    reporters: {
      duration: (o, seconds) => run.env.recordDuration?.(o, seconds),
      event: (o, type, reason, message, meta) => run.env.recorder.event(o, type, reason, message, meta),
    },
  };
}

// Flux only logs the waits for a dependency or a chart (trace events); failures are Warnings
function failureEvent(err: Error, message: string): ResultEvent | undefined {
  if (
    err instanceof WaitingError &&
    [HelmChartNotReady, HelmReleaseReason.DependencyNotReady].includes(err.reason)
  )
    return undefined;
  return { type: 'Warning', reason: reasonOf(err, HelmReleaseReason.ReconciliationFailed), message };
}
