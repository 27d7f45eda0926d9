import { createHash } from 'node:crypto';
import { goJsonMarshal, type ReleaseRecord } from '../../engines/helm/index.ts';
import { rfc3339 } from '../../runtime/conditions/index.ts';
import type { HelmReleaseObject } from './env.ts';
import { configDigest } from './values.ts';

/** One entry of `status.history`. */
export type Snapshot = NonNullable<NonNullable<HelmReleaseObject['status']>['history']>[number];
/** The results of a snapshot's test hooks, by hook name. */
export type TestHooks = NonNullable<Snapshot['testHooks']>;

/** Helm's hook events that mark a test hook (`test-success` is Helm 2's name, still honoured). */
export const TestHookEvents = ['test', 'test-success'];

/** `<namespace>/<name>.v<version>`, as Flux names a release revision in its messages. */
export function releaseFullName(rel: ReleaseRecord): string {
  return `${rel.namespace}/${rel.name}.v${rel.version}`;
}

/** `<chart>@<version>`, as Flux names a release's chart in its messages. */
export function versionedChartName(rel: ReleaseRecord): string {
  return `${rel.chart?.metadata?.name ?? ''}@${rel.chart?.metadata?.version ?? ''}`;
}

/**
 * A release revision as `status.history` records it: chart, versions, status, times, the
 * digest of its values and of the whole release record (Go JSON, SHA-256), and the action that
 * made it.
 */
export function snapshotOf(rel: ReleaseRecord, action?: string): Snapshot {
  const md = rel.chart?.metadata ?? {};
  const info = rel.info ?? {};
  const snapshot: Snapshot = {
    name: rel.name ?? '',
    namespace: rel.namespace ?? '',
    version: rel.version ?? 0,
    status: info.status ?? 'unknown',
    chartName: String(md.name ?? ''),
    chartVersion: String(md.version ?? ''),
    configDigest: configDigest(rel.config),
    firstDeployed: info.first_deployed ?? '',
    lastDeployed: info.last_deployed ?? '',
    digest: `sha256:${createHash('sha256').update(goJsonMarshal(rel)).digest('hex')}`,
  };
  if (md.appVersion) snapshot.appVersion = String(md.appVersion);
  if (info.deleted) snapshot.deleted = info.deleted;
  if (action) snapshot.action = action;
  return snapshot;
}

// Go's zero time is not a run: Flux writes only what Helm recorded
const metaTime = (t: string | undefined) => (t && !t.startsWith('0001-') ? rfc3339(new Date(t)) : undefined);

/**
 * The test hooks of a release and the outcome of their last run, as Flux records them in a
 * snapshot's `testHooks` (a hook that never ran has no times and no phase).
 */
export function testHooksOf(rel: ReleaseRecord): TestHooks {
  const hooks: TestHooks = {};
  for (const h of rel.hooks ?? []) {
    if (!h.events?.some((e) => TestHookEvents.includes(e))) continue;
    const status: TestHooks[string] = {};
    const started = metaTime(h.last_run?.started_at);
    const completed = metaTime(h.last_run?.completed_at);
    if (started) status.lastStarted = started;
    if (completed) status.lastCompleted = completed;
    if (h.last_run?.phase) status.phase = h.last_run.phase;
    hooks[h.name ?? ''] = status;
  }
  return hooks;
}

/** Tells whether one of the snapshot's test hooks ended in `phase` (`Failed`...). */
export function hasTestInPhase(s: Snapshot | undefined, phase: string): boolean {
  return Object.values(s?.testHooks ?? {}).some((h) => h.phase === phase);
}

const isReleased = (s: Snapshot) => s.status === 'deployed' || s.status === 'superseded';

/**
 * The snapshot to roll back to: the newest after the latest that was deployed (or superseded
 * since), skipping those whose tests failed unless test failures are ignored, as Flux picks it.
 */
export function previousSnapshot(obj: HelmReleaseObject, ignoreTests: boolean): Snapshot | undefined {
  const [, ...older] = obj.status?.history ?? [];
  return older.find((s) => isReleased(s) && (ignoreTests || !hasTestInPhase(s, 'Failed')));
}

/**
 * Drops the snapshots older than the rollback target ({@link previousSnapshot}), as Flux trims its
 * history once a release is in sync or about to be remediated: failures before it are history.
 */
export function truncateHistory(obj: HelmReleaseObject, ignoreTests: boolean): void {
  const history = obj.status?.history;
  const previous = previousSnapshot(obj, ignoreTests);
  if (!history || !previous) return;
  history.splice(history.indexOf(previous) + 1);
}

/** The most snapshots `status.history` keeps, whatever `maxHistory` says. */
const MaxSnapshots = 5;

/**
 * Records a revision in `status.history` (newest first, as Flux keeps it): replaces the snapshot
 * of the same revision (keeping its test results and OCI digest unless given anew) or adds it on
 * top, marks the deployed snapshots below it superseded when it is deployed, and keeps
 * `spec.maxHistory` snapshots (default 5; 0 keeps all), never more than five.
 */
export function recordSnapshot(
  obj: HelmReleaseObject,
  rel: ReleaseRecord,
  action?: string,
  extra: Pick<Snapshot, 'ociDigest' | 'testHooks'> = {},
): void {
  obj.status ??= {};
  const snapshot = snapshotOf(rel, action);
  const same = (s: Snapshot) =>
    s.version === snapshot.version && s.name === snapshot.name && s.namespace === snapshot.namespace;
  const before = obj.status.history?.find(same);
  const ociDigest = extra.ociDigest ?? before?.ociDigest;
  const testHooks = extra.testHooks ?? before?.testHooks;
  if (ociDigest) snapshot.ociDigest = ociDigest;
  if (testHooks) snapshot.testHooks = testHooks;
  if (!action && before?.action) snapshot.action = before.action;
  const rest = (obj.status.history ?? []).filter((s) => !same(s));
  if (snapshot.status === 'deployed')
    for (const s of rest) if (s.status === 'deployed') s.status = 'superseded';
  const max = Math.min(obj.spec.maxHistory || MaxSnapshots, MaxSnapshots);
  obj.status.history = [snapshot, ...rest].slice(0, max);
}
