import type { KubeObject } from '../../engines/kustomize/index.ts';
import {
  mergeVariables,
  substituteObject,
  varsFromConfigMapData,
  varsFromSecretData,
} from '../../engines/substitute/index.ts';
import { isNotFound, type KubeClient } from '../../runtime/kube/index.ts';
import { CliError } from '../command.ts';
import type { CliKustomization } from './local-build.ts';

/**
 * The postBuild substitution `build`/`diff kustomization` apply, as the controller would: the
 * `substituteFrom` ConfigMaps and Secrets read from the cluster (skipped offline, as `flux build
 * --dry-run` skips them), then the inline `substitute` map. Undefined without `spec.postBuild`.
 */
export async function substitutionFor(
  ks: CliKustomization,
  options: { kube?: KubeClient; strict: boolean },
): Promise<((o: KubeObject) => KubeObject) | undefined> {
  const postBuild = ks.spec.postBuild;
  if (!postBuild) return undefined;
  const sources: Record<string, string>[] = [];
  for (const ref of options.kube ? (postBuild.substituteFrom ?? []) : []) {
    const resource = ref.kind === 'Secret' ? 'secrets' : 'configmaps';
    try {
      const o = await options.kube?.get<{ data?: Record<string, string> }>({
        version: 'v1',
        resource,
        namespace: ks.metadata.namespace,
        name: ref.name,
      });
      sources.push(ref.kind === 'Secret' ? varsFromSecretData(o?.data) : varsFromConfigMapData(o?.data));
    } catch (e: unknown) {
      if (isNotFound(e) && ref.optional) continue;
      if (isNotFound(e))
        throw new CliError(
          `substitute from '${ref.kind}/${ks.metadata.namespace}/${ref.name}' failed: not found`,
        );
      throw e;
    }
  }
  const vars = mergeVariables(sources, postBuild.substitute);
  return (o) => substituteObject(o, vars, { strict: options.strict }) as KubeObject;
}
