import { KustomizationCondition, KustomizationReason } from '../../api/kustomize/v1/index.ts';
import { ConditionReason, formatDuration, parseDuration } from '../../api/meta/index.ts';
import { buildDigest } from '../../engines/kustomization-build/index.ts';
import * as conditions from '../../runtime/conditions/index.ts';
import type { ReconcileContext, Request } from '../../runtime/controller/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import {
  cacheReaches,
  type ExitOptions,
  type FluxObject,
  loadObject,
  type ReconcileResult,
  type ResultEvent,
  reasonOf,
  reconcileObject,
  reportersOf,
  StallingError,
  TransientError,
  toError,
  WaitingError,
} from '../../runtime/reconcile/index.ts';
import { formatChangeSet, hasChanged, type Inventory } from '../../runtime/ssa/index.ts';
import { applyObjects, pruneStale, resourceManager } from './apply.ts';
import { buildObjects } from './build.ts';
import { targetCluster } from './clients.ts';
import { validateExpressions } from './custom-health.ts';
import { checkDependencies } from './dependencies.ts';
import { type KustomizationObject, type KustomizeEnv, kustomizationRef } from './env.ts';
import { QuietWaitingError, retryIntervalMs, timeoutMs } from './failures.ts';
import { finalizeKustomization } from './finalize.ts';
import { checkHealth, healthCheckObjects } from './health.ts';
import { recordHistory } from './history.ts';
import {
  awaitsFirstArtifact,
  FirstArtifactGraceMs,
  fetchArtifact,
  lookupSource,
  type SourceArtifact,
} from './source.ts';

/** The OCI annotation a source copies into its artifact metadata: the origin's commit. */
export const OriginRevisionKey = 'org.opencontainers.image.revision';

/** What one run's steps share and learn, for the status, the history and the events. */
interface Run {
  env: KustomizeEnv;
  ctx: ReconcileContext;
  startedAt: number;
  /** Reports the status as it is now, so long steps (health checks) show their progress. */
  report(): Promise<void>;
  artifact?: SourceArtifact;
  revision?: string;
  originRevision?: string;
  tgz?: Uint8Array;
  objects?: KubeObject[];
  /** The digest of the build output, the key of `status.history`. */
  digest?: string;
}

type Kustomization = KustomizationObject & FluxObject;

/**
 * One reconcile of a Kustomization on the one reconcile shape: guards (deleted -> clean up per
 * the deletion policy and drop the finalizer; add the finalizer; suspended -> stop), a quiet wait
 * for a new source's first artifact, then the steps validate, source, fetch, build, apply (with
 * prune and health), and the single exit with Ready `ReconciliationSucceeded` "Applied revision:
 * <rev>" or the failure's reason. Events: the change set while applying; from the exit,
 * "Reconciliation finished in ..." on success, Flux's dependency wait, the error as a Warning.
 */
export async function reconcileKustomization(
  env: KustomizeEnv,
  req: Request,
  ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  const obj = loadObject(env.informerOf<Kustomization>('Kustomization'), req, {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
  });
  if (!obj) return undefined;
  return reconcileObject<Kustomization, Run>({
    kube: env.kube,
    ref: kustomizationRef(req.namespace ?? '', req.name),
    obj,
    finalize: (o) => finalizeKustomization(env, o, ctx.log),
    start: ({ report }) => ({ env, ctx, report, startedAt: performance.now() }),
    gate: (o) => quietWaitForSource(env, o, `${req.namespace}/${req.name}`),
    steps: [validate, source, fetch, build, apply],
    exit,
  });
}

// a new Kustomization whose source is fetching its first artifact waits for it without a status
// write, for up to FirstArtifactGraceMs from when this controller first saw it
function quietWaitForSource(
  env: KustomizeEnv,
  obj: KustomizationObject,
  key: string,
): ReconcileResult | undefined {
  const now = performance.now();
  const since = env.graced.get(key) ?? now;
  if (now - since < FirstArtifactGraceMs && awaitsFirstArtifact(env, obj)) {
    env.graced.set(key, since);
    return { requeueAfterMs: Math.min(env.requeueDependencyMs, FirstArtifactGraceMs - (now - since)) };
  }
  env.graced.delete(key);
  return undefined;
}

