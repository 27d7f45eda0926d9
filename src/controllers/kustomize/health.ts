import { KustomizationCondition, KustomizationReason } from '../../api/kustomize/v1/index.ts';
import { ConditionReason, ConditionType, formatDuration } from '../../api/meta/index.ts';
import { toError } from '../../engines/errors/index.ts';
import * as conditions from '../../runtime/conditions/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import type { ResourceManager } from '../../runtime/ssa/index.ts';
import type { KustomizationObject } from './env.ts';
import { failure, timeoutMs } from './failures.ts';

/**
 * The objects whose health a Kustomization checks: every applied object with `spec.wait`, else
 * those listed in `spec.healthChecks` (namespace defaulting to the Kustomization's).
 */
export function healthCheckObjects(obj: KustomizationObject, applied: KubeObject[]): KubeObject[] {
  if (obj.spec.wait) return applied;
  return (obj.spec.healthChecks ?? []).map((c) => ({
    apiVersion: c.apiVersion ?? '',
    kind: c.kind,
    metadata: { name: c.name, namespace: c.namespace ?? obj.metadata?.namespace },
  }));
}

/**
 * Runs the health checks, driven by watches (ssa's wait; `spec.healthCheckExprs` decide the kinds
 * they name, kstatus the rest): Healthy Unknown while they run, True
 * ("Health check passed in 1.2s") when every object is Current, False `HealthCheckFailed` at the
 * first Failed object or at `spec.timeout`, naming the objects and their status.
 */
export async function checkHealth(
  manager: ResourceManager,
  obj: KustomizationObject,
  objects: KubeObject[],
  revision: string,
  options: { signal: AbortSignal; persist?: () => Promise<void> },
): Promise<void> {
  if (objects.length === 0) {
    conditions.remove(obj, KustomizationCondition.Healthy);
    return;
  }
  const timeout = timeoutMs(obj);
  const progress = `Running health checks for revision ${revision} with a timeout of ${formatDuration(timeout)}`;
  conditions.markUnknown(obj, KustomizationCondition.Healthy, ConditionReason.Progressing, progress);
  conditions.markTrue(obj, 'Reconciling', ConditionReason.Progressing, progress);
  // a Ready left False by an earlier failure (e.g. the source was not there yet) would be stale
  // for as long as the checks run: say what is happening instead
  conditions.markUnknown(obj, ConditionType.Ready, ConditionReason.Progressing, progress);
  await options.persist?.();
  const started = performance.now();
  try {
    await manager.waitForSet(objects, {
      timeoutMs: timeout,
      failFast: true,
      signal: options.signal,
      healthChecks: obj.spec.healthCheckExprs,
    });
  } catch (e: unknown) {
    const message = `health check failed after ${formatDuration(Math.round(performance.now() - started))}: ${toError(e).message}`;
    conditions.markFalse(obj, KustomizationCondition.Healthy, KustomizationReason.HealthCheckFailed, message);
    throw failure(obj, KustomizationReason.HealthCheckFailed, message, e);
  }
  conditions.markTrue(
    obj,
    KustomizationCondition.Healthy,
    ConditionReason.Succeeded,
    `Health check passed in ${formatDuration(Math.round(performance.now() - started))}`,
  );
}
