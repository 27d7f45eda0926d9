/**
 * One reconcile of an ArtifactGenerator, as source-watcher runs it, on the one reconcile shape:
 * finalizer guards, then the steps enabled (the reconcile on/off annotation), validate (stalls),
 * observe sources, drift detection (a no-op success when nothing changed), fetch, generate
 * (build and ExternalArtifact apply), collect (garbage and inventory), and the single exit with
 * the inventory and the observed sources digest.
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
import type { ResourceRef } from '../../../runtime/kube/index.ts';
import type { Logger } from '../../../runtime/logging/index.ts';
import {
  type CacheLookup,
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
  Stop,
  TransientError,
  toError,
  WaitingError,
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

type Generator = ArtifactGenerator & FluxObject;

/** What the steps share and learn, for the exit. */
interface Run {
  env: SourceEnv;
  log: Logger;
  signal: AbortSignal;
  report(): Promise<void>;
  /** This pass added the finalizer: the generator's first. */
  first: boolean;
  /** The reconcile annotation says disabled: the run only looked. */
  disabled?: boolean;
  /** Nothing drifted since the last run: the run only looked. */
  noDrift?: boolean;
  sources?: Map<string, ObservedSource>;
  sourcesDigest?: string;
  trees?: Awaited<ReturnType<typeof fetchSources>>;
  refs: ExternalArtifactReference[];
}

/** Reconciles one generator; the result says when to run again. */
export async function reconcileGenerator(
  env: SourceEnv,
  req: Request,
  ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  const informer = env.informerOf<Generator>('ArtifactGenerator');
  const obj = loadObject(informer, req, {
    apiVersion: `${SourceExtensionsGroup}/v1beta1`,
    kind: 'ArtifactGenerator',
  });
  if (!obj) return undefined;
  return reconcileObject<Generator, Run>({
    kube: env.kube,
    ref: generatorRef(req.namespace, req.name),
    obj,
    finalizer: ArtifactGeneratorFinalizer,
    finalize: (o) => deleteExternalArtifacts(env.kube, env.storage, ctx.log, o.status?.inventory ?? []),
    observesGeneration: false,
    // no spec.suspend: the reconcile annotation is the `enabled` step, which reports it
    suspended: () => false,
    start: ({ report, finalizerAdded }) => ({
      env,
      log: ctx.log,
      signal: ctx.signal,
      report,
      first: finalizerAdded,
      refs: [],
    }),
    steps: [enabled, validate, observe, drift, fetch, generate, collect],
    exit: (o, run) => exit(o, run, informer),
  });
}

// a disabled generator is initialized once, then only reported on
function enabled(obj: Generator, run: Run): typeof Stop | undefined {
  if (!isDisabled(obj)) return undefined;
  run.disabled = true;
  if (run.first)
    conditions.markTrue(
      obj,
      ConditionType.Ready,
      ArtifactGeneratorReason.ReconciliationDisabled,
      'Initialized with reconciliation suspended',
    );
  return Stop;
}

function validate(obj: Generator, run: Run): void {
  const invalid = validateGenerator(obj, run.env.noCrossNamespaceRefs);
  if (invalid) throw new StallingError(invalid.reason, invalid.message);
}

// missing or unready sources are waited for, as source-watcher does, after --requeue-dependency
function observe(obj: Generator, run: Run): void {
  try {
    run.sources = observeSources(run.env, obj);
  } catch (e: unknown) {
    const message = `get sources failed: ${toError(e).message}`;
    throw new WaitingError(ArtifactGeneratorReason.SourceFetchFailed, DependencyRequeueMs, message, {
      cause: e,
    });
  }
  run.sourcesDigest = observedSourcesDigest(run.sources);
}

async function drift(obj: Generator, run: Run): Promise<typeof Stop | undefined> {
  const reason = await detectDrift(run.env.kube, run.env.storage, obj, run.sourcesDigest ?? '');
  if (reason === 'NoDriftDetected') {
    run.noDrift = true;
    return Stop;
  }
  conditions.markTrue(obj, ConditionType.Reconciling, ConditionReason.Progressing, msgInProgress);
  conditions.markUnknown(obj, ConditionType.Ready, ConditionReason.Progressing, msgInProgress);
  conditions.remove(obj, ConditionType.Stalled);
  run.log.info(msgInProgress, { reason });
  await run.report();
  return undefined;
}

