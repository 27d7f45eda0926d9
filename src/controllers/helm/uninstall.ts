import { HelmReleaseReason } from '../../api/helm/v2/index.ts';
import { goTime, type ReleaseRecord } from '../../engines/helm/index.ts';
import { ResourceManager } from '../../runtime/ssa/index.ts';
import { FieldManager, type HelmEnv, HelmOwnerLabels, type HelmReleaseObject } from './env.ts';
import { releaseFullName, versionedChartName } from './history.ts';
import { recordedHooks, runHooks } from './hooks.ts';
import { releaseName, releaseNamespace, storageNamespace, timeoutMs } from './names.ts';
import { manifestObjects } from './objects.ts';
import { ReleaseStorage } from './storage.ts';

/** Helm's annotation that keeps an object when its release is uninstalled. */
const ResourcePolicy = 'helm.sh/resource-policy';

/** Where a release is: its name, the namespace of its objects and that of its storage. */
export interface ReleaseTarget {
  name: string;
  namespace: string;
  storageNamespace: string;
}

/** Where the spec says the release goes. */
export function desiredTarget(obj: HelmReleaseObject): ReleaseTarget {
  return {
    name: releaseName(obj),
    namespace: releaseNamespace(obj),
    storageNamespace: storageNamespace(obj),
  };
}

/**
 * Where the release this HelmRelease made is, as its status recorded it (the latest history
 * snapshot and `storageNamespace`); undefined when it never made one.
 */
export function installedTarget(obj: HelmReleaseObject): ReleaseTarget | undefined {
  const latest = obj.status?.history?.[0];
  const storage = obj.status?.storageNamespace;
  if (!latest || !storage) return undefined;
  return { name: latest.name, namespace: latest.namespace, storageNamespace: storage };
}

/** Tells whether two targets name the same release. */
export function sameTarget(a: ReleaseTarget, b: ReleaseTarget): boolean {
  return a.name === b.name && a.namespace === b.namespace && a.storageNamespace === b.storageNamespace;
}

/**
 * Uninstalls a release as Helm does: the `pre-delete` hooks (unless `uninstall.disableHooks`),
 * the objects of its last revision deleted (`deletionPropagation`; never those annotated
 * `helm.sh/resource-policy: keep`), waited for until gone unless `uninstall.disableWait`, the
 * `post-delete` hooks, then its history deleted, or with `keepHistory` the last revision kept
 * as `uninstalled`. Event `UninstallSucceeded` "Helm uninstall succeeded for release
 * ns/name.vN with chart name@version", unless `quiet` (a remediation words its own). Returns the
 * revision uninstalled (marked `uninstalled`); nothing to do when there is no release or it is
 * uninstalled already.
 */
export async function uninstallRelease(
  env: HelmEnv,
  obj: HelmReleaseObject,
  target: ReleaseTarget,
  { quiet = false }: { quiet?: boolean } = {},
): Promise<ReleaseRecord | undefined> {
  const storage = new ReleaseStorage(env.kube, target.storageNamespace);
  const history = await storage.history(target.name);
  const latest = history.at(-1);
  if (!latest || latest.info?.status === 'uninstalled') return undefined;
  const options = obj.spec.uninstall;
  const manager = new ResourceManager(env.kube, {
    fieldManager: FieldManager,
    mapper: env.mapper,
    owner: { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace ?? '' },
    ownerLabels: HelmOwnerLabels,
  });
  const timeout = timeoutMs(obj, options);
  const owner = { name: target.name, namespace: target.namespace };
  const hooks = options?.disableHooks ? [] : recordedHooks(latest);
  const hookRun = { manager, owner, timeoutMs: timeout, signal: AbortSignal.timeout(timeout) };
  await runHooks(hooks, latest.hooks ?? [], 'pre-delete', hookRun);
  const objects = await manifestObjects(env.mapper, latest.manifest, owner);
  // Helm removes what its release holds whoever labelled it, but never what asks to be kept
  await manager.deleteAll(objects, {
    inclusions: {},
    exclusions: { [ResourcePolicy]: 'keep' },
    propagationPolicy: capitalize(options?.deletionPropagation ?? 'background'),
  });
  if (!options?.disableWait) await manager.waitForTermination(objects, { timeoutMs: timeout });
  await runHooks(hooks, latest.hooks ?? [], 'post-delete', hookRun);
  latest.info = {
    ...latest.info,
    status: 'uninstalled',
    description: 'Uninstallation complete',
    deleted: goTime(new Date()),
  };
  if (options?.keepHistory) await storage.update(latest);
  else for (const rel of history) await storage.delete(rel);
  if (quiet) return latest;
  env.recorder.event(
    obj,
    'Normal',
    HelmReleaseReason.UninstallSucceeded,
    `Helm uninstall succeeded for release ${releaseFullName(latest)} with chart ${versionedChartName(latest)}`,
  );
  return latest;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
