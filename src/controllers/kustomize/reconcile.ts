import { KustomizationCondition, KustomizationReason } from '../../api/kustomize/v1/index.ts';
import { ConditionReason, formatDuration, parseDuration } from '../../api/meta/index.ts';
import { buildDigest } from '../../engines/kustomization/index.ts';
import * as conditions from '../../runtime/conditions/index.ts';
import type { ReconcileContext, Request } from '../../runtime/controller/index.ts';
import {
  addFinalizer,
  DeferredProgress,
  type FluxObject,
  isDeleting,
  isSuspended,
  markNewGeneration,
  type ReconcileResult,
  removeFinalizer,
  StallingError,
  summarizeAndPatch,
  TransientError,
  WaitingError,
} from '../../runtime/reconcile/index.ts';
import { formatChangeSet, hasChanged } from '../../runtime/ssa/index.ts';
import { applyObjects, pruneStale, resourceManager } from './apply.ts';
import { buildObjects } from './build.ts';
import { targetCluster } from './clients.ts';
import { validateExpressions } from './custom-health.ts';
import { checkDependencies } from './dependencies.ts';
import { type KustomizationObject, type KustomizeEnv, kustomizationRef } from './env.ts';
import { messageOf, QuietWaitingError, timeoutMs } from './failures.ts';
import { finalizeKustomization } from './finalize.ts';
import { checkHealth, healthCheckObjects } from './health.ts';
import { recordHistory } from './history.ts';
import { awaitsFirstArtifact, FirstArtifactGraceMs, fetchArtifact, lookupSource } from './source.ts';

/** The OCI annotation a source copies into its artifact metadata: the origin's commit. */
export const OriginRevisionKey = 'org.opencontainers.image.revision';

/** What one run learned, for the status, the history and the events. */
interface Run {
  /** Reports the status as it is now, so long steps (health checks) show their progress. */
  persist(): Promise<void>;
  revision?: string;
  originRevision?: string;
  digest?: string;
}

/**
 * One reconcile of a Kustomization, Flux's shape: guards (deleted -> clean up per the deletion
 * policy and drop the finalizer; add the finalizer; suspended -> stop), then source, dependencies,
 * artifact, build, apply, prune, health, and one status patch with Ready `ReconciliationSucceeded`
 * "Applied revision: <rev>" or the failure's reason. Events: the change set when something
 * changed, "Reconciliation finished in ..." on success, the error as a Warning on failure.
 */
