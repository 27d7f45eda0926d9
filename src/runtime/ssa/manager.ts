import { toError } from '../../engines/errors/index.ts';
import { Status } from '../../engines/kstatus/index.ts';
import { matchesResource } from '../../engines/selector/index.ts';
import {
  isNotFound,
  KubeApiError,
  type KubeClient,
  type KubeObject,
  NoKindMatchError,
  type ResourceRef,
  RestMapper,
} from '../kube/index.ts';
import { ApplyAction, type ChangeSetEntry, changeSetEntry } from './change-set.ts';
import { hasDrifted, type IgnoreRule, normalizeForDiff, removePointer } from './drift.ts';
import { isImmutableError } from './immutable.ts';
import {
  clone,
  compareForApply,
  formatObject,
  groupOf,
  isClassDefinition,
  isClusterDefinition,
  matchesAnyMetadata,
} from './objects.ts';
import type { OwnedObjectCache } from './owned-cache.ts';
import { DefaultTakeOver, type FieldManager, takeOverPatch } from './take-over.ts';
import { type StatusFeed, type WaitOptions, waitForSet, waitForTermination } from './wait.ts';

/** Flux's per-object annotations and their values. */
export const SsaAnnotation = 'kustomize.toolkit.fluxcd.io/ssa';
export const ForceAnnotation = 'kustomize.toolkit.fluxcd.io/force';
export const PruneAnnotation = 'kustomize.toolkit.fluxcd.io/prune';
export const ReconcileAnnotation = 'kustomize.toolkit.fluxcd.io/reconcile';
export const SsaPolicy = {
  Override: 'Override',
  Merge: 'Merge',
  IfNotPresent: 'IfNotPresent',
  Ignore: 'Ignore',
} as const;

/** The label keys that say which Flux object owns an applied object. */
export interface OwnerLabelKeys {
  name: string;
  namespace: string;
}

/** kustomize-controller's owner labels; helm-controller passes its own. */
export const KustomizeOwnerLabels: OwnerLabelKeys = {
  name: 'kustomize.toolkit.fluxcd.io/name',
  namespace: 'kustomize.toolkit.fluxcd.io/namespace',
};

/**
 * The labels Flux's helm-controller puts on what a release renders: which HelmRelease owns it
 * (here beside the kustomize ones so that `tsflux diff helmrelease` applies the very same labels).
 */
export const HelmOwnerLabels: OwnerLabelKeys = {
  name: 'helm.toolkit.fluxcd.io/name',
  namespace: 'helm.toolkit.fluxcd.io/namespace',
};

/** How a {@link ResourceManager} writes. */
export interface ResourceManagerOptions {
  /** The server-side apply field manager (default `kustomize-controller`, Flux's own). */
  fieldManager?: string;
  /** The owning Flux object: its name and namespace go into the owner labels of every object. */
  owner?: { name: string; namespace: string };
  ownerLabels?: OwnerLabelKeys;
  /** How many objects are dry-run at once (default 4). */
  concurrency?: number;
  /** A shared REST mapper; one of its own otherwise. */
  mapper?: RestMapper;
  /**
   * The objects this controller owns, cached: read instead of a GET before each dry-run, and
   * followed instead of a list and a watch by the waits. Only for the cluster it was built on.
   */
  cache?: OwnedObjectCache;
}

/** Options of one {@link ResourceManager.applyAll}. */
export interface ApplyOptions {
  /** Recreate any object whose apply fails on an immutable field. */
  force?: boolean;
  /** How long the first stage may take to become ready (default 60 s). */
  waitTimeoutMs?: number;
  /** Drift ignore rules (Flux's `spec.ignore`): the paths keep their in-cluster values. */
  ignore?: IgnoreRule[];
  /** Managers whose fields are taken over (default: kubectl's and the controller's own Update). */
  takeOver?: FieldManager[];
  /** Kinds applied in a stage of their own before the rest (e.g. RBAC Roles before RoleBindings). */
  customStageKinds?: { group: string; kind: string }[];
}

