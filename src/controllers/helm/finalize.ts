import { HelmReleaseReason } from '../../api/helm/v2/index.ts';
import { goTime, type Hook, type ReleaseRecord } from '../../engines/helm/index.ts';
import type { Logger } from '../../runtime/logging/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import { ResourceManager } from '../../runtime/ssa/index.ts';
import { deleteChartTemplate } from './chart-source.ts';
import { FieldManager, type HelmEnv, HelmOwnerLabels, type HelmReleaseObject } from './env.ts';
import { releaseFullName, versionedChartName } from './history.ts';
import { runHooks } from './hooks.ts';
import { releaseName, releaseNamespace, timeoutMs } from './names.ts';
import { revisionObjects } from './release-step.ts';
import { ReleaseStorage } from './storage.ts';

/** Helm's annotation that keeps an object when its release is uninstalled. */
const ResourcePolicy = 'helm.sh/resource-policy';

/**
 * Clean-up before the finalizer goes, as Flux does: unless suspended, the release is uninstalled
 * (the `pre-delete` hooks, the objects of its last revision deleted, except those annotated
 * `helm.sh/resource-policy: keep`, waited for until gone unless `uninstall.disableWait`, the
 * `post-delete` hooks), its history deleted unless `uninstall.keepHistory` (then the last
 * revision is kept as `uninstalled`), then the HelmChart of the template is deleted. Event
 * `UninstallSucceeded` "Helm uninstall succeeded for release ns/name.vN with chart name@version";
 * a failure is a Warning `UninstallFailed` and is retried (the finalizer stays).
 */
export async function finalizeHelmRelease(env: HelmEnv, obj: HelmReleaseObject, log: Logger): Promise<void> {
  if (!obj.spec.suspend && obj.status?.storageNamespace) {
    try {
      await uninstall(env, obj);
    } catch (e: unknown) {
      const message = `Helm uninstall failed for release ${releaseNamespace(obj)}/${releaseName(obj)}: ${toError(e).message}`;
      log.error(e, message);
      env.recorder.event(obj, 'Warning', HelmReleaseReason.UninstallFailed, message);
      throw e;
    }
  } else if (obj.spec.suspend) log.info('skipping Helm uninstall for suspended resource');
  await deleteChartTemplate(env, obj);
}

async function uninstall(env: HelmEnv, obj: HelmReleaseObject): Promise<void> {
  const storage = new ReleaseStorage(env.kube, obj.status?.storageNamespace ?? '');
  const history = await storage.history(releaseName(obj));
  const latest = history.at(-1);
  if (!latest || latest.info?.status === 'uninstalled') return;
  const options = obj.spec.uninstall;
  const manager = new ResourceManager(env.kube, {
    fieldManager: FieldManager,
    mapper: env.mapper,
    owner: { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace ?? '' },
    ownerLabels: HelmOwnerLabels,
  });
  const timeout = timeoutMs(obj, options);
  const owner = { name: releaseName(obj), namespace: releaseNamespace(obj) };
  const hooks = options?.disableHooks ? [] : recordedHooks(latest);
  const hookRun = { manager, owner, timeoutMs: timeout, signal: AbortSignal.timeout(timeout) };
  await runHooks(hooks, latest.hooks ?? [], 'pre-delete', hookRun);
  const objects = await revisionObjects(env, obj, latest);
  // Helm removes what its release holds whoever labelled it, but never what asks to be kept
  await manager.deleteAll(objects, {
    inclusions: {},
    exclusions: { [ResourcePolicy]: 'keep' },
    propagationPolicy: capitalize(options?.deletionPropagation ?? 'background'),
  });
  if (!options?.disableWait) await manager.waitForTermination(objects, { timeoutMs: timeout });
  await runHooks(hooks, latest.hooks ?? [], 'post-delete', hookRun);
  if (options?.keepHistory) {
    latest.info = {
      ...latest.info,
      status: 'uninstalled',
      description: 'Uninstallation complete',
      deleted: goTime(new Date()),
    };
    await storage.update(latest);
  } else for (const rel of history) await storage.delete(rel);
  env.recorder.event(
    obj,
    'Normal',
    HelmReleaseReason.UninstallSucceeded,
    `Helm uninstall succeeded for release ${releaseFullName(latest)} with chart ${versionedChartName(latest)}`,
  );
}

// the hooks a stored revision recorded, in the shape the hook runner takes
function recordedHooks(rel: ReleaseRecord): Hook[] {
  return (rel.hooks ?? []).map((h) => ({
    name: h.name ?? '',
    kind: h.kind ?? '',
    path: h.path ?? '',
    manifest: h.manifest ?? '',
    events: h.events ?? [],
    weight: h.weight ?? 0,
    deletePolicies: h.delete_policies ?? [],
  }));
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
