import type { ReleaseRecord } from '../../engines/helm/index.ts';
import { hasTestInPhase, type Snapshot } from './history.ts';
import { configDigest } from './values.ts';

/**
 * What the controller observes of a release before it acts, as Flux's state machine names it.
 * `Unmanaged` (a release another owner made) and `Drifted` are not told apart yet: a deployed
 * release with the desired chart and values is taken as in sync.
 */
export const ReleaseState = {
  /** No release, or only uninstalled ones kept as history: install. */
  Absent: 'Absent',
  /** The last revision is stuck in `pending-*` (its writer died): unlock it, then act on it. */
  Locked: 'Locked',
  /** The last revision failed, or its tests did and that counts: remediate, or try again. */
  Failed: 'Failed',
  /** Deployed, but with another chart or other values: upgrade. */
  OutOfSync: 'OutOfSync',
  /** Deployed as desired, tests enabled but not run on it yet: test. */
  Untested: 'Untested',
  /** Deployed with the desired chart and values (and tested when asked): nothing to do. */
  InSync: 'InSync',
} as const;
/** One of {@link ReleaseState}. */
export type ReleaseState = (typeof ReleaseState)[keyof typeof ReleaseState];

/** An action that makes a release revision, as `status.lastAttemptedReleaseAction` records it. */
export type ReleaseAction = 'install' | 'upgrade';

/** What the release should be: the chart (name and version) and the digest of its values. */
export interface DesiredRelease {
  chartName: string;
  chartVersion: string;
  configDigest: string;
}

/** What the tests say about the latest revision: whether they are asked for and how they went. */
export interface TestView {
  /** `spec.test.enable`. */
  enabled: boolean;
  /** The latest snapshot of `status.history`, holding the test results. */
  latest?: Snapshot;
  /** Failed tests do not count (the active remediation's `ignoreTestFailures`, or `test.ignoreFailures`). */
  ignoreFailures: boolean;
}

/** The last revision of a history (oldest first), if any. */
export function latestRelease(history: ReleaseRecord[]): ReleaseRecord | undefined {
  return history.at(-1);
}

/**
 * The state of a release, from its stored history (oldest first), what is desired and, for a
 * deployed release, its test results (a snapshot of another revision counts as untested).
 */
export function observeRelease(
  history: ReleaseRecord[],
  desired: DesiredRelease,
  tests: TestView = { enabled: false, ignoreFailures: true },
): ReleaseState {
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
  if (!same) return ReleaseState.OutOfSync;
  if (tests.enabled) {
    const snapshot = tests.latest?.version === latest.version ? tests.latest : undefined;
    if (!snapshot?.testHooks) return ReleaseState.Untested;
    if (!tests.ignoreFailures && hasTestInPhase(snapshot, 'Failed')) return ReleaseState.Failed;
  }
  return ReleaseState.InSync;
}

/**
 * The action that makes a revision for a state: install what is absent, upgrade what is out of
 * sync or failed (a failed release with nothing deployed before is installed again, there is
 * nothing to upgrade from), nothing otherwise.
 */
export function actionFor(state: ReleaseState, history: ReleaseRecord[]): ReleaseAction | undefined {
  switch (state) {
    case ReleaseState.Absent:
      return 'install';
    case ReleaseState.InSync:
    case ReleaseState.Untested:
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