/** Options of one {@link ResourceManager.deleteAll}. */
export interface DeleteOptions {
  /** Background (default), Foreground or Orphan. */
  propagationPolicy?: string;
  /** Labels every deleted object must carry (default: the owner labels, when an owner is set). */
  inclusions?: Record<string, string>;
  /** Labels or annotations that keep an object (default: Flux's prune/reconcile/ssa opt-outs). */
  exclusions?: Record<string, string>;
}

/**
 * A failed apply or prune with what was done before the failure: Flux puts those entries in its
 * inventory and its error message, so a partial apply never orphans objects.
 */
export class ChangeSetError extends Error {
  readonly entries: ChangeSetEntry[];
  constructor(message: string, entries: ChangeSetEntry[], cause?: unknown) {
    super(message, { cause });
    this.name = 'ChangeSetError';
    this.entries = entries;
  }
}

/** The result of an apply: one entry per object, in apply order. */
export interface ApplyResult {
  entries: ChangeSetEntry[];
}

/**
 * Staged server-side apply, prune and wait, as fluxcd/pkg/ssa gives Flux's controllers: objects
 * are dry-run applied to learn what would change, only drifted objects are applied (so unchanged
 * objects keep their resourceVersion), and every action is reported in a change set.
 */
export class ResourceManager {
  readonly kube: KubeClient;
  readonly mapper: RestMapper;
  readonly fieldManager: string;
  private readonly owner?: { name: string; namespace: string };
  private readonly ownerLabels: OwnerLabelKeys;
  private readonly concurrency: number;
  private readonly cache?: OwnedObjectCache;
  /**
   * The generation each object had when this manager applied it (or found it unchanged): a wait
   * reading the cache ignores older copies, so a stale cache never passes a health check early.
   */
  private readonly appliedGenerations = new Map<string, number>();

  constructor(kube: KubeClient, options: ResourceManagerOptions = {}) {
    this.kube = kube;
    this.mapper = options.mapper ?? new RestMapper(kube);
    this.fieldManager = options.fieldManager ?? 'kustomize-controller';
    this.owner = options.owner;
    this.ownerLabels = options.ownerLabels ?? KustomizeOwnerLabels;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.cache = options.cache;
  }

  /** The owner labels this manager sets, e.g. for a prune's inclusions. */
  ownerLabelValues(): Record<string, string> {
    if (!this.owner) return {};
    return { [this.ownerLabels.name]: this.owner.name, [this.ownerLabels.namespace]: this.owner.namespace };
  }

  /**
   * Applies a set in Flux's stages: the cluster definitions (CRDs, Namespaces, ClusterRoles),
   * waiting until they are ready (CRDs Established); the class definitions (kinds named
   * `*Class`), waiting too; the `customStageKinds`; then everything else. On failure the error
   * is a {@link ChangeSetError} holding the entries of the stages applied so far.
   */
  async applyAll(objects: KubeObject[], options: ApplyOptions = {}): Promise<ApplyResult> {
    const custom = (o: KubeObject) =>
      (options.customStageKinds ?? []).some((gk) => gk.kind === o.kind && gk.group === groupOf(o));
    const stages: { objects: KubeObject[]; wait: boolean }[] = [
      { objects: [], wait: true },
      { objects: [], wait: true },
      { objects: [], wait: false },
      { objects: [], wait: false },
    ];
    for (const o of objects) {
      const i = isClusterDefinition(o) ? 0 : isClassDefinition(o) ? 1 : custom(o) ? 2 : 3;
      stages[i]?.objects.push(o);
    }
    const entries: ChangeSetEntry[] = [];
    try {
      for (const stage of stages) {
        if (stage.objects.length === 0) continue;
        entries.push(...(await this.applyStage(stage.objects, options)));
        if (stage.wait) await this.waitForSet(stage.objects, { timeoutMs: options.waitTimeoutMs ?? 60_000 });
      }
    } catch (e: unknown) {
      // a stage that failed part-way reports what it applied (see applyStage)
      if (e instanceof ChangeSetError) entries.push(...e.entries);
      throw new ChangeSetError(toError(e).message, entries, e);
    }
    return { entries };
  }