export async function reconcileKustomization(
  env: KustomizeEnv,
  req: Request,
  ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  const cached = env.informerOf<KustomizationObject>('Kustomization').get(req.namespace, req.name);
  if (!cached) return undefined;
  const obj = structuredClone(cached);
  obj.apiVersion ??= 'kustomize.toolkit.fluxcd.io/v1';
  obj.kind ??= 'Kustomization';
  const ref = kustomizationRef(req.namespace ?? '', req.name);
  if (isDeleting(obj)) {
    await finalizeKustomization(env, obj, ctx.log);
    await removeFinalizer(env.kube, ref, obj);
    return undefined;
  }
  await addFinalizer(env.kube, ref, obj);
  if (isSuspended(obj)) return undefined;
  const quiet = quietWaitForSource(env, obj, `${req.namespace}/${req.name}`);
  if (quiet) return quiet;

  const flux = obj as unknown as FluxObject;
  const startedAt = performance.now();
  // progress is written only if this run is still going after a few seconds (see DeferredProgress)
  const progress = new DeferredProgress(env.kube, ref, flux, { startedAt });
  markNewGeneration(flux);
  obj.status ??= {};
  const run: Run = { persist: () => progress.report() };
  let outcome: unknown;
  try {
    await progress.report();
    await reconcileSteps(env, obj, ctx, run);
  } catch (e: unknown) {
    outcome = e;
  }
  await progress.close();
  const statusBefore = progress.written;
  if (run.digest)
    recordHistory(obj, {
      digest: run.digest,
      durationMs: performance.now() - startedAt,
      status: outcome === undefined ? KustomizationReason.ReconciliationSucceeded : reasonOf(outcome),
      metadata: {
        revision: run.revision ?? '',
        ...(run.originRevision ? { originRevision: run.originRevision } : {}),
      },
    });
  const intervalMs = parseDuration(obj.spec.interval);
  const result = await summarizeAndPatch({
    kube: env.kube,
    ref,
    obj: flux,
    statusBefore,
    outcome,
    intervalMs,
    startedAt,
    successReason: KustomizationReason.ReconciliationSucceeded,
    successMessage: `Applied revision: ${obj.status.lastAppliedRevision ?? run.revision ?? ''}`,
    reporters: { duration: (o, seconds) => env.recordDuration?.(o, seconds) },
  });
  const metadata = eventMetadata(run);
  if (outcome === undefined) {
    const took = formatDuration(Math.round(performance.now() - startedAt));
    env.recorder.event(
      obj,
      'Normal',
      KustomizationReason.ReconciliationSucceeded,
      `Reconciliation finished in ${took}, next run in ${formatDuration(intervalMs)}`,
      metadata,
    );
  } else if (outcome instanceof WaitingError && outcome.reason === KustomizationReason.DependencyNotReady) {
    const retry = formatDuration(outcome.requeueAfterMs);
    env.recorder.event(
      obj,
      'Normal',
      KustomizationReason.DependencyNotReady,
      `Dependencies do not meet ready condition, retrying in ${retry}`,
      metadata,
    );
  } else if (!(outcome instanceof QuietWaitingError)) {
    const message = conditions.get(flux, 'Ready')?.message ?? String(outcome);
    env.recorder.event(obj, 'Warning', reasonOf(outcome), message, metadata);
  }
  return result;
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

async function reconcileSteps(
  env: KustomizeEnv,
  obj: KustomizationObject,
  ctx: ReconcileContext,
  run: Run,
): Promise<void> {
  obj.status ??= {};
  const status = obj.status;
  try {
    validateExpressions(obj.spec.healthCheckExprs);
  } catch (e: unknown) {
    throw new StallingError(ConditionReason.InvalidCELExpression, messageOf(e));
  }
  const { artifact } = lookupSource(env, obj);
  run.revision = artifact.revision;
  run.originRevision = artifact.metadata?.[OriginRevisionKey];
  checkDependencies(env, obj, artifact);
  status.lastAttemptedRevision = artifact.revision;
  // Flux shows every reconcile in progress (Ready Unknown), patched before the work starts
  const flux = obj as unknown as FluxObject;
  const timeout = formatDuration(timeoutMs(obj));
  conditions.markUnknown(flux, 'Ready', ConditionReason.Progressing, 'Reconciliation in progress');
  conditions.markTrue(
    flux,
    'Reconciling',
    ConditionReason.Progressing,
    `Fetching manifests for revision ${artifact.revision} with a timeout of ${timeout}`,
  );
  await run.persist();
  const tgz = await fetchArtifact(obj, artifact, ctx.signal);
  conditions.markTrue(
    flux,
    'Reconciling',
    ConditionReason.Progressing,
    `Building manifests for revision ${artifact.revision} with a timeout of ${timeout}`,
  );
  const objects = await buildObjects(env, obj, tgz);
  run.digest = buildDigest(objects);

  const target = await targetCluster(env, obj);
  try {
    const manager = resourceManager(target, obj, env.ownedCache);
    const oldInventory = status.inventory;
    const applied = await applyObjects(manager, obj, objects);
    status.inventory = applied.inventory;
    const pruned = obj.spec.prune ? await pruneStale(manager, obj, oldInventory, applied.inventory) : [];
    const changes = [...applied.entries, ...pruned].filter((e) => hasChanged(e.action));
    if (changes.length > 0) {
      const reason =
        conditions.get(obj as unknown as FluxObject, 'Ready')?.reason ?? ConditionReason.Progressing;
      env.recorder.event(obj, 'Normal', reason, formatChangeSet(changes), eventMetadata(run));
      ctx.log.info('server-side apply completed', {
        output: Object.fromEntries(changes.map((c) => [c.subject, c.action])),
        revision: run.revision,
      });
    }
    const checks = healthCheckObjects(obj, objects);
    const healthy = conditions.isTrue(obj as unknown as FluxObject, KustomizationCondition.Healthy);
    const unchanged = changes.length === 0 && status.lastAppliedRevision === artifact.revision;
    if (checks.length === 0) conditions.remove(obj as unknown as FluxObject, KustomizationCondition.Healthy);
    else if (!(unchanged && healthy))
      await checkHealth(manager, obj, checks, artifact.revision, {
        signal: ctx.signal,
        persist: run.persist,
      });
  } finally {
    target.close();
  }
  status.lastAppliedRevision = artifact.revision;
  if (run.originRevision) status.lastAppliedOriginRevision = run.originRevision;
  else delete status.lastAppliedOriginRevision;
}

function eventMetadata(run: Run): Record<string, string> {
  const m: Record<string, string> = {};
  if (run.revision) m['kustomize.toolkit.fluxcd.io/revision'] = run.revision;
  if (run.originRevision) m['kustomize.toolkit.fluxcd.io/originRevision'] = run.originRevision;
  return m;
}

function reasonOf(e: unknown): string {
  return e instanceof WaitingError || e instanceof StallingError || e instanceof TransientError
    ? e.reason
    : KustomizationReason.ReconciliationFailed;
}
