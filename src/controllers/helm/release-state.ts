import type { ReleaseRecord } from '../../engines/helm/index.ts';
import { configDigest } from './values.ts';

/**
 * What the controller observes of a release before it acts, as Flux's state machine names it.
 * Later phases add `Unmanaged` (a release another owner made), `Drifted` and `Untested`.
 */
export const ReleaseState = {
  /** No release, or only uninstalled ones kept as history: install. */
  Absent: 'Absent',
  /** The last revision is stuck in `pending-*` (its writer died): unlock it, then act on it. */
  Locked: 'Locked',
  /** The last revision failed: upgrade (remediation decides more in a later phase). */
  Failed: 'Failed',
  /** Deployed, but with another chart or other values: upgrade. */
  OutOfSync: 'OutOfSync',
  /** Deployed with the desired chart and values: nothing to do. */
  InSync: 'InSync',
} as const;
/** One of {@link ReleaseState}. */
export type ReleaseState = (typeof ReleaseState)[keyof typeof ReleaseState];

/** The action a state calls for; undefined when the release is as desired. */
export type ReleaseAction = 'install' | 'upgrade';

/** What the release should be: the chart (name and version) and the digest of its values. */
export interface DesiredRelease {
  chartName: string;
  chartVersion: string;
  configDigest: string;
}

/** The last revision of a history (oldest first), if any. */
export function latestRelease(history: ReleaseRecord[]): ReleaseRecord | undefined {
  return history.at(-1);
}

/** The state of a release, from its stored history (oldest first) and what is desired. */
export function observeRelease(history: ReleaseRecord[], desired: DesiredRelease): ReleaseState {
  const latest = latestRelease(history);
  const status = latest?.info?.status;
  if (!latest || status === 'uninstalled' || status === 'uninstalling') return ReleaseState.Absent;
  if (status?.startsWith('pending-')) return ReleaseState.Locked;
  if (status !== 'deployed') return ReleaseState.Failed;
  const md = latest.chart?.metadata ?? {};
  const same =
    md.name === desired.chartName &&
    md.version === desired.chartVersion &&
    configDigest(latest.config) === desired.configDigest;
  return same ? ReleaseState.InSync : ReleaseState.OutOfSync;
}

/**
 * What to do about a state: install what is absent, upgrade what is failed or out of sync (a
 * failed first install with nothing deployed before is installed again), nothing when in sync.
 * `Locked` is unlocked by the caller first, then looked at again as `Failed`.
 */
export function actionFor(state: ReleaseState, history: ReleaseRecord[]): ReleaseAction | undefined {
  switch (state) {
    case ReleaseState.Absent:
      return 'install';
    case ReleaseState.InSync:
      return undefined;
    case ReleaseState.Locked:
    case ReleaseState.Failed:
      return history.some((r) => r.info?.status === 'deployed' || r.info?.status === 'superseded')
        ? 'upgrade'
        : 'install';
    default:
      return 'upgrade';
  }
}