  /**
   * Applies a set without stages: dry-run every object (concurrently), then apply the drifted ones.
   * When an apply fails, the error is a {@link ChangeSetError} with the entries of every object
   * that may now be in the cluster as ours: those applied before it, those left unchanged, and
   * the failed one itself (its answer may have been lost after the server applied it), so that
   * an inventory built from them orphans nothing.
   */
  async applyStage(objects: KubeObject[], options: ApplyOptions = {}): Promise<ChangeSetEntry[]> {
    const sorted = objects.map((o) => this.withOwnerLabels(o)).sort(compareForApply);
    const plans = await mapConcurrent(sorted, this.concurrency, (o) => this.plan(o, options));
    for (const [i, p] of plans.entries()) {
      if (!p.apply) continue;
      try {
        const applied = await this.kube.apply(p.ref, p.desired, {
          fieldManager: this.fieldManager,
          force: true,
        });
        this.appliedGenerations.set(refKey(p.ref), applied.metadata?.generation ?? 0);
      } catch (e: unknown) {
        const maybeApplied = plans.filter((q, j) => !q.apply || j <= i).map((q) => q.entry);
        throw new ChangeSetError(
          `${formatObject(p.desired)} apply failed: ${toError(e).message}`,
          maybeApplied,
          e,
        );
      }
    }
    return plans.map((p) => p.entry);
  }

  /**
   * Decides one object's action. The object as it is comes from the cache when it is ours, else
   * from a GET; when the cache presumes it missing but the dry-run shows it exists (created by
   * another tool, without our labels), it is read and planned again.
   */
  private async plan(object: KubeObject, options: ApplyOptions): Promise<Plan> {
    let ref: ResourceRef;
    try {
      ref = await this.mapper.refFor(object, undefined, { settle: true });
    } catch (e: unknown) {
      throw dryRunError(object, e);
    }
    const cached = (await this.cacheable(object)) ? await this.cache?.get(ref) : undefined;
    let plan = await this.planWith(
      ref,
      object,
      cached ? cached.obj : await this.readLive(ref, object),
      options,
    );
    if (cached && !cached.obj && plan.dryRun?.metadata?.resourceVersion)
      plan = await this.planWith(ref, object, await this.readLive(ref, object), options);
    if (!plan.apply && plan.dryRun)
      this.appliedGenerations.set(refKey(ref), plan.dryRun.metadata?.generation ?? 0);
    return plan;
  }

  // only resources that can be listed and watched are cached (not e.g. create-only reviews)
  private async cacheable(object: KubeObject): Promise<boolean> {
    if (!this.cache || !object.apiVersion || !object.kind) return false;
    const { verbs } = await this.mapper.mapping(object.apiVersion, object.kind);
    return verbs.includes('list') && verbs.includes('watch');
  }

  private async readLive(ref: ResourceRef, object: KubeObject): Promise<KubeObject | undefined> {
    try {
      return await this.getOrUndefined(ref);
    } catch (e: unknown) {
      // e.g. Forbidden for an impersonated service account: Flux reports it as the dry-run's failure
      throw dryRunError(object, e);
    }
  }

