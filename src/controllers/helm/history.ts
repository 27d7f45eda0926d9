import { createHash } from 'node:crypto';
import { goJsonMarshal, type ReleaseRecord } from '../../engines/helm/index.ts';
import type { HelmReleaseObject } from './env.ts';
import { configDigest } from './values.ts';

type Snapshot = NonNullable<NonNullable<HelmReleaseObject['status']>['history']>[number];

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

/**
 * Records a revision in `status.history` (newest first, as Flux keeps it): replaces the snapshot
 * of the same revision or adds it on top, marks the deployed snapshots below it superseded when
 * it is deployed, and keeps `spec.maxHistory` snapshots (default 5; 0 keeps all).
 */
export function recordSnapshot(obj: HelmReleaseObject, rel: ReleaseRecord, action?: string): void {
  obj.status ??= {};
  const snapshot = snapshotOf(rel, action);
  const rest = (obj.status.history ?? []).filter(
    (s) =>
      !(s.version === snapshot.version && s.name === snapshot.name && s.namespace === snapshot.namespace),
  );
  if (snapshot.status === 'deployed')
    for (const s of rest) if (s.status === 'deployed') s.status = 'superseded';
  const max = obj.spec.maxHistory ?? 5;
  const history = [snapshot, ...rest];
  obj.status.history = max > 0 ? history.slice(0, max) : history;
}
