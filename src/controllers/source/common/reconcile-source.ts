import { ConditionType, parseDuration } from '../../../api/meta/index.ts';
import { SourceCondition, SourceGroup } from '../../../api/source/v1/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import type { ReconcileContext, Request } from '../../../runtime/controller/index.ts';
import type { ResourceRef } from '../../../runtime/kube/index.ts';
import {
  cacheReaches,
  type ExitOptions,
  loadObject,
  type ReconcileResult,
  type ResultEvent,
  reasonOf,
  reconcileObject,
  reportersOf,
  WaitingError,
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
 * One reconcile of a source object, on the one reconcile shape (`reconcileObject`): guards
 * (deleted -> remove artifacts and the finalizer; add the finalizer and stop; suspended -> stop),
 * the storage step, the kind's steps, then the single exit. Events: a failure is a Warning with
 * its reason (a wait is silent); a new artifact digest is `NewArtifact`; a recovery with the same
 * artifact is `Succeeded`, both carrying the revision and digest in their metadata.
 */
export async function reconcileSourceObject<T extends SourceObject>(
  env: SourceEnv,
  kind: SourceKind<T>,
  req: Request,
  ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  const informer = env.informerOf<T>(kind.kind);
  const obj = loadObject(informer, req, { kind: kind.kind });
  if (!obj) return undefined;
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
  const digestBefore = obj.status?.artifact?.digest;
  return reconcileObject({
    kube: env.kube,
    ref,
    obj,
    finalize: async (o) => {
      await kind.finalize?.(o, run);
      env.storage.removeAll(kind.kind, req.namespace ?? '', req.name);
    },
    // as Flux: the finalizer's own watch event brings the object back (fluxPrimary passes finalizer
    // changes); carrying on now would race that second pass against a cache without our status
    stopAfterFinalizer: true,
    start: () => run,
    steps: [
      (o) => reconcileStorage(env, o),
      (o, r) => kind.reconcile(o, r),
      (o) => {
        conditions.remove(o, SourceCondition.FetchFailed);
        conditions.remove(o, SourceCondition.BuildFailed);
      },
    ],
    exit: (o, r): ExitOptions => ({
      // read our own write before the next reconcile of this object can start (the queue runs one
      // at a time per object): a pass triggered meanwhile would otherwise see the old status and
      // build and announce the same artifact again
      onPatched: (updated) =>
        cacheReaches(informer, req.namespace, req.name, updated.metadata?.resourceVersion ?? '0'),
      // HelmRepository's interval is optional: without one, Flux reconciles only on changes
      intervalMs: o.spec.interval ? parseDuration(o.spec.interval) : 0,
      summary: {
        conditions: [
          ...commonFailures,
          ...(kind.conditions ?? []),
          SourceCondition.ArtifactOutdated,
          SourceCondition.ArtifactInStorage,
        ],
        negativePolarity,
      },
      successReason: r.successReason,
      successMessage:
        r.successMessage ?? conditions.get(o, SourceCondition.ArtifactInStorage)?.message ?? 'ready',
      events: {
        success: (readyBefore) => artifactEvent(o, r, digestBefore, readyBefore?.status === 'False'),
        // a wait is only logged, as Flux does
        failure: (err, message) =>
          err instanceof WaitingError ? undefined : { type: 'Warning', reason: reasonOf(err), message },
      },
      reporters: reportersOf(env),
    }),
  });
}

// Flux's NewArtifact when the digest changed, Succeeded on a recovery with the same artifact
function artifactEvent(
  obj: SourceObject,
  run: SourceRun,
  digestBefore: string | undefined,
  recovered: boolean,
): ResultEvent | undefined {
  const artifact = obj.status?.artifact;
  if (!artifact) return undefined;
  const message = run.notifyMessage ?? conditions.get(obj, SourceCondition.ArtifactInStorage)?.message ?? '';
  const metadata = {
    [`${SourceGroup}/revision`]: artifact.revision,
    [`${SourceGroup}/digest`]: artifact.digest,
  };
  if (artifact.digest !== digestBefore)
    return { type: 'Normal', reason: run.notifyReason ?? 'NewArtifact', message, metadata };
  if (recovered) return { type: 'Normal', reason: run.notifyReason ?? 'Succeeded', message, metadata };
  return undefined;
}
