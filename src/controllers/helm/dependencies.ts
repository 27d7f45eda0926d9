import { HelmReleaseReason } from '../../api/helm/v2/index.ts';
import * as conditions from '../../runtime/conditions/index.ts';
import { readyByExpression } from '../../runtime/dependencies/index.ts';
import { StallingError, WaitingError } from '../../runtime/reconcile/index.ts';
import type { HelmEnv, HelmReleaseObject } from './env.ts';

/**
 * Checks `spec.dependsOn` as Flux's helm-controller does: every HelmRelease named must exist and
 * be Ready at its latest generation, or satisfy its `readyExpr` (CEL over `self` and `dep`).
 * Otherwise Ready False `DependencyNotReady` with Flux's message, looked at again after
 * `--requeue-dependency` (or sooner, when the dependency becomes Ready: the watch).
 */
export function checkDependencies(env: HelmEnv, obj: HelmReleaseObject): void {
  const own = obj.metadata?.namespace ?? '';
  for (const d of obj.spec.dependsOn ?? []) {
    const id = `${d.namespace || own}/${d.name}`;
    const notReady = (message: string) =>
      new WaitingError(HelmReleaseReason.DependencyNotReady, env.requeueDependencyMs, message);
    if (env.noCrossNamespaceRefs && (d.namespace || own) !== own)
      throw new StallingError(
        'AccessDenied',
        `can't access 'HelmRelease/${id}', cross-namespace references have been blocked`,
      );
    const dep = env.informerOf<HelmReleaseObject>('HelmRelease').get(d.namespace || own, d.name);
    if (!dep)
      throw notReady(
        `unable to get '${id}' dependency: helmreleases.helm.toolkit.fluxcd.io "${d.name}" not found`,
      );
    if (!d.readyExpr) {
      const observed = dep.metadata?.generation === dep.status?.observedGeneration;
      if (!observed || !conditions.isReady(dep as never)) throw notReady(`dependency '${id}' is not ready`);
      continue;
    }
    if (!readyByExpression(d.readyExpr, obj, dep, id))
      throw notReady(`dependency '${id}' is not ready according to readyExpr eval`);
  }
}
