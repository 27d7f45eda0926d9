import type { OCILayerSelector, OCIRepositorySpec } from '../../../api/source/v1/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import { fetchFailed } from '../common/artifact-steps.ts';
import type { SourceObject } from '../common/source-object.ts';

/** An OCIRepository as the reconciler reads and writes it. */
export type OCIRepositoryObject = SourceObject & {
  spec: OCIRepositorySpec;
  status?: SourceObject['status'] & {
    observedIgnore?: string;
    observedLayerSelector?: OCILayerSelector;
    url?: string;
  };
};

/** The message of anything caught. */
export const message = (e: unknown) => toError(e).message;

/** Records FetchFailed with the error's reason and returns the error to throw. */
export function failed(obj: OCIRepositoryObject, err: Error & { reason: string }): Error {
  return fetchFailed(obj, err);
}

/** Flux's `ociContentConfigChanged`: the stored artifact was built with other ignore rules or layer selector. */
export function contentConfigChanged(obj: OCIRepositoryObject): boolean {
  if ((obj.spec.ignore ?? undefined) !== (obj.status?.observedIgnore ?? undefined)) return true;
  const a = obj.spec.layerSelector;
  const b = obj.status?.observedLayerSelector;
  if (!a || !b) return !a !== !b;
  return (a.mediaType ?? '') !== (b.mediaType ?? '') || (a.operation ?? '') !== (b.operation ?? '');
}
