import {
  type Chart,
  type CrdFile,
  type CrdPolicy,
  crdObjects,
  fluxCrdPolicy,
  fluxPostRenderOrThrow,
  type ReleaseRecord,
  releaseFromRender,
  renderChartWithLookups,
  type Values,
} from '../../engines/helm/index.ts';
import { clusterLookup } from '../../runtime/helm-lookup/index.ts';
import { isConflict, isNotFound, type KubeObject } from '../../runtime/kube/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import {
  ApplyAction,
  type ChangeSetEntry,
  ChangeSetError,
  inventoryDiff,
  inventoryFromChangeSet,
  inventoryFromObjects,
  inventoryObjects,
  type ResourceManager,
} from '../../runtime/ssa/index.ts';
import type { ClusterCapabilities } from './capabilities.ts';
import type { HelmReleaseObject } from './env.ts';
import { runHooks } from './hooks.ts';
import { releaseName, releaseNamespace, timeoutMs } from './names.ts';
import { manifestObjects, type ReleaseOwner, releaseObjects } from './objects.ts';
import type { ReleaseAction } from './release-state.ts';
import type { ReleaseStorage } from './storage.ts';

/** What one install or upgrade works with. */
export interface ActionInput {
  obj: HelmReleaseObject;
  chart: Chart;
  values: Values;
  /** The stored revisions of the release, oldest first. */
  history: ReleaseRecord[];
  storage: ReleaseStorage;
  manager: ResourceManager;
  capabilities: ClusterCapabilities;
  signal: AbortSignal;
}

/** What an action did: the release it stored and every object it applied or pruned. */
export interface ActionResult {
  release: ReleaseRecord;
  objects: KubeObject[];
  changes: ChangeSetEntry[];
}

/** A failed action, with the revision it left as `failed` in the storage (if it got that far). */
export class ActionError extends Error {
  readonly release?: ReleaseRecord;
  constructor(message: string, release?: ReleaseRecord, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ActionError';
    this.release = release;
  }
}

/**
 * Installs or upgrades a release as Helm does, applying server-side as `helm-controller`: render
 * with the cluster's capabilities and `lookup` answered from the target cluster, store the new revision as `pending-<action>`, create the
 * namespace (`install.createNamespace`), apply the chart's CRDs per the action's `crds` policy
 * (install: Create, upgrade: Skip by default), run the `pre-` hooks, apply the manifests in
 * Helm's order (cluster definitions first), wait until every object is Current (unless
 * `disableWait`; `disableWaitForJobs` leaves Jobs out), run the `post-` hooks, then mark the revision `deployed`, the previous one
 * `superseded`, prune what the previous revision had and this one no longer renders, and keep
 * `maxHistory` revisions. On failure the revision is marked `failed` with Helm's description
 * (after a failed upgrade with `cleanupOnFail`, what it created is deleted).
 */
