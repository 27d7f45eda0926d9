// The CRDs of a chart (its and its subcharts' `crds/`) as Flux's helm-controller handles them;
// shared by the controller and `tsflux build/diff helmrelease`, which must show what it applies.
import type { KubeObject } from '../../api/meta/index.ts';
import { splitManifests } from './manifests.ts';
import type { CrdFile } from './render.ts';
import { parseYaml } from './yaml-read.ts';

/** Helm's CRD policies: none applied, only the missing ones created, or every one applied. */
export type CrdPolicy = 'Skip' | 'Create' | 'CreateReplace';

/** What of a HelmRelease's spec decides its CRD policy. */
export interface CrdPolicySpec {
  install?: { crds?: string; skipCRDs?: boolean };
  upgrade?: { crds?: string };
}

/**
 * The CRD policy of an install or upgrade, as Flux reads it: `install.crds` (Create by default,
 * Skip with the deprecated `install.skipCRDs`), `upgrade.crds` (Skip by default).
 */
export function fluxCrdPolicy(action: 'install' | 'upgrade', spec: CrdPolicySpec): CrdPolicy {
  if (action === 'install')
    return spec.install?.skipCRDs ? 'Skip' : ((spec.install?.crds ?? 'Create') as CrdPolicy);
  return (spec.upgrade?.crds ?? 'Skip') as CrdPolicy;
}

/** Every object of the CRD files, in file and document order (empty documents left out). */
export function crdObjects(files: CrdFile[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const f of files)
    for (const doc of splitManifests(new TextDecoder().decode(f.data))) {
      const crd = parseYaml(doc) as KubeObject | null;
      if (crd?.kind) out.push(crd);
    }
  return out;
}
