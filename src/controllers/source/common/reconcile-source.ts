import { ConditionType, parseDuration } from '../../../api/meta/index.ts';
import { SourceCondition, SourceGroup } from '../../../api/source/v1/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import type { ReconcileContext, Request } from '../../../runtime/controller/index.ts';
import type { ResourceRef } from '../../../runtime/kube/index.ts';
import {
  addFinalizer,
  DeferredProgress,
  isDeleting,
  isSuspended,
  markNewGeneration,
  type ReconcileResult,
  removeFinalizer,
  summarizeAndPatch,
} from '../../../runtime/reconcile/index.ts';
import { reconcileStorage } from './artifact-steps.ts';
import type { SourceEnv } from './source-env.ts';
import type { SourceKind, SourceRun } from './source-kind.ts';
import type { SourceObject } from './source-object.ts';

/** Flux's default `spec.timeout` of sources. */
export const DEFAULT_SOURCE_TIMEOUT_MS = 60_000;

/** The common conditions of every source, in the order they decide Ready's reason. */
const commonFailures = [
  SourceCondition.StorageOperationFailed,
  SourceCondition.FetchFailed,
  SourceCondition.BuildFailed,
];
const negativePolarity = [
  ConditionType.Reconciling,
  ConditionType.Stalled,
  SourceCondition.StorageOperationFailed,
  SourceCondition.FetchFailed,
  SourceCondition.BuildFailed,
  SourceCondition.IncludeUnavailable,
  SourceCondition.ArtifactOutdated,
];

/**
 * One reconcile of a source object, Flux's shape: guards (deleted -> remove artifacts and the
 * finalizer; add the finalizer; suspended -> stop), progress marked at once, the storage step,
 * the kind's steps, then one status patch through `summarizeAndPatch`. Events: a failure is a
 * Warning with its reason; a new artifact digest is `NewArtifact`; a recovery with the same
 * artifact is `Succeeded`, both carrying the revision and digest in their metadata.
 */
export async function reconcileSourceObject<T extends SourceObject>(
  env: SourceEnv,
  kind: SourceKind<T>,
  req: Request,
  ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  const cached = env.informerOf<T>(kind.kind).get(req.namespace, req.name);
  if (!cached) return undefined;
  const obj = structuredClone(cached);
  obj.kind ??= kind.kind;
  const ref: ResourceRef = {
    group: SourceGroup,
    version: 'v1',
    resource: kind.plural,
    namespace: req.namespace,
    name: req.name,
  };
  const timeoutMs = obj.spec.timeout ? parseDuration(obj.spec.timeout) : DEFAULT_SOURCE_TIMEOUT_MS;
  const run: SourceRun = {
    env,
    log: ctx.log,
    ref,
    signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]),
    timeoutMs,
  };
  if (await kind.bypass?.(obj, run)) return undefined;
  if (isDeleting(obj)) {
    await kind.finalize?.(obj, run);
    env.storage.removeAll(kind.kind, req.namespace ?? '', req.name);
    await removeFinalizer(env.kube, ref, obj);
    return undefined;
  }
  // as Flux: the finalizer's own watch event brings the object back (fluxPrimary passes finalizer
  // changes); carrying on now would race that second pass against a cache without our status
  if (await addFinalizer(env.kube, ref, obj)) return undefined;
  if (isSuspended(obj)) return undefined;

  const startedAt = performance.now();
  // a new generation shows as in progress only if the run is still going after a few seconds
  const progress = new DeferredProgress(env.kube, ref, obj, { startedAt });
  if (markNewGeneration(obj)) await progress.report();
  const readyBefore = conditions.get(obj, ConditionType.Ready);
  const digestBefore = obj.status?.artifact?.digest;
  let outcome: unknown;
  try {
    reconcileStorage(env, obj);
    await kind.reconcile(obj, run);
    conditions.remove(obj, SourceCondition.FetchFailed);
    conditions.remove(obj, SourceCondition.BuildFailed);
  } catch (e: unknown) {
    outcome = e;
  }
  await progress.close();
  const statusBefore = progress.written;
  const artifact = obj.status?.artifact;
  let written: string | undefined;
  const result = await summarizeAndPatch({
    onPatched: (updated) => {
      written = updated.metadata?.resourceVersion;
    },
    kube: env.kube,
    ref,
    obj,
    statusBefore,
    outcome,
    // HelmRepository's interval is optional: without one, Flux reconciles only on changes
    intervalMs: obj.spec.interval ? parseDuration(obj.spec.interval) : 0,
    startedAt,
    summary: {
      conditions: [
        ...commonFailures,
        ...(kind.conditions ?? []),
        SourceCondition.ArtifactOutdated,
        SourceCondition.ArtifactInStorage,
      ],
      negativePolarity,
    },
    successReason: run.successReason,
    successMessage:
      run.successMessage ?? conditions.get(obj, SourceCondition.ArtifactInStorage)?.message ?? 'ready',
    reporters: {
      duration: (o, seconds) => env.recordDuration?.(o, seconds),
      // success events are Flux's NewArtifact / Succeeded, recorded below
      event: (o, type, reason, message) => {
        if (type === 'Warning') env.recorder.event(o, type, reason, message);
      },
    },
  });
  // read our own write before the next reconcile of this object can start (the queue runs one at
  // a time per object): a pass triggered meanwhile would otherwise see the old status and build
  // and announce the same artifact again
  if (written) await cacheReaches(env.informerOf<T>(kind.kind), req, written);
  if (outcome === undefined && artifact) {
    const message =
      run.notifyMessage ?? conditions.get(obj, SourceCondition.ArtifactInStorage)?.message ?? '';
    const metadata = {
      [`${SourceGroup}/revision`]: artifact.revision,
      [`${SourceGroup}/digest`]: artifact.digest,
    };
    if (artifact.digest !== digestBefore)
      env.recorder.event(obj, 'Normal', run.notifyReason ?? 'NewArtifact', message, metadata);
    else if (readyBefore?.status === 'False')
      env.recorder.event(obj, 'Normal', run.notifyReason ?? 'Succeeded', message, metadata);
  }
  return result;
}

/** Waits (briefly) until the informer holds the object at `resourceVersion` or a later one. */
async function cacheReaches(
  informer: { get(namespace: string | undefined, name: string): SourceObject | undefined },
  req: Request,
  resourceVersion: string,
): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    const cached = informer.get(req.namespace, req.name);
    // gone, or at (or past) our write: resourceVersions are etcd revisions, increasing
    if (!cached || Number(cached.metadata?.resourceVersion ?? 0) >= Number(resourceVersion)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}