export async function performAction(action: ReleaseAction, input: ActionInput): Promise<ActionResult> {
  const { obj, storage, manager, history } = input;
  const owner: ReleaseOwner = { name: releaseName(obj), namespace: releaseNamespace(obj) };
  const options = action === 'install' ? obj.spec.install : obj.spec.upgrade;
  const timeout = timeoutMs(obj, options);
  const revision = (history.at(-1)?.version ?? 0) + 1;
  const previous = [...history].reverse().find((r) => r.info?.status === 'deployed');
  // `lookup` reads the release's target cluster, as the manager's client is that cluster's
  const rendered = await renderChartWithLookups(
    input.chart,
    {
      releaseName: owner.name,
      namespace: owner.namespace,
      revision,
      isUpgrade: action === 'upgrade',
      values: input.values,
      kubeVersion: input.capabilities.kubeVersion,
      apiVersions: input.capabilities.apiVersions,
      skipSchemaValidation: options?.disableSchemaValidation,
    },
    clusterLookup(manager.kube, manager.mapper),
  );
  const result = fluxPostRenderOrThrow(rendered, obj.spec);
  const release = releaseFromRender(result, {
    name: owner.name,
    namespace: owner.namespace,
    revision,
    config: input.values,
    status: `pending-${action}`,
    description: action === 'install' ? 'Initial install underway' : 'Preparing upgrade',
  });
  await storage.create(release);
  const info = release.info ?? {};
  // what this action created, for `upgrade.cleanupOnFail`
  let applied: ChangeSetEntry[] = [];
  try {
    if (action === 'install' && obj.spec.install?.createNamespace)
      await createNamespace(manager, owner.namespace);
    await applyCrds(manager, result.crds, fluxCrdPolicy(action, obj.spec));
    const hooked = !options?.disableHooks;
    const hookRun = { manager, owner, timeoutMs: timeout, signal: input.signal };
    if (hooked) await runHooks(result.hooks, release.hooks ?? [], `pre-${action}`, hookRun);
    const objects = await releaseObjects(manager.mapper, result.manifests, owner);
    const { entries } = await manager
      .applyAll(objects, {
        force: action === 'upgrade' && obj.spec.upgrade?.force === true,
        waitTimeoutMs: timeout,
      })
      .catch((e: unknown) => {
        if (e instanceof ChangeSetError) applied = e.entries;
        throw e;
      });
    applied = entries;
    if (!options?.disableWait)
      await manager.waitForSet(options?.disableWaitForJobs ? objects.filter((o) => !isJob(o)) : objects, {
        timeoutMs: timeout,
        failFast: true,
        signal: input.signal,
        healthChecks: obj.spec.healthCheckExprs,
      });
    if (hooked) await runHooks(result.hooks, release.hooks ?? [], `post-${action}`, hookRun);
    info.status = 'deployed';
    info.description = action === 'install' ? 'Install complete' : 'Upgrade complete';
    await storage.update(release);
    if (previous?.info) {
      previous.info.status = 'superseded';
      await storage.update(previous);
    }
    const pruned = previous ? await pruneStale(manager, previous, objects, owner) : [];
    await storage.prune([...history, release], obj.spec.maxHistory ?? 5);
    return { release, objects, changes: [...entries, ...pruned] };
  } catch (e: unknown) {
    let message = toError(e).message;
    if (action === 'upgrade' && obj.spec.upgrade?.cleanupOnFail) message += await cleanUp(manager, applied);
    info.status = 'failed';
    info.description = `${action === 'install' ? 'Release' : 'Upgrade'} "${owner.name}" failed: ${message}`;
    try {
      await storage.update(release);
    } catch (err: unknown) {
      throw new ActionError(
        `${message}; and the release could not be marked failed: ${toError(err).message}`,
        release,
      );
    }
    throw new ActionError(message, release, { cause: e });
  }
}

/**
 * `cleanupOnFail`: what a failed upgrade or rollback created goes, as Helm deletes the resources
 * it added; a clean-up that fails is said after the action's own error (the returned suffix).
 */
export async function cleanUp(manager: ResourceManager, applied: ChangeSetEntry[]): Promise<string> {
  const created = inventoryObjects(
    inventoryFromChangeSet(applied.filter((e) => e.action === ApplyAction.Created)),
  );
  if (created.length === 0) return '';
  try {
    await manager.deleteAll(created);
    return '';
  } catch (e: unknown) {
    return `; and the cleanup of the created resources failed: ${toError(e).message}`;
  }
}

async function applyCrds(manager: ResourceManager, files: CrdFile[], policy: CrdPolicy): Promise<void> {
  if (policy === 'Skip' || files.length === 0) return;
  const crds = crdObjects(files);
  const wanted = policy === 'CreateReplace' ? crds : await missing(manager, crds);
  // cluster definitions are applied in a stage of their own, waited for until Established
  if (wanted.length > 0) await manager.applyAll(wanted);
}

async function missing(manager: ResourceManager, objects: KubeObject[]): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (const o of objects) {
    try {
      await manager.kube.get(await manager.mapper.refFor(o));
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
      out.push(o);
    }
  }
  return out;
}

async function createNamespace(manager: ResourceManager, name: string): Promise<void> {
  try {
    await manager.kube.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name } });
  } catch (e: unknown) {
    if (!isConflict(e)) throw e;
  }
}

/**
 * Deletes what the previous revision had and this one no longer renders (only objects carrying
 * this HelmRelease's owner labels are deleted).
 */
export async function pruneStale(
  manager: ResourceManager,
  previous: ReleaseRecord,
  objects: KubeObject[],
  owner: ReleaseOwner,
): Promise<ChangeSetEntry[]> {
  const before = await manifestObjects(manager.mapper, previous.manifest, owner);
  const stale = inventoryDiff(inventoryFromObjects(before), inventoryFromObjects(objects));
  if (stale.length === 0) return [];
  return (await manager.deleteAll(stale)).entries;
}

/** Tells whether an object is a batch Job (left out of the wait with `disableWaitForJobs`). */
export const isJob = (o: KubeObject) => o.kind === 'Job' && (o.apiVersion ?? '').startsWith('batch/');
