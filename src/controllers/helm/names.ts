import { parseDuration } from '../../api/meta/index.ts';
import { fluxReleaseName } from '../../engines/helm/index.ts';
import type { HelmReleaseObject } from './env.ts';

/** The Helm release name, as Flux composes it (see {@link fluxReleaseName}). */
export function releaseName(obj: HelmReleaseObject): string {
  return fluxReleaseName(obj.metadata?.name ?? '', obj.spec);
}

/** Where the release's objects go: `spec.targetNamespace`, else the HelmRelease's namespace. */
export function releaseNamespace(obj: HelmReleaseObject): string {
  return obj.spec.targetNamespace || obj.metadata?.namespace || '';
}

/** Where Helm's release Secrets are kept: `spec.storageNamespace`, else the HelmRelease's namespace. */
export function storageNamespace(obj: HelmReleaseObject): string {
  return obj.spec.storageNamespace || obj.metadata?.namespace || '';
}

/**
 * The HelmChart a `spec.chart` template creates: named `<namespace>-<name>` after the HelmRelease,
 * in the namespace of the chart's source (the HelmRelease's by default).
 */
export function chartTemplateKey(obj: HelmReleaseObject): { namespace: string; name: string } {
  const ns = obj.metadata?.namespace ?? '';
  return {
    namespace: obj.spec.chart?.spec.sourceRef.namespace || ns,
    name: `${ns}-${obj.metadata?.name ?? ''}`,
  };
}

/** `spec.timeout` of a HelmRelease: Flux's default is five minutes. */
export function timeoutMs(obj: HelmReleaseObject, action?: { timeout?: string }): number {
  return parseDuration(action?.timeout ?? obj.spec.timeout ?? '5m');
}
