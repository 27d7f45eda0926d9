// How Flux's helm-controller names a release and marks what it renders; shared by the controller
// and the CLI's `build/diff helmrelease`, which must produce the very same objects.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../api/meta/index.ts';

/** Helm's limit on a release name. */
const MaxReleaseNameLength = 53;

/**
 * The Helm release name of a HelmRelease, as Flux composes it: `spec.releaseName`, else
 * `[<targetNamespace>-]<name>`; a composed name over Helm's 53 characters keeps its first 40
 * and gets `-` and the first 12 hex digits of its SHA-256, so it stays unique and valid.
 */
export function fluxReleaseName(
  name: string,
  spec: { releaseName?: string; targetNamespace?: string },
): string {
  if (spec.releaseName) return spec.releaseName;
  const composed = spec.targetNamespace ? `${spec.targetNamespace}-${name}` : name;
  if (composed.length <= MaxReleaseNameLength) return composed;
  const sum = createHash('sha256').update(composed).digest('hex');
  return `${composed.slice(0, MaxReleaseNameLength - 13)}-${sum.slice(0, 12)}`;
}

/**
 * Marks a rendered object as Helm marks what it installs, so `helm` adopts and upgrades it: label
 * `app.kubernetes.io/managed-by: Helm`, annotations `meta.helm.sh/release-name` and `-namespace`.
 * Changes `obj` in place and returns it.
 */
export function markReleaseObject<T extends KubeObject>(
  obj: T,
  owner: { name: string; namespace: string },
): T {
  obj.metadata ??= {};
  const md = obj.metadata;
  md.labels = { ...(md.labels ?? {}), 'app.kubernetes.io/managed-by': 'Helm' };
  md.annotations = {
    ...(md.annotations ?? {}),
    'meta.helm.sh/release-name': owner.name,
    'meta.helm.sh/release-namespace': owner.namespace,
  };
  return obj;
}
