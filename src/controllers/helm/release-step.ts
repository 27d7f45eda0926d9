import { HelmReleaseCondition, HelmReleaseReason } from '../../api/helm/v2/index.ts';
import { ConditionReason, ConditionType, formatDuration } from '../../api/meta/index.ts';
import type { Chart, ReleaseRecord, Values } from '../../engines/helm/index.ts';
import * as conditions from '../../runtime/conditions/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import { TransientError, toError } from '../../runtime/reconcile/index.ts';
import { inventoryFromObjects, ResourceManager } from '../../runtime/ssa/index.ts';
import { clusterCapabilities } from './capabilities.ts';
import { FieldManager, type HelmEnv, HelmOwnerLabels, type HelmReleaseObject } from './env.ts';
import { recordSnapshot, releaseFullName, versionedChartName } from './history.ts';
import { releaseName, releaseNamespace, storageNamespace, timeoutMs } from './names.ts';
import { ActionError, performAction } from './release-action.ts';
import {
  actionFor,
  latestRelease,
  observeRelease,
  type ReleaseAction,
  ReleaseState,
} from './release-state.ts';
import { ReleaseStorage } from './storage.ts';
import { desiredTarget, installedTarget, sameTarget, uninstallRelease } from './uninstall.ts';

/** What the release step needs from the run, and what it leaves there for the exit. */
export interface ReleaseRun {
  env: HelmEnv;
  signal: AbortSignal;
  report(): Promise<void>;
  chart: Chart;
  values: Values;
  configDigest: string;
}

/** What the release step did, for the exit. */
export interface ReleaseDone {
  /** An action that succeeded: its reason and message, for the exit's event. */
  event?: { reason: string; message: string };
  /** Nothing was tried (retries exhausted): Ready stays as the last failure left it. */
  keepReady?: boolean;
}

/**
 * The release, observed then acted on, as Flux's state machine: the stored history tells the
 * state (absent, locked in `pending-*`, failed, out of sync, in sync), after the release of a
 * previous target (another name or namespace) is uninstalled; a locked revision is
 * unlocked (marked failed); then install or upgrade, or nothing when in sync. Released True
 * `InstallSucceeded` / `UpgradeSucceeded` ("Helm install succeeded for release ns/name.vN with
 * chart name@version"), or False `InstallFailed` / `UpgradeFailed` with Helm's error; failures
 * beyond the action's `remediation.retries` (default 0) stall (`RetriesExceeded`, Ready left as
 * the failure) until the chart, the values or the spec change. Test, rollback, uninstall remediation and drift are a
 * later phase's states and actions.
 */
export async function reconcileRelease(
  obj: HelmReleaseObject,
  run: ReleaseRun,
): Promise<ReleaseDone | undefined> {
  const { env } = run;
  obj.status ??= {};
  const status = obj.status;
  await leavePreviousTarget(env, obj);
  const storage = new ReleaseStorage(env.kube, storageNamespace(obj));
  status.storageNamespace = storage.namespace;
  const name = releaseName(obj);
  let history: ReleaseRecord[];
  try {
    history = await storage.history(name);
  } catch (e: unknown) {
    throw new TransientError(
      HelmReleaseReason.GetLastReleaseFailed,
      `failed to get last release revision: ${toError(e).message}`,
      { cause: e },
    );
  }
  const desired = {
    chartName: run.chart.metadata.name,
    chartVersion: run.chart.metadata.version,
    configDigest: run.configDigest,
  };
  let state = observeRelease(history, desired);
  if (state === ReleaseState.Locked) {
    await unlock(storage, latestRelease(history) as ReleaseRecord);
    state = ReleaseState.Failed;
  }
  const action = actionFor(state, history);
  if (!action) {
    adopt(obj, latestRelease(history) as ReleaseRecord);
    return undefined;
  }
  if (retriesExhausted(obj, action)) return { keepReady: true };
  status.lastAttemptedReleaseAction = action;
  const timeout = timeoutMs(obj, action === 'install' ? obj.spec.install : obj.spec.upgrade);
  conditions.markReconciling(
    obj,
    ConditionReason.Progressing,
    `Running '${action}' action with timeout of ${formatDuration(timeout)}`,
  );
  await run.report();
  const manager = new ResourceManager(env.kube, {
    fieldManager: FieldManager,
    mapper: env.mapper,
    owner: { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace ?? '' },
    ownerLabels: HelmOwnerLabels,
    cache: env.ownedCache,
  });
  const started = performance.now();
  try {
    const result = await performAction(action, {
      obj,
      chart: run.chart,
      values: run.values,
      history,
      storage,
      manager,
      capabilities: await clusterCapabilities(env.kube, env.mapper),
      signal: run.signal,
    });
    return succeeded(obj, action, result.release, result.objects);
  } catch (e: unknown) {
    throw failed(obj, action, e, { name, chart: `${run.chart.metadata.name}@${run.chart.metadata.version}` });
  } finally {
    status.lastAttemptedReleaseActionDuration = formatDuration(Math.round(performance.now() - started));
  }
}