  /** Decides one object's action knowing its live state: skip, dry-run (recreating on immutable errors when forced), take over, diff. */
  private async planWith(
    ref: ResourceRef,
    object: KubeObject,
    live: KubeObject | undefined,
    options: ApplyOptions,
  ): Promise<Plan> {
    let existing = live;
    const desired = clone(object);
    const skip = { [SsaAnnotation]: SsaPolicy.Ignore, [ReconcileAnnotation]: 'Disabled' };
    if (matchesAnyMetadata(desired, skip) || matchesAnyMetadata(existing, skip))
      return { entry: changeSetEntry(existing ?? desired, ApplyAction.Skipped), apply: false, ref, desired };
    if (existing && matchesAnyMetadata(desired, { [SsaAnnotation]: SsaPolicy.IfNotPresent }))
      return { entry: changeSetEntry(existing, ApplyAction.Skipped), apply: false, ref, desired };

    // ignored paths keep their in-cluster values: leave them out of what we send
    if (existing)
      for (const rule of options.ignore ?? [])
        if (!rule.target || matchesResource(desired, rule.target))
          for (const p of rule.paths) removePointer(desired, p);

    let dryRun: KubeObject;
    try {
      dryRun = await this.dryRun(ref, desired);
    } catch (e: unknown) {
      const forced =
        options.force ||
        matchesAnyMetadata(desired, { [ForceAnnotation]: 'Enabled' }) ||
        matchesAnyMetadata(existing, { [ForceAnnotation]: 'Enabled' });
      if (!existing || !forced || !isImmutableError(e)) throw dryRunError(desired, e);
      await this.recreatePrepare(ref, desired);
      existing = undefined;
      try {
        dryRun = await this.dryRun(ref, desired);
      } catch (e2: unknown) {
        throw dryRunError(desired, e2);
      }
    }

    let tookOver = false;
    if (
      existing &&
      !matchesAnyMetadata(desired, { [SsaAnnotation]: SsaPolicy.Merge }) &&
      !matchesAnyMetadata(existing, { [SsaAnnotation]: SsaPolicy.Merge })
    ) {
      const patch = takeOverPatch(
        existing,
        options.takeOver ?? DefaultTakeOver(this.fieldManager),
        this.fieldManager,
      );
      if (patch.length > 0) {
        try {
          await this.kube.jsonPatch(ref, patch, { fieldManager: this.fieldManager });
        } catch (e: unknown) {
          throw new Error(
            `${formatObject(existing)} metadata.managedFields cleanup failed: ${toError(e).message}`,
            {
              cause: e,
            },
          );
        }
        tookOver = true;
      }
    }

    if (!tookOver && !hasDrifted(existing, dryRun, options.ignore))
      return { entry: changeSetEntry(dryRun, ApplyAction.Unchanged), apply: false, ref, desired, dryRun };
    const action =
      dryRun.metadata?.resourceVersion && existing ? ApplyAction.Configured : ApplyAction.Created;
    return { entry: changeSetEntry(dryRun, action), apply: true, ref, desired, dryRun };
  }

  private dryRun(ref: ResourceRef, obj: KubeObject): Promise<KubeObject> {
    return this.kube.apply(ref, obj, { fieldManager: this.fieldManager, force: true, dryRun: true });
  }

  // deletes an object whose immutable fields changed and waits until it is gone (finalizers)
  private async recreatePrepare(ref: ResourceRef, obj: KubeObject): Promise<void> {
    try {
      await this.kube.delete(ref, { propagationPolicy: 'Background' });
    } catch (e: unknown) {
      if (!isNotFound(e))
        throw new Error(
          `${formatObject(obj)} immutable field detected, failed to delete object: ${toError(e).message}`,
          {
            cause: e,
          },
        );
    }
    try {
      await waitForTermination(this.kube, this.mapper, [obj], { timeoutMs: 60_000 });
    } catch (e: unknown) {
      throw new Error(
        `${formatObject(obj)} immutable field detected, failed to wait for object to be deleted: ${toError(e).message}`,
        { cause: e },
      );
    }
  }