// invalid health check expressions cannot work until the spec changes
function validate(obj: Kustomization): void {
  try {
    validateExpressions(obj.spec.healthCheckExprs);
  } catch (e: unknown) {
    throw new StallingError(ConditionReason.InvalidCELExpression, toError(e).message, { cause: e });
  }
}

// the source's artifact and the dependencies; from here on, Flux shows the run in progress
async function source(obj: Kustomization, run: Run): Promise<void> {
  const { artifact } = lookupSource(run.env, obj);
  run.artifact = artifact;
  run.revision = artifact.revision;
  run.originRevision = artifact.metadata?.[OriginRevisionKey];
  checkDependencies(run.env, obj, artifact);
  obj.status ??= {};
  obj.status.lastAttemptedRevision = artifact.revision;
  conditions.markUnknown(obj, 'Ready', ConditionReason.Progressing, 'Reconciliation in progress');
  markStep(obj, 'Fetching', artifact.revision);
  await run.report();
}

function markStep(obj: Kustomization, verb: string, revision: string): void {
  const timeout = formatDuration(timeoutMs(obj));
  conditions.markTrue(
    obj,
    'Reconciling',
    ConditionReason.Progressing,
    `${verb} manifests for revision ${revision} with a timeout of ${timeout}`,
  );
}

async function fetch(obj: Kustomization, run: Run): Promise<void> {
  const artifact = run.artifact as SourceArtifact;
  run.tgz = await fetchArtifact(obj, artifact, run.ctx.signal);
  markStep(obj, 'Building', artifact.revision);
}

async function build(obj: Kustomization, run: Run): Promise<void> {
  run.objects = await buildObjects(run.env, obj, run.tgz as Uint8Array);
  run.digest = buildDigest(run.objects);
}

/**
 * An info event of the run itself, before its result (the change set, a passed health check),
 * with Ready's reason at that moment (Progressing while the run goes on), as Flux records them.
 */
function runEvent(obj: Kustomization, run: Run, message: string): void {
  const reason = conditions.get(obj, 'Ready')?.reason ?? ConditionReason.Progressing;
  run.env.recorder.event(obj, 'Normal', reason, message, eventMetadata(run));
}

// apply, prune and health share the target cluster's clients
async function apply(obj: Kustomization, run: Run): Promise<void> {
  const { env, ctx } = run;
  const revision = run.revision ?? '';
  const objects = run.objects ?? [];
  obj.status ??= {};
  const status = obj.status;
  const target = await targetCluster(env, obj);
  try {
    const manager = resourceManager(target, obj, env.ownedCache);
    const oldInventory = await lastInventory(env, obj);
    const applied = await applyObjects(manager, obj, objects);
    status.inventory = applied.inventory;
    const pruned = obj.spec.prune ? await pruneStale(manager, obj, oldInventory, applied.inventory) : [];
    const changes = [...applied.entries, ...pruned].filter((e) => hasChanged(e.action));
    if (changes.length > 0) {
      runEvent(obj, run, formatChangeSet(changes));
      ctx.log.info('server-side apply completed', {
        output: Object.fromEntries(changes.map((c) => [c.subject, c.action])),
        revision,
      });
    }
    const checks = healthCheckObjects(obj, objects);
    const healthy = conditions.isTrue(obj, KustomizationCondition.Healthy);
    const unchanged = changes.length === 0 && status.lastAppliedRevision === revision;
    if (checks.length === 0) conditions.remove(obj, KustomizationCondition.Healthy);
    else if (!(unchanged && healthy)) {
      await checkHealth(manager, obj, checks, revision, { signal: ctx.signal, persist: run.report });
      // as Flux: a recovery, or a new revision's changes, passing their checks is an info event
      // that an info-level Alert forwards ("Health check passed in 1.2s")
      if (!healthy || (status.lastAppliedRevision !== revision && changes.length > 0))
        runEvent(obj, run, conditions.get(obj, KustomizationCondition.Healthy)?.message ?? '');
    }
  } finally {
    target.close();
  }
  status.lastAppliedRevision = revision;
  if (run.originRevision) status.lastAppliedOriginRevision = run.originRevision;
  else delete status.lastAppliedOriginRevision;
}