// a changed releaseName, targetNamespace or storageNamespace makes a new release elsewhere: the
// one made before is uninstalled first, as Flux does, so nothing it made is left behind
async function leavePreviousTarget(env: HelmEnv, obj: HelmReleaseObject): Promise<void> {
  const installed = installedTarget(obj);
  if (!installed || sameTarget(installed, desiredTarget(obj))) return;
  try {
    await uninstallRelease(env, obj, installed);
  } catch (e: unknown) {
    throw new TransientError(
      HelmReleaseReason.UninstallFailed,
      `failed to uninstall release ${installed.namespace}/${installed.name} of the previous target: ${toError(e).message}`,
      { cause: e },
    );
  }
  if (obj.status) delete obj.status.history;
}

// a revision left in pending-* by a writer that died can never finish: Helm refuses any action
// on it, so it is marked failed (as Flux does) and the release moves on
async function unlock(storage: ReleaseStorage, latest: ReleaseRecord): Promise<void> {
  const from = latest.info?.status;
  latest.info = {
    ...latest.info,
    status: 'failed',
    description: `Release unlocked from stale '${from}' state`,
  };
  await storage.update(latest);
}

// in sync: the status records the deployed revision (a release `helm` made is adopted as is)
function adopt(obj: HelmReleaseObject, latest: ReleaseRecord): void {
  const status = obj.status ?? {};
  if (status.history?.[0]?.version !== latest.version) recordSnapshot(obj, latest);
  if (!conditions.isTrue(obj as never, HelmReleaseCondition.Released)) {
    const message = `Helm release ${releaseFullName(latest)} with chart ${versionedChartName(latest)} is in sync`;
    conditions.markTrue(
      obj as never,
      HelmReleaseCondition.Released,
      HelmReleaseReason.UpgradeSucceeded,
      message,
    );
  }
}

// Flux stops after `remediation.retries` failed attempts of the same chart, values and spec:
// Stalled `RetriesExceeded`, while Ready keeps the failure that got it there
function retriesExhausted(obj: HelmReleaseObject, action: ReleaseAction): boolean {
  const status = obj.status ?? {};
  const failures = (action === 'install' ? status.installFailures : status.upgradeFailures) ?? 0;
  const retries = (action === 'install' ? obj.spec.install : obj.spec.upgrade)?.remediation?.retries ?? 0;
  if (retries < 0 || failures <= retries) return false;
  conditions.markTrue(
    obj as never,
    ConditionType.Stalled,
    'RetriesExceeded',
    `Failed to ${action} after ${failures} attempt(s)`,
  );
  conditions.remove(obj as never, ConditionType.Reconciling);
  return true;
}

function succeeded(
  obj: HelmReleaseObject,
  action: ReleaseAction,
  release: ReleaseRecord,
  objects: KubeObject[],
): ReleaseDone {
  const status = obj.status ?? {};
  recordSnapshot(obj, release, action);
  status.inventory = inventoryFromObjects(objects);
  const reason =
    action === 'install' ? HelmReleaseReason.InstallSucceeded : HelmReleaseReason.UpgradeSucceeded;
  const verb = action === 'install' ? 'install' : 'upgrade';
  const message = `Helm ${verb} succeeded for release ${releaseFullName(release)} with chart ${versionedChartName(release)}`;
  conditions.markTrue(obj as never, HelmReleaseCondition.Released, reason, message);
  return { event: { reason, message } };
}

function failed(
  obj: HelmReleaseObject,
  action: ReleaseAction,
  e: unknown,
  names: { name: string; chart: string },
): TransientError {
  const status = obj.status ?? {};
  if (e instanceof ActionError && e.release) recordSnapshot(obj, e.release, action);
  if (action === 'install') status.installFailures = (status.installFailures ?? 0) + 1;
  else status.upgradeFailures = (status.upgradeFailures ?? 0) + 1;
  status.failures = (status.failures ?? 0) + 1;
  const reason = action === 'install' ? HelmReleaseReason.InstallFailed : HelmReleaseReason.UpgradeFailed;
  const message = `Helm ${action} failed for release ${releaseNamespace(obj)}/${names.name} with chart ${names.chart}: ${toError(e).message}`;
  conditions.markFalse(obj as never, HelmReleaseCondition.Released, reason, message);
  return new TransientError(reason, message, { cause: e });
}