async function fetch(_obj: Generator, run: Run): Promise<void> {
  try {
    run.trees = await fetchSources(run.sources ?? new Map(), run.signal);
  } catch (e: unknown) {
    const message = `fetch sources failed: ${toError(e).message}`;
    throw new WaitingError(ArtifactGeneratorReason.SourceFetchFailed, DependencyRequeueMs, message, {
      cause: e,
    });
  }
}

// builds each declared artifact and applies its ExternalArtifact; a failure is retried with backoff
async function generate(obj: Generator, run: Run): Promise<void> {
  const { env, log } = run;
  const namespace = obj.metadata?.namespace ?? '';
  for (const spec of obj.spec?.artifacts ?? []) {
    let artifact: Awaited<ReturnType<typeof buildArtifact>>;
    try {
      const built = await buildArtifact(env.storage, namespace, spec, run.trees ?? new Map());
      artifact = withRevisions(built, spec, run.sources ?? new Map());
    } catch (e: unknown) {
      const message = `${spec.name} build failed: ${toError(e).message}`;
      throw new TransientError(ArtifactGeneratorReason.BuildFailed, message, { cause: e });
    }
    let entry: ExternalArtifactReference;
    try {
      entry = await applyExternalArtifact(env.kube, obj, spec.name, artifact);
    } catch (e: unknown) {
      const message = `${spec.name} reconcile failed: ${toError(e).message}`;
      throw new TransientError(ConditionReason.ReconciliationFailed, message, { cause: e });
    }
    const id = `${ExternalArtifactKind}/${namespace}/${spec.name}`;
    const known = obj.status?.inventory?.some(
      (r) => r.name === entry.name && r.namespace === entry.namespace && r.digest === entry.digest,
    );
    if (known) log.info(`${id} is up to date`);
    else {
      // an event of the run itself, one per new artifact, before its result
      const message = `${id} reconciled with revision ${artifact.revision}`;
      log.info(message);
      env.recorder.event(obj, 'Normal', ConditionType.Ready, message);
    }
    run.refs.push(entry);
  }
}

// drops what the spec no longer declares and old stored files, then records the inventory
async function collect(obj: Generator, run: Run): Promise<void> {
  const { env, log, refs } = run;
  const orphans = orphanedReferences(obj.status?.inventory ?? [], refs);
  if (orphans.length) await deleteExternalArtifacts(env.kube, env.storage, log, orphans);
  for (const r of refs) {
    const removed = env.storage.garbageCollect({ path: inventoryPath(r) }, env.retention);
    if (removed.length)
      log.info(`garbage collected ${removed.length} old artifact(s)`, { artifacts: removed });
  }
  obj.status ??= {};
  obj.status.inventory = refs;
  obj.status.observedSourcesDigest = run.sourcesDigest;
}

// source-watcher's wording: its success events carry the reason `Ready`; every failure is a Warning
function exit(obj: Generator, run: Run, informer: CacheLookup): ExitOptions {
  const count = obj.status?.inventory?.length ?? 0;
  return {
    intervalMs: run.disabled ? 0 : intervalOf(obj),
    keepReady: run.disabled,
    successMessage: `reconciliation succeeded, generated ${count} artifact(s)`,
    // the next run must start from the status just written, not an older cached one, or a merge
    // patch of the conditions list would drop what this run wrote
    onPatched: (updated) =>
      cacheReaches(
        informer,
        obj.metadata?.namespace,
        obj.metadata?.name ?? '',
        updated.metadata?.resourceVersion ?? '0',
      ),
    events: {
      success: (): ResultEvent | undefined => {
        if (run.disabled)
          return run.first
            ? undefined
            : {
                type: 'Warning',
                reason: ArtifactGeneratorReason.ReconciliationDisabled,
                message: 'Reconciliation is disabled',
              };
        const message = run.noDrift
          ? `No drift detected, ${count} artifact(s) up to date`
          : `reconciliation succeeded, generated ${count} artifact(s)`;
        if (run.noDrift) run.log.info(message);
        return { type: 'Normal', reason: ConditionType.Ready, message };
      },
      failure: (err, message) => ({ type: 'Warning', reason: reasonOf(err), message }),
    },
    reporters: reportersOf(run.env),
  };
}
