import { createHash } from 'node:crypto';
import { parseDuration } from '../../api/meta/index.ts';
import type { HelmReleaseObject } from './env.ts';

/** Helm's limit on a release name. */
const MaxReleaseNameLength = 53;

/**
 * The Helm release name, as Flux composes it: `spec.releaseName`, else
 * `[<targetNamespace>-]<name>`; a composed name over Helm's 53 characters keeps its first 40
 * and gets `-` and the first 12 hex digits of its SHA-256, so it stays unique and valid.
 */
export function releaseName(obj: HelmReleaseObject): string {
  if (obj.spec.releaseName) return obj.spec.releaseName;
  const name = obj.metadata?.name ?? '';
  const composed = obj.spec.targetNamespace ? `${obj.spec.targetNamespace}-${name}` : name;
  if (composed.length <= MaxReleaseNameLength) return composed;
  const sum = createHash('sha256').update(composed).digest('hex');
  return `${composed.slice(0, MaxReleaseNameLength - 13)}-${sum.slice(0, 12)}`;
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
