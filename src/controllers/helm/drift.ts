import { HelmReleaseReason } from '../../api/helm/v2/index.ts';
import type { ReleaseRecord } from '../../engines/helm/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import { TransientError, toError } from '../../runtime/reconcile/index.ts';
import { ApplyAction, formatChangeSet, type ResourceManager } from '../../runtime/ssa/index.ts';
import type { HelmEnv, HelmReleaseObject } from './env.ts';
import { releaseFullName } from './history.ts';
import { manifestObjects, type ReleaseOwner } from './objects.ts';

/** The label or annotation that leaves one object of a release out of drift detection. */
export const DriftDetectionKey = 'helm.toolkit.fluxcd.io/driftDetection';

/** One object of a release that differs from its stored manifest. */
export interface DriftedObject {
  /** The object as the release manifest has it, to apply again. */
  desired: KubeObject;
  /** `Kind/namespace/name`. */
  subject: string;
  /** Missing from the cluster. */
  removed: boolean;
  /** JSON patch operations from the live object to the desired one, by kind of operation. */
  additions: number;
  changes: number;
  removals: number;
}

/** `spec.driftDetection.mode`: disabled unless set. */
export function driftMode(obj: HelmReleaseObject): 'enabled' | 'warn' | 'disabled' {
  return obj.spec.driftDetection?.mode ?? 'disabled';
}

/**
 * The objects of the deployed release whose cluster state drifted from the stored manifest, as
 * Flux finds them: each object (but those labelled or annotated `driftDetection: disabled`) is
 * dry-run applied server-side and compared with the live one, the paths of the matching
 * `driftDetection.ignore` rules left out; a missing object has drifted too.
 */
export async function detectDrift(
  manager: ResourceManager,
  release: ReleaseRecord,
  obj: HelmReleaseObject,
): Promise<DriftedObject[]> {
  const owner: ReleaseOwner = { name: release.name ?? '', namespace: release.namespace ?? '' };
  const objects = (await manifestObjects(manager.mapper, release.manifest, owner)).filter(
    (o) =>
      o.metadata?.labels?.[DriftDetectionKey] !== 'disabled' &&
      o.metadata?.annotations?.[DriftDetectionKey] !== 'disabled',
  );
  const ignore = obj.spec.driftDetection?.ignore ?? [];
  const drifted: DriftedObject[] = [];
  for (const desired of objects) {
    const { entry, live, merged } = await manager.diff(desired, { ignore });
    if (entry.action === ApplyAction.Unchanged) continue;
    const counts = { additions: 0, changes: 0, removals: 0 };
    if (live) countPatch(live, merged, counts);
    drifted.push({ desired, subject: entry.subject, removed: !live, ...counts });
  }
  return drifted;
}

/** Flux's summary of a drift, one line per object: `removed`, or `changed (N additions, ...)`. */
export function summarizeDrift(drifted: DriftedObject[]): string {
  return drifted
    .map((d) =>
      d.removed
        ? `${d.subject} removed`
        : `${d.subject} changed (${d.additions} additions, ${d.changes} changes, ${d.removals} removals)`,
    )
    .join('\n');
}

/**
 * Reports a drift and, in `enabled` mode, corrects it as Flux does: a Warning `DriftDetected`
 * ("Cluster state of release ns/name.vN has drifted from the desired state:" and the summary),
 * then the drifted objects applied again (never what an ignore rule leaves out), and a Normal
 * `DriftCorrected` with the change set, or a Warning `DriftCorrectionFailed` with the error (and
 * the corrections that worked). `warn` mode only reports. A failed correction does not fail the
 * reconcile: the next one finds the drift again and tries again.
 */
