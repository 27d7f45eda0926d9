import { parseDuration } from '../../api/meta/index.ts';
import type { ReleaseRecord } from '../../engines/helm/index.ts';
import type { HelmReleaseObject } from './env.ts';
import { actionFor, type ReleaseAction, ReleaseState } from './release-state.ts';

/** Every action the state machine takes: the two that make a revision, and the others. */
export type NextAction = ReleaseAction | 'test' | 'rollback' | 'uninstall' | 'unlock';

/**
 * The kind of an action: one reconcile runs each kind once at most (an install then an upgrade
 * would be the same attempt twice), and stops after a remediation, as Flux does.
 */
export type ActionKind = 'release' | 'test' | 'remediate' | 'unlock';

/** The kind of an action (see {@link ActionKind}). */
export function kindOf(action: NextAction): ActionKind {
  if (action === 'install' || action === 'upgrade') return 'release';
  if (action === 'rollback' || action === 'uninstall') return 'remediate';
  return action;
}

/** What to do next: an action, nothing (the release is as desired), or nothing ever (retries exhausted). */
export type Plan = { action: NextAction } | { inSync: true } | { exhausted: true };

/** The remediation in effect: that of the last attempted action, with Flux's defaults filled in. */
export interface Remediation {
  action: ReleaseAction;
  /** Negative: retry forever. */
  retries: number;
  /** Install always uninstalls; upgrade rolls back unless told to uninstall. */
  strategy: 'rollback' | 'uninstall';
  remediateLastFailure: boolean;
  ignoreTestFailures?: boolean;
}

/** Flux's default wait between the attempts of the `RetryOnFailure` strategy. */
const DefaultRetryIntervalMs = 5 * 60_000;

const optionsOf = (obj: HelmReleaseObject, action: ReleaseAction) =>
  action === 'install' ? obj.spec.install : obj.spec.upgrade;

/**
 * The wait between attempts when the action uses the `RetryOnFailure` strategy (`retryInterval`,
 * default 5m); undefined under `RemediateOnFailure`, the default.
 */
export function retryIntervalMs(obj: HelmReleaseObject, action: ReleaseAction): number | undefined {
  const strategy = optionsOf(obj, action)?.strategy;
  if (strategy?.name !== 'RetryOnFailure') return undefined;
  return strategy.retryInterval ? parseDuration(strategy.retryInterval) : DefaultRetryIntervalMs;
}

/** The remediation of an action, with Flux's defaults (`remediateLastFailure`: upgrade's follows `retries > 0`). */
export function remediationOf(obj: HelmReleaseObject, action: ReleaseAction): Remediation {
  const r = optionsOf(obj, action)?.remediation;
  const retries = r?.retries ?? 0;
  const upgrade = obj.spec.upgrade?.remediation;
  return {
    action,
    retries,
    strategy: action === 'install' ? 'uninstall' : (upgrade?.strategy ?? 'rollback'),
    remediateLastFailure: r?.remediateLastFailure ?? (action === 'upgrade' && retries > 0),
    ...(r?.ignoreTestFailures === undefined ? {} : { ignoreTestFailures: r.ignoreTestFailures }),
  };
}

/**
 * The remediation in effect, that of `status.lastAttemptedReleaseAction`; none before any
 * attempt, nor under the `RetryOnFailure` strategy (it never remediates).
 */
export function activeRemediation(obj: HelmReleaseObject): Remediation | undefined {
  const action = obj.status?.lastAttemptedReleaseAction;
  if (!action || retryIntervalMs(obj, action) !== undefined) return undefined;
  return remediationOf(obj, action);
}

/** The failures counted against an action's retries (`installFailures` / `upgradeFailures`). */
export function failureCount(obj: HelmReleaseObject, action: ReleaseAction): number {
  return (action === 'install' ? obj.status?.installFailures : obj.status?.upgradeFailures) ?? 0;
}

/** Counts one failure against an action's retries. */
export function countFailure(obj: HelmReleaseObject, action: ReleaseAction): void {
  obj.status ??= {};
  if (action === 'install') obj.status.installFailures = failureCount(obj, action) + 1;
  else obj.status.upgradeFailures = failureCount(obj, action) + 1;
}

/** More failures than `retries` (never under `RetryOnFailure`, nor with negative retries). */
export function retriesExhausted(obj: HelmReleaseObject, action: ReleaseAction): boolean {
  if (retryIntervalMs(obj, action) !== undefined) return false;
  const { retries } = remediationOf(obj, action);
  return retries >= 0 && failureCount(obj, action) > retries;
}

/** Whether failed tests count as a failure: the active remediation's `ignoreTestFailures`, else `test.ignoreFailures`. */
export function ignoresTestFailures(obj: HelmReleaseObject): boolean {
  return activeRemediation(obj)?.ignoreTestFailures ?? obj.spec.test?.ignoreFailures ?? false;
}

/**
 * The next step for a state, as Flux's state machine decides it: in sync -> nothing (or an
 * upgrade when `forceAt` asks); locked -> unlock; untested -> test; absent -> install and out of
 * sync -> upgrade while retries remain (or forced); failed -> try the action again when no
 * remediation applies, the conditions changed since (no failure counted) or forced, else
 * remediate (install: uninstall; upgrade: its strategy) while retries remain or the last failure
 * must be remediated, else nothing ever.
 */
export function planNext(
  state: ReleaseState,
  obj: HelmReleaseObject,
  history: ReleaseRecord[],
  force: boolean,
): Plan {
  const again = (): Plan => ({ action: actionFor(ReleaseState.Failed, history) ?? 'upgrade' });
  switch (state) {
    case ReleaseState.InSync:
      return force ? { action: 'upgrade' } : { inSync: true };
    case ReleaseState.Locked:
      return { action: 'unlock' };
    case ReleaseState.Untested:
      return { action: 'test' };
    case ReleaseState.Absent:
      return retriesExhausted(obj, 'install') && !force ? { exhausted: true } : { action: 'install' };
    case ReleaseState.OutOfSync:
      return retriesExhausted(obj, 'upgrade') && !force ? { exhausted: true } : { action: 'upgrade' };
    default: {
      const remediation = activeRemediation(obj);
      if (!remediation || failureCount(obj, remediation.action) <= 0 || force) return again();
      if (retriesExhausted(obj, remediation.action) && !remediation.remediateLastFailure)
        return { exhausted: true };
      return { action: remediation.strategy };
    }
  }
}
