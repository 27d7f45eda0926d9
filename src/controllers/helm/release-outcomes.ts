import { HelmReleaseCondition, HelmReleaseReason } from '../../api/helm/v2/index.ts';
import type { ReleaseRecord } from '../../engines/helm/index.ts';
import * as conditions from '../../runtime/conditions/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import { inventoryFromObjects } from '../../runtime/ssa/index.ts';
import type { HelmEnv, HelmReleaseObject } from './env.ts';
import {
  recordSnapshot,
  releaseFullName,
  type Snapshot,
  testHooksOf,
  versionedChartName,
} from './history.ts';
import { countFailure, ignoresTestFailures, type Remediation } from './release-plan.ts';
import type { ReleaseAction } from './release-state.ts';

// the conditions helpers take any object with conditions; a HelmRelease is one
const c = (obj: HelmReleaseObject) => obj as Parameters<typeof conditions.get>[0];
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Records an outcome as Flux does: an event on the HelmRelease with the chart version and values digest. */
function event(
  env: HelmEnv,
  obj: HelmReleaseObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  rel: Pick<Snapshot, 'chartVersion' | 'configDigest' | 'appVersion' | 'ociDigest'> | undefined,
): void {
  const metadata: Record<string, string> = {};
  if (rel?.chartVersion) metadata['helm.toolkit.fluxcd.io/revision'] = rel.chartVersion;
  if (rel?.configDigest) metadata['helm.toolkit.fluxcd.io/token'] = rel.configDigest;
  if (rel?.appVersion) metadata['helm.toolkit.fluxcd.io/app-version'] = rel.appVersion;
  if (rel?.ociDigest) metadata['helm.toolkit.fluxcd.io/oci-digest'] = rel.ociDigest;
  env.recorder.event(obj as KubeObject, type, reason, message, metadata);
}

/**
 * An install or upgrade that succeeded: its snapshot on top of `status.history` (with the OCI
 * digest of the chart when it came from an OCIRepository), the inventory, Released True
 * `InstallSucceeded`/`UpgradeSucceeded` "Helm install succeeded for release ns/name.vN with
 * chart name@version", any Remediated condition dropped (the remediated revision is history),
 * TestSuccess False `Pending` "... is awaiting tests" when tests are enabled, and the event.
 */
export function releaseSucceeded(
  env: HelmEnv,
  obj: HelmReleaseObject,
  action: ReleaseAction,
  release: ReleaseRecord,
  objects: KubeObject[],
): void {
  const status = obj.status ?? {};
  recordSnapshot(obj, release, action, { ociDigest: status.lastAttemptedRevisionDigest });
  status.inventory = inventoryFromObjects(objects);
  const reason =
    action === 'install' ? HelmReleaseReason.InstallSucceeded : HelmReleaseReason.UpgradeSucceeded;
  const message = `Helm ${action} succeeded for release ${releaseFullName(release)} with chart ${versionedChartName(release)}`;
  conditions.markTrue(c(obj), HelmReleaseCondition.Released, reason, message);
  conditions.remove(c(obj), HelmReleaseCondition.Remediated);
  if (obj.spec.test?.enable)
    conditions.markFalse(
      c(obj),
      HelmReleaseCondition.TestSuccess,
      'Pending',
      `Helm release ${releaseFullName(release)} with chart ${versionedChartName(release)} is awaiting tests`,
    );
  event(env, obj, 'Normal', reason, message, status.history?.[0]);
}

/**
 * An install or upgrade that failed: the revision it left (if any) recorded, one more failure
 * counted (`installFailures`/`upgradeFailures` and `failures`), Released False
 * `InstallFailed`/`UpgradeFailed` "Helm install failed for release ns/name with chart
 * name@version: <why>", and the Warning event. Returns the message.
 */
