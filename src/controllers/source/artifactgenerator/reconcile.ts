/**
 * One reconcile of an ArtifactGenerator, as source-watcher runs it: finalizer guards, the
 * reconcile on/off annotation, spec validation (stalls), source observation, drift detection (a
 * no-op when nothing changed), then fetch, build, ExternalArtifact apply, garbage collection and
 * one status patch with the inventory and the observed sources digest.
 */
import { ConditionReason, ConditionType, parseDuration } from '../../../api/meta/index.ts';
import {
  type ArtifactGenerator,
  ArtifactGeneratorFinalizer,
  ArtifactGeneratorReason,
  ArtifactGeneratorReconcileAnnotation,
  ArtifactGeneratorReconcileEveryAnnotation,
  type ExternalArtifactReference,
  SourceExtensionsGroup,
} from '../../../api/source-extensions/v1beta1/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import type { ReconcileContext, Request } from '../../../runtime/controller/index.ts';
import { isNotFound, mergePatchDiff, type ResourceRef } from '../../../runtime/kube/index.ts';
import {
  addFinalizer,
  hasFinalizer,
  isDeleting,
  type ReconcileResult,
  reconcileRequest,
  removeFinalizer,
} from '../../../runtime/reconcile/index.ts';
import type { SourceEnv } from '../common/source-env.ts';
import { buildArtifact, ExternalArtifactKind, withRevisions } from './build.ts';
import { detectDrift, inventoryPath } from './drift.ts';
import { applyExternalArtifact, deleteExternalArtifacts, orphanedReferences } from './external-artifacts.ts';
import { fetchSources, type ObservedSource, observedSourcesDigest, observeSources } from './sources.ts';
import { validateGenerator } from './validate.ts';

/** source-watcher's fixed interval between reconciles of a generator. */
export const GeneratorIntervalMs = 60 * 60 * 1000;
/** `--requeue-dependency`: the retry delay while sources are missing or not ready. */
export const DependencyRequeueMs = 5_000;

const msgInProgress = 'Reconciliation in progress';

/** The API reference of a generator. */
export function generatorRef(namespace?: string, name?: string): ResourceRef {
  return {
    group: SourceExtensionsGroup,
    version: 'v1beta1',
    resource: 'artifactgenerators',
    namespace,
    name,
  };
}

/** The interval: the `reconcileEvery` annotation's Go duration when valid, else one hour. */
function intervalOf(gen: ArtifactGenerator): number {
  const raw = gen.metadata?.annotations?.[ArtifactGeneratorReconcileEveryAnnotation];
  if (!raw) return GeneratorIntervalMs;
  try {
    const ms = parseDuration(raw);
    return ms > 0 ? ms : GeneratorIntervalMs;
  } catch {
    return GeneratorIntervalMs;
  }
}

