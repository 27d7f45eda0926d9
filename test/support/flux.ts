import { installManifests, manifestRef } from '../../src/manager/index.ts';
import { isConflict, type KubeClient } from '../../src/runtime/kube/index.ts';
import { eventually } from './cluster.ts';

/**
 * Makes sure the Flux CRDs exist in the test control plane. CRDs are cluster-wide and tests run
 * in parallel, so this only creates missing ones and never rewrites an existing CRD (another test
 * may have pointed its conversion at a webhook).
 */
export async function ensureFluxCrds(kube: KubeClient): Promise<void> {
  const crds = installManifests({ crdsOnly: true }).filter((o) => o.kind === 'CustomResourceDefinition');
  await Promise.all(
    crds.map(async (crd) => {
      try {
        await kube.create(manifestRef({ ...crd, metadata: { ...crd.metadata, name: undefined } }), crd);
      } catch (e: unknown) {
        if (!isConflict(e)) throw e;
      }
    }),
  );
  for (const crd of crds) {
    await eventually(async () => {
      const got = await kube.get<{ status?: { conditions?: { type: string; status: string }[] } }>(
        manifestRef(crd),
      );
      if (!got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        throw new Error(`${crd.metadata?.name} not established`);
    });
  }
}