  /**
   * Deletes objects (a prune): skips those that no longer carry our owner labels (taken over by
   * another owner) or that opt out (`kustomize.toolkit.fluxcd.io/prune: Disabled`,
   * `reconcile: Disabled`, `ssa: Ignore`); an object already gone counts as deleted.
   */
  async deleteAll(objects: KubeObject[], options: DeleteOptions = {}): Promise<ApplyResult> {
    const inclusions = options.inclusions ?? this.ownerLabelValues();
    const exclusions = options.exclusions ?? {
      [PruneAnnotation]: 'Disabled',
      [ReconcileAnnotation]: 'Disabled',
      [SsaAnnotation]: SsaPolicy.Ignore,
    };
    const sorted = [...objects].sort((a, b) => compareForApply(b, a));
    const entries: ChangeSetEntry[] = [];
    const errors: string[] = [];
    for (const obj of sorted) {
      try {
        entries.push(
          await this.deleteOne(obj, inclusions, exclusions, options.propagationPolicy ?? 'Background'),
        );
      } catch (e: unknown) {
        entries.push(changeSetEntry(obj, ApplyAction.Unknown));
        errors.push(toError(e).message);
      }
    }
    if (errors.length > 0) throw new ChangeSetError(`delete failed, errors: ${errors.join('; ')}`, entries);
    return { entries };
  }

  private async deleteOne(
    obj: KubeObject,
    inclusions: Record<string, string>,
    exclusions: Record<string, string>,
    propagationPolicy: string,
  ): Promise<ChangeSetEntry> {
    let ref: ResourceRef;
    try {
      ref = await this.mapper.refFor(obj);
    } catch (e: unknown) {
      // the kind is no longer served (its CRD went first): nothing of it can be left
      if (e instanceof NoKindMatchError) return changeSetEntry(obj, ApplyAction.Deleted);
      throw e;
    }
    const existing = await this.getOrUndefined(ref);
    if (!existing) return changeSetEntry(obj, ApplyAction.Deleted);
    const labels = existing.metadata?.labels ?? {};
    if (Object.entries(inclusions).some(([k, v]) => labels[k] !== v))
      return changeSetEntry(obj, ApplyAction.Skipped);
    if (matchesAnyMetadata(existing, exclusions)) return changeSetEntry(obj, ApplyAction.Skipped);
    try {
      await this.kube.delete(ref, { propagationPolicy });
    } catch (e: unknown) {
      if (isNotFound(e)) return changeSetEntry(obj, ApplyAction.Deleted);
      throw new Error(`${formatObject(obj)} delete failed: ${toError(e).message}`, { cause: e });
    }
    return changeSetEntry(obj, ApplyAction.Deleted);
  }

  /**
   * Waits until the objects are Current (see {@link waitForSet}); those this manager applied are
   * followed in the cache, when it has one, at no cost to the API server.
   */
  waitForSet(objects: KubeObject[], options: WaitOptions = {}): Promise<void> {
    return waitForSet(this.kube, this.mapper, objects, { ...options, feed: options.feed ?? this.feed() });
  }

  // the cache as a wait's feed, for the objects applied by this manager, at their applied generation
  private feed(): StatusFeed | undefined {
    const cache = this.cache;
    if (!cache) return undefined;
    return {
      follow: async (obj, ref, health, observe) => {
        const generation = this.appliedGenerations.get(refKey(ref));
        if (generation === undefined || !(await this.cacheable(obj))) return undefined;
        return cache.follow(ref, (cached) => {
          if (cached && (cached.metadata?.generation ?? 0) < generation)
            observe({
              status: Status.InProgress,
              message: `waiting for generation ${generation} to be observed`,
            });
          // list items carry no kind; kstatus and health checks need it to pick their rules
          else observe(health(cached && { ...cached, apiVersion: obj.apiVersion, kind: obj.kind }));
        });
      },
    };
  }

  /** Waits until the objects are gone (see {@link waitForTermination}). */
  waitForTermination(objects: KubeObject[], options: Omit<WaitOptions, 'failFast'> = {}): Promise<void> {
    return waitForTermination(this.kube, this.mapper, objects, options);
  }

