import { HelmReleaseCondition } from '../../api/helm/v2/index.ts';
import { ConditionStatus, ConditionType } from '../../api/meta/index.ts';
import * as conditions from '../../runtime/conditions/index.ts';
import type { HelmReleaseObject } from './env.ts';

/** Ready as the release conditions make it. */
export interface ReadySummary {
  ready: boolean;
  reason: string;
  message: string;
}

const conditioned = (obj: HelmReleaseObject) => obj as Parameters<typeof conditions.get>[0];

/**
 * Ready from the release conditions, as Flux composes it: the newest of Remediated, TestSuccess
 * (only when tests are enabled and their failures count) and Released, in that priority; a
 * Remediated condition always means not Ready (a remediated release is not the desired one).
 * TestSuccess goes once tests are disabled. Undefined when no release condition is set yet.
 */
export function summarizeRelease(obj: HelmReleaseObject): ReadySummary | undefined {
  const o = conditioned(obj);
  const test = obj.spec.test;
  if (!test?.enable) conditions.remove(o, HelmReleaseCondition.TestSuccess);
  const order: string[] =
    test?.enable && !test.ignoreFailures
      ? [HelmReleaseCondition.Remediated, HelmReleaseCondition.TestSuccess, HelmReleaseCondition.Released]
      : [HelmReleaseCondition.Remediated, HelmReleaseCondition.Released];
  const candidates = (obj.status?.conditions ?? [])
    .filter((c) => order.includes(c.type))
    .sort(
      (a, b) =>
        (b.observedGeneration ?? 0) - (a.observedGeneration ?? 0) ||
        order.indexOf(a.type) - order.indexOf(b.type),
    );
  const top = candidates[0];
  if (!top) return undefined;
  const ready = top.type !== HelmReleaseCondition.Remediated && top.status === ConditionStatus.True;
  return { ready, reason: top.reason, message: top.message };
}

/** Sets Ready False as the summary says (a failure that is not retried in this run). */
export function markNotReady(obj: HelmReleaseObject, summary: ReadySummary): void {
  conditions.markFalse(conditioned(obj), ConditionType.Ready, summary.reason, summary.message);
}
