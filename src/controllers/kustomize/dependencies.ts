import { KustomizationReason } from '../../api/kustomize/v1/index.ts';
import * as conditions from '../../runtime/conditions/index.ts';
import { readyByExpression } from '../../runtime/dependencies/index.ts';
import { WaitingError } from '../../runtime/reconcile/index.ts';
import type { KustomizationObject, KustomizeEnv } from './env.ts';
import { failure } from './failures.ts';
import type { SourceArtifact } from './source.ts';

/**
 * Checks `spec.dependsOn`, as Flux does: each dependency must exist, have observed its latest
 * generation and be Ready (or satisfy its `readyExpr`, evaluated with `self` and `dep`); one on
 * the same source must have applied the current artifact revision. Otherwise Ready False
 * `DependencyNotReady` ("dependency 'ns/name' is not ready"), looked at again after
 * `--requeue-dependency`.
 */
export function checkDependencies(
  env: KustomizeEnv,
  obj: KustomizationObject,
  artifact: SourceArtifact,
): void {
  const wait = (message: string) =>
    new WaitingError(KustomizationReason.DependencyNotReady, env.requeueDependencyMs, message);
  for (const d of obj.spec.dependsOn ?? []) {
    const namespace = d.namespace || obj.metadata?.namespace || '';
    const id = `${namespace}/${d.name}`;
    if (env.noCrossNamespaceRefs && namespace !== obj.metadata?.namespace)
      throw failure(
        obj,
        'AccessDenied',
        `can't access 'Kustomization/${id}', cross-namespace references have been blocked`,
      );
    const dep = env.informerOf<KustomizationObject>('Kustomization').get(namespace, d.name);
    if (!dep)
      throw wait(
        `unable to get '${id}' dependency: kustomizations.kustomize.toolkit.fluxcd.io "${d.name}" not found`,
      );
    if (d.readyExpr) {
      if (!readyByExpression(d.readyExpr, obj, dep, id))
        throw wait(`dependency '${id}' is not ready according to readyExpr eval`);
      continue;
    }
    if (dep.metadata?.generation !== dep.status?.observedGeneration || !conditions.isReady(dep as never))
      throw wait(`dependency '${id}' is not ready`);
    const same = dep.spec.sourceRef;
    const mine = obj.spec.sourceRef;
    if (
      same.kind === mine.kind &&
      same.name === mine.name &&
      (same.namespace || namespace) === (mine.namespace || obj.metadata?.namespace) &&
      dep.status?.lastAppliedRevision !== artifact.revision
    )
      throw wait(`dependency '${id}' revision is not up to date`);
  }
}