  /**
   * Compares an object's desired state with the cluster, as `flux diff` does: a dry-run apply of
   * `desired` against the live object, leaving out the paths of matching ignore rules. Returns
   * the action an apply would take (`created`, `configured` or `unchanged`) and both sides
   * normalized for display (no managedFields, resourceVersion, generation or status).
   */
  async diff(
    desired: KubeObject,
    options: { ignore?: IgnoreRule[] } = {},
  ): Promise<{ entry: ChangeSetEntry; live?: KubeObject; merged: KubeObject }> {
    const obj = this.withOwnerLabels(desired);
    let ref: ResourceRef;
    try {
      ref = await this.mapper.refFor(obj, undefined, { settle: true });
    } catch (e: unknown) {
      throw dryRunError(obj, e);
    }
    const live = await this.getOrUndefined(ref);
    if (live)
      for (const rule of options.ignore ?? [])
        if (!rule.target || matchesResource(obj, rule.target))
          for (const p of rule.paths) removePointer(obj, p);
    let dryRun: KubeObject;
    try {
      dryRun = await this.dryRun(ref, obj);
    } catch (e: unknown) {
      throw dryRunError(obj, e);
    }
    const paths = (options.ignore ?? [])
      .filter((r) => !r.target || matchesResource(dryRun, r.target))
      .flatMap((r) => r.paths);
    const action = !live
      ? ApplyAction.Created
      : hasDrifted(live, dryRun, options.ignore)
        ? ApplyAction.Configured
        : ApplyAction.Unchanged;
    return {
      entry: changeSetEntry(dryRun, action),
      live: live && normalizeForDiff(live, paths),
      merged: normalizeForDiff(dryRun, paths),
    };
  }

  /** Tells whether an object drifted from its desired state (see {@link diff}); a missing object has. */
  async hasDrifted(desired: KubeObject, options: { ignore?: IgnoreRule[] } = {}): Promise<boolean> {
    return (await this.diff(desired, options)).entry.action !== ApplyAction.Unchanged;
  }

  private withOwnerLabels(obj: KubeObject): KubeObject {
    const out = clone(obj);
    const owner = this.ownerLabelValues();
    if (Object.keys(owner).length > 0) {
      out.metadata ??= {};
      out.metadata.labels = { ...(out.metadata.labels ?? {}), ...owner };
    }
    return out;
  }

  private async getOrUndefined(ref: ResourceRef): Promise<KubeObject | undefined> {
    try {
      return await this.kube.get(ref);
    } catch (e: unknown) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}

/** One object's planned action. */
interface Plan {
  entry: ChangeSetEntry;
  apply: boolean;
  ref: ResourceRef;
  desired: KubeObject;
  /** The dry-run's answer, when there was one. */
  dryRun?: KubeObject;
}

function refKey(ref: ResourceRef): string {
  return `${ref.group ?? ''}/${ref.version}/${ref.resource}/${ref.namespace ?? ''}/${ref.name ?? ''}`;
}

/** Flux's dry-run error wording: `Kind/ns/name dry-run failed (Reason): message`. */
function dryRunError(obj: KubeObject, e: unknown): Error {
  const subject = formatObject(obj);
  if (isNotFound(e)) {
    if (!obj.metadata?.namespace)
      // the usual cause: a namespaced object in a Kustomization that names no namespace for it
      return new Error(
        `${subject} namespace not specified: ${toError(e).message} (set spec.targetNamespace on the Kustomization, or metadata.namespace on the object)`,
        { cause: e },
      );
    return new Error(`${subject} not found: ${toError(e).message}`, { cause: e });
  }
  const reason = e instanceof KubeApiError && e.reason ? ` (${e.reason})` : '';
  return new Error(`${subject} dry-run failed${reason}: ${toError(e).message}`, { cause: e });
}

async function mapConcurrent<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