function isDisabled(gen: ArtifactGenerator): boolean {
  return gen.metadata?.annotations?.[ArtifactGeneratorReconcileAnnotation]?.toLowerCase() === 'disabled';
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Reconciles one generator; the result says when to run again. */
export async function reconcileGenerator(
  env: SourceEnv,
  req: Request,
  ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  if (!env.informerOf<ArtifactGenerator>('ArtifactGenerator').get(req.namespace, req.name)) return undefined;
  const ref = generatorRef(req.namespace, req.name);
  // read from the API server, not the cache: the status this run builds on must include the
  // previous run's patch (the cache may not have seen it yet), or a merge patch of the
  // conditions list would drop what that run wrote
  let obj: ArtifactGenerator;
  try {
    obj = await env.kube.get<ArtifactGenerator>(ref);
  } catch (e: unknown) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  obj.kind ??= 'ArtifactGenerator';
  obj.apiVersion ??= `${SourceExtensionsGroup}/v1beta1`;
  let statusBefore: unknown = structuredClone(obj.status ?? {});
  const log = ctx.log;

  /** source-watcher's summarizeStatus and patch: only what changed is sent. */
  const patchStatus = async () => {
    const requested = reconcileRequest(obj);
    obj.status ??= {};
    if (requested) obj.status.lastHandledReconcileAt = requested;
    const reconciling = conditions.get(obj, ConditionType.Reconciling);
    if (conditions.isFalse(obj, ConditionType.Ready) && reconciling)
      conditions.set(obj, { ...reconciling, reason: ConditionReason.ProgressingWithRetry });
    if (conditions.isTrue(obj, ConditionType.Ready) || conditions.isTrue(obj, ConditionType.Stalled))
      conditions.remove(obj, ConditionType.Reconciling);
    const patch = mergePatchDiff(statusBefore, obj.status);
    if (patch === undefined) return;
    try {
      await env.kube.patchStatus(ref, { status: patch });
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
    statusBefore = structuredClone(obj.status);
  };
  const fail = async (reason: string, message: string) => {
    conditions.markFalse(obj, ConditionType.Ready, reason, message);
    env.recorder.event(obj, 'Warning', reason, message);
    await patchStatus();
  };

  if (isDeleting(obj)) {
    await deleteExternalArtifacts(env.kube, env.storage, log, obj.status?.inventory ?? []);
    await removeFinalizer(env.kube, ref, obj, ArtifactGeneratorFinalizer);
    log.info('Removed finalizer', { finalizer: ArtifactGeneratorFinalizer });
    return undefined;
  }
  if (!hasFinalizer(obj, ArtifactGeneratorFinalizer)) {
    await addFinalizer(env.kube, ref, obj, ArtifactGeneratorFinalizer);
    if (isDisabled(obj))
      conditions.markTrue(
        obj,
        ConditionType.Ready,
        ArtifactGeneratorReason.ReconciliationDisabled,
        'Initialized with reconciliation suspended',
      );
    else {
      conditions.markUnknown(obj, ConditionType.Ready, ConditionReason.Progressing, msgInProgress);
      conditions.markTrue(obj, ConditionType.Reconciling, ConditionReason.Progressing, msgInProgress);
    }
    await patchStatus();
    return { requeueAfterMs: 1 };
  }
  if (isDisabled(obj)) {
    env.recorder.event(
      obj,
      'Warning',
      ArtifactGeneratorReason.ReconciliationDisabled,
      'Reconciliation is disabled',
    );
    await patchStatus();
    return undefined;
  }
  const invalid = validateGenerator(obj, env.noCrossNamespaceRefs);
  if (invalid) {
    conditions.markFalse(obj, ConditionType.Ready, invalid.reason, invalid.message);
    conditions.markTrue(obj, ConditionType.Stalled, invalid.reason, invalid.message);
    env.recorder.event(obj, 'Warning', invalid.reason, invalid.message);
    await patchStatus();
    return undefined;
  }

  let sources: Map<string, ObservedSource>;
  try {
    sources = observeSources(env, obj);
  } catch (e: unknown) {
    await fail(ArtifactGeneratorReason.SourceFetchFailed, `get sources failed: ${messageOf(e)}`);
    return { requeueAfterMs: DependencyRequeueMs };
  }
  const sourcesDigest = observedSourcesDigest(sources);
  const drift = await detectDrift(env.kube, env.storage, obj, sourcesDigest);
  if (drift === 'NoDriftDetected') {
    const message = `No drift detected, ${obj.status?.inventory?.length ?? 0} artifact(s) up to date`;
    log.info(message);
    env.recorder.event(obj, 'Normal', ConditionType.Ready, message);
    await patchStatus();
    return { requeueAfterMs: intervalOf(obj) };
  }

  conditions.markTrue(obj, ConditionType.Reconciling, ConditionReason.Progressing, msgInProgress);
  conditions.markUnknown(obj, ConditionType.Ready, ConditionReason.Progressing, msgInProgress);
  conditions.remove(obj, ConditionType.Stalled);
  log.info(msgInProgress, { reason: drift });
  await patchStatus();

  let trees: Awaited<ReturnType<typeof fetchSources>>;
  try {
    trees = await fetchSources(sources, ctx.signal);
  } catch (e: unknown) {
    await fail(ArtifactGeneratorReason.SourceFetchFailed, `fetch sources failed: ${messageOf(e)}`);
    return { requeueAfterMs: DependencyRequeueMs };
  }

  const namespace = req.namespace ?? '';
  const refs: ExternalArtifactReference[] = [];
  for (const spec of obj.spec?.artifacts ?? []) {
    let artifact: Awaited<ReturnType<typeof buildArtifact>>;
    try {
      artifact = withRevisions(await buildArtifact(env.storage, namespace, spec, trees), spec, sources);
    } catch (e: unknown) {
      const message = `${spec.name} build failed: ${messageOf(e)}`;
      await fail(ArtifactGeneratorReason.BuildFailed, message);
      throw new Error(message, { cause: e });
    }
    let entry: ExternalArtifactReference;
    try {
      entry = await applyExternalArtifact(env.kube, obj, spec.name, artifact);
    } catch (e: unknown) {
      const message = `${spec.name} reconcile failed: ${messageOf(e)}`;
      await fail(ConditionReason.ReconciliationFailed, message);
      throw new Error(message, { cause: e });
    }
    const id = `${ExternalArtifactKind}/${namespace}/${spec.name}`;
    const known = obj.status?.inventory?.some(
      (r) => r.name === entry.name && r.namespace === entry.namespace && r.digest === entry.digest,
    );
    if (known) log.info(`${id} is up to date`);
    else {
      const message = `${id} reconciled with revision ${artifact.revision}`;
      log.info(message);
      env.recorder.event(obj, 'Normal', ConditionType.Ready, message);
    }
    refs.push(entry);
  }

  const orphans = orphanedReferences(obj.status?.inventory ?? [], refs);
  if (orphans.length) await deleteExternalArtifacts(env.kube, env.storage, log, orphans);
  for (const r of refs) {
    const removed = env.storage.garbageCollect({ path: inventoryPath(r) }, env.retention);
    if (removed.length)
      log.info(`garbage collected ${removed.length} old artifact(s)`, { artifacts: removed });
  }

  obj.status ??= {};
  obj.status.inventory = refs;
  obj.status.observedSourcesDigest = sourcesDigest;
  const message = `reconciliation succeeded, generated ${refs.length} artifact(s)`;
  conditions.markTrue(obj, ConditionType.Ready, ConditionReason.Succeeded, message);
  env.recorder.event(obj, 'Normal', ConditionType.Ready, message);
  await patchStatus();
  return { requeueAfterMs: intervalOf(obj) };
}