export function releaseFailed(
  env: HelmEnv,
  obj: HelmReleaseObject,
  action: ReleaseAction,
  e: unknown,
  names: { release: string; chart: string },
  stored?: ReleaseRecord,
): string {
  const status = obj.status ?? {};
  if (stored) recordSnapshot(obj, stored, action, { ociDigest: status.lastAttemptedRevisionDigest });
  countFailure(obj, action);
  status.failures = (status.failures ?? 0) + 1;
  const reason = action === 'install' ? HelmReleaseReason.InstallFailed : HelmReleaseReason.UpgradeFailed;
  const message = `Helm ${action} failed for release ${names.release} with chart ${names.chart}: ${toError(e).message}`;
  conditions.markFalse(c(obj), HelmReleaseCondition.Released, reason, message);
  event(env, obj, 'Warning', reason, message, status.history?.[0]);
  return message;
}

/**
 * A test run: its results in the latest snapshot's `testHooks`, then TestSuccess True
 * `TestSucceeded` "Helm test succeeded for release ns/name.vN with chart name@version: N test
 * hook(s) completed successfully" (or "no test hooks"), or False `TestFailed` "Helm test failed
 * for release ...: <why>" with one more failure, counted against the active remediation's
 * retries unless test failures are ignored; and the event.
 */
export function testsDone(
  env: HelmEnv,
  obj: HelmReleaseObject,
  release: ReleaseRecord,
  failure: Error | undefined,
  remediation: Remediation | undefined,
): void {
  recordSnapshot(obj, release, undefined, { testHooks: testHooksOf(release) });
  const latest = obj.status?.history?.[0];
  const name = `${releaseFullName(release)} with chart ${versionedChartName(release)}`;
  if (failure) {
    const status = obj.status ?? {};
    status.failures = (status.failures ?? 0) + 1;
    const message = `Helm test failed for release ${name}: ${failure.message.trim()}`;
    conditions.markFalse(c(obj), HelmReleaseCondition.TestSuccess, HelmReleaseReason.TestFailed, message);
    event(env, obj, 'Warning', HelmReleaseReason.TestFailed, message, latest);
    if (remediation && !ignoresTestFailures(obj)) countFailure(obj, remediation.action);
    return;
  }
  const count = Object.keys(latest?.testHooks ?? {}).length;
  const hooks =
    count === 0 ? 'no test hooks' : `${count} test hook${count > 1 ? 's' : ''} completed successfully`;
  const message = `Helm test succeeded for release ${name}: ${hooks}`;
  conditions.markTrue(c(obj), HelmReleaseCondition.TestSuccess, HelmReleaseReason.TestSucceeded, message);
  event(env, obj, 'Normal', HelmReleaseReason.TestSucceeded, message, latest);
}

/**
 * A remediation's outcome: Remediated True `RollbackSucceeded` "Helm rollback to previous release
 * ns/name.vN with chart name@version succeeded" / `UninstallSucceeded` "Helm uninstall
 * remediation for release ns/name.vN with chart name@version succeeded", or False
 * `RollbackFailed` / `UninstallFailed` with "... failed: <why>" and one more failure; and the
 * event. `subject` is the rollback target, or the revision uninstalled.
 */
export function remediationDone(
  env: HelmEnv,
  obj: HelmReleaseObject,
  strategy: 'rollback' | 'uninstall',
  subject: Snapshot,
  e?: unknown,
): void {
  const name = `${subject.namespace}/${subject.name}.v${subject.version} with chart ${subject.chartName}@${subject.chartVersion}`;
  const head =
    strategy === 'rollback'
      ? `Helm rollback to previous release ${name}`
      : `Helm uninstall remediation for release ${name}`;
  const reason = (outcome: 'Succeeded' | 'Failed') => `${capitalize(strategy)}${outcome}`;
  if (e === undefined) {
    const message = `${head} succeeded`;
    conditions.markTrue(c(obj), HelmReleaseCondition.Remediated, reason('Succeeded'), message);
    event(env, obj, 'Normal', reason('Succeeded'), message, subject);
    return;
  }
  const status = obj.status ?? {};
  status.failures = (status.failures ?? 0) + 1;
  const message = `${head} failed: ${toError(e).message.trim()}`;
  conditions.markFalse(c(obj), HelmReleaseCondition.Remediated, reason('Failed'), message);
  event(env, obj, 'Warning', reason('Failed'), message, subject);
}
