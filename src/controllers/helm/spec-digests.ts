import { commonMetadataDigest, postRenderersDigest } from '../../engines/helm/index.ts';
import type { HelmReleaseObject } from './env.ts';

/**
 * Tells whether the post-renderers or the common metadata changed since the last successful
 * reconcile: a change of either changes the rendered objects, so the release is out of sync and
 * is upgraded. As Flux, only asked of a generation not observed yet (`status.observedGeneration`
 * is written when a run ends Ready): the digests are recorded only then, and cannot change
 * without a new generation.
 */
export function renderSpecChanged(obj: HelmReleaseObject): boolean {
  const status = obj.status ?? {};
  if (status.observedGeneration === obj.metadata?.generation) return false;
  return (
    (status.observedPostRenderersDigest ?? undefined) !== postRenderersDigest(obj.spec) ||
    (status.observedCommonMetadataDigest ?? undefined) !== commonMetadataDigest(obj.spec)
  );
}

/** Records the digests of what the last successful reconcile rendered with (see above). */
export function observeRenderSpec(obj: HelmReleaseObject): void {
  obj.status ??= {};
  const status = obj.status;
  delete status.observedPostRenderersDigest;
  delete status.observedCommonMetadataDigest;
  const renderers = postRenderersDigest(obj.spec);
  const metadata = commonMetadataDigest(obj.spec);
  if (renderers) status.observedPostRenderersDigest = renderers;
  if (metadata) status.observedCommonMetadataDigest = metadata;
}