export async function handleDrift(
  env: HelmEnv,
  manager: ResourceManager,
  obj: HelmReleaseObject,
  release: ReleaseRecord,
  drifted: DriftedObject[],
): Promise<void> {
  const name = releaseFullName(release);
  const metadata = eventMetadata(obj);
  env.recorder.event(
    obj,
    'Warning',
    'DriftDetected',
    `Cluster state of release ${name} has drifted from the desired state:\n${summarizeDrift(drifted)}`,
    metadata,
  );
  if (driftMode(obj) !== 'enabled') return;
  const ignore = obj.spec.driftDetection?.ignore ?? [];
  const applied = [];
  try {
    // as Flux patches only the differences, no other manager's fields are taken over: a field an
    // ignore rule leaves to another writer (`kubectl scale`, an autoscaler) stays theirs
    for (const d of drifted)
      applied.push(...(await manager.applyStage([d.desired], { ignore, takeOver: [] })));
  } catch (e: unknown) {
    const done = applied.filter((a) => a.action !== ApplyAction.Unchanged);
    const partially = done.length > 0 ? 'partially ' : '';
    const corrections = done.length > 0 ? `\n\nSuccessful corrections:\n${formatChangeSet(done)}` : '';
    env.recorder.event(
      obj,
      'Warning',
      'DriftCorrectionFailed',
      `Failed to ${partially}correct cluster state of release ${name}:\n${toError(e).message}${corrections}`,
      metadata,
    );
    return;
  }
  const done = applied.filter((a) => a.action !== ApplyAction.Unchanged);
  if (done.length > 0)
    env.recorder.event(
      obj,
      'Normal',
      'DriftCorrected',
      `Cluster state of release ${name} has been corrected:\n${formatChangeSet(done)}`,
      metadata,
    );
}

// the revision and values token of the deployed release, as Flux annotates its release events
function eventMetadata(obj: HelmReleaseObject): Record<string, string> {
  const latest = obj.status?.history?.[0];
  if (!latest) return {};
  return {
    'helm.toolkit.fluxcd.io/revision': latest.chartVersion,
    'helm.toolkit.fluxcd.io/token': latest.configDigest,
  };
}

/**
 * Counts the JSON patch operations that turn `from` into `to`, as a field-by-field comparison
 * makes them: a field only in `to` is an addition, only in `from` a removal, a different scalar
 * (or a value of another type) a change; lists are compared item by item.
 */
export function countPatch(
  from: unknown,
  to: unknown,
  counts: { additions: number; changes: number; removals: number } = {
    additions: 0,
    changes: 0,
    removals: 0,
  },
): { additions: number; changes: number; removals: number } {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (kind(from) !== kind(to) || (kind(from) !== 'object' && kind(from) !== 'array')) {
    if (from !== to) counts.changes++;
    return counts;
  }
  if (Array.isArray(from) && Array.isArray(to)) {
    for (let i = 0; i < Math.max(from.length, to.length); i++) {
      if (i >= from.length) counts.additions++;
      else if (i >= to.length) counts.removals++;
      else countPatch(from[i], to[i], counts);
    }
    return counts;
  }
  const a = from as Record<string, unknown>;
  const b = to as Record<string, unknown>;
  for (const k of Object.keys(b)) if (!(k in a)) counts.additions++;
  for (const k of Object.keys(a)) {
    if (!(k in b)) counts.removals++;
    else countPatch(a[k], b[k], counts);
  }
  return counts;
}

/**
 * The drift step of an in-sync release, as Flux observes it after the tests: nothing in
 * `disabled` mode (the default); otherwise the deployed revision is compared with the cluster
 * (see {@link detectDrift}) and a drift is reported, and corrected in `enabled` mode (see
 * {@link handleDrift}). A comparison that fails is Flux's "unable to determine cluster state".
 */
export async function checkDrift(
  env: HelmEnv,
  manager: ResourceManager,
  obj: HelmReleaseObject,
  deployed: ReleaseRecord,
): Promise<void> {
  if (driftMode(obj) === 'disabled') return;
  let drifted: DriftedObject[];
  try {
    drifted = await detectDrift(manager, deployed, obj);
  } catch (e: unknown) {
    throw new TransientError(
      HelmReleaseReason.ReconciliationFailed,
      `unable to determine cluster state: ${toError(e).message}`,
      { cause: e },
    );
  }
  if (drifted.length > 0) await handleDrift(env, manager, obj, deployed, drifted);
}