/**
 * The inventory the last run recorded: the cached object's, unless the cache is older than this
 * controller's last status write, when a prune from it would leave behind what that run applied;
 * then the API server's.
 */
async function lastInventory(env: KustomizeEnv, obj: Kustomization): Promise<Inventory | undefined> {
  const key = `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
  const written = Number(env.written.get(key) ?? 0);
  if (Number(obj.metadata?.resourceVersion ?? 0) >= written) return obj.status?.inventory;
  try {
    const live = await env.kube.get<Kustomization>(
      kustomizationRef(obj.metadata?.namespace ?? '', obj.metadata?.name),
    );
    return live.status?.inventory;
  } catch (e: unknown) {
    throw new TransientError(
      KustomizationReason.ReconciliationFailed,
      `failed to read the last inventory: ${toError(e).message}`,
      { cause: e },
    );
  }
}

// records the run in the history, then words the exit as Flux's kustomize-controller does
function exit(obj: Kustomization, run: Run, outcome: unknown): ExitOptions {
  if (run.digest)
    recordHistory(obj, {
      digest: run.digest,
      durationMs: performance.now() - run.startedAt,
      status:
        outcome === undefined
          ? KustomizationReason.ReconciliationSucceeded
          : reasonOf(outcome, KustomizationReason.ReconciliationFailed),
      metadata: {
        revision: run.revision ?? '',
        ...(run.originRevision ? { originRevision: run.originRevision } : {}),
      },
    });
  const intervalMs = parseDuration(obj.spec.interval);
  const key = `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
  return {
    intervalMs,
    // the next run of this object must not start from an older status than this write
    onPatched: async (updated) => {
      const rv = updated.metadata?.resourceVersion ?? '0';
      run.env.written.set(key, rv);
      await cacheReaches(
        run.env.informerOf('Kustomization'),
        obj.metadata?.namespace,
        obj.metadata?.name ?? '',
        rv,
      );
    },
    // Flux retries a failed Kustomization after spec.retryInterval, not with a backoff
    retryAfterMs: retryIntervalMs(obj),
    successReason: KustomizationReason.ReconciliationSucceeded,
    successMessage: `Applied revision: ${obj.status?.lastAppliedRevision ?? run.revision ?? ''}`,
    events: {
      metadata: eventMetadata(run),
      success: () => ({
        type: 'Normal',
        reason: KustomizationReason.ReconciliationSucceeded,
        message: `Reconciliation finished in ${formatDuration(Math.round(performance.now() - run.startedAt))}, next run in ${formatDuration(intervalMs)}`,
      }),
      failure: failureEvent,
    },
    reporters: reportersOf(run.env),
  };
}

// a dependency wait is a Normal event worded as Flux words it; a quiet wait is only logged
function failureEvent(err: Error, message: string): ResultEvent | undefined {
  if (err instanceof QuietWaitingError) return undefined;
  if (err instanceof WaitingError && err.reason === KustomizationReason.DependencyNotReady)
    return {
      type: 'Normal',
      reason: KustomizationReason.DependencyNotReady,
      message: `Dependencies do not meet ready condition, retrying in ${formatDuration(err.requeueAfterMs)}`,
    };
  return { type: 'Warning', reason: reasonOf(err, KustomizationReason.ReconciliationFailed), message };
}

function eventMetadata(run: Run): Record<string, string> {
  const m: Record<string, string> = {};
  if (run.revision) m['kustomize.toolkit.fluxcd.io/revision'] = run.revision;
  if (run.originRevision) m['kustomize.toolkit.fluxcd.io/originRevision'] = run.originRevision;
  return m;
}
