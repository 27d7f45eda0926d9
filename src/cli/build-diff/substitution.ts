import { varsFromConfigMapData, varsFromSecretData } from '../../engines/substitute/index.ts';
import { isNotFound, type KubeClient } from '../../runtime/kube/index.ts';
import { CliError } from '../command.ts';
import type { CliKustomization } from './local-build.ts';

/**
 * The variables of the `substituteFrom` ConfigMaps and Secrets of a Kustomization, in list order,
 * read from the cluster as the controller would (none offline, as `flux build --dry-run` skips
 * them); optional sources that do not exist are skipped. The engine merges the inline map over them.
 */
export async function substituteFromVariables(
  ks: CliKustomization,
  kube: KubeClient | undefined,
): Promise<Record<string, string>[]> {
  const postBuild = ks.spec.postBuild;
  if (!postBuild || !kube) return [];
  const sources: Record<string, string>[] = [];
  for (const ref of postBuild.substituteFrom ?? []) {
    const resource = ref.kind === 'Secret' ? 'secrets' : 'configmaps';
    try {
      const o = await kube.get<{ data?: Record<string, string> }>({
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
  return sources;
}
