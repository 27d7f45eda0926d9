/**
 * `status.lastScanResult.latestTags`: Flux's 10 greatest tags in reverse lexical order, or as
 * many and in the order the ImageRepository's `image.tsflux.io/latest-tags-*` annotations ask
 * (see LatestTagsAnnotation), so that the status shows the tags a policy would pick next.
 */
import { ImageReflectorReason, LatestTagsAnnotation, MaxLatestTags } from '../../../api/image/v1/index.ts';
import { compareVersions, parseFluxVersion, tryParse } from '../../../engines/semver/index.ts';
import { StallingError } from '../../../runtime/reconcile/index.ts';
import type { ImageRepositoryObject } from '../env.ts';
import { numericValue } from '../policy/select.ts';

/** How many tags `latestTags` lists by default, as Flux. */
export const LatestTagsCount = 10;

const ORDERS = [
  'scan',
  'semver',
  'alphabetical-asc',
  'alphabetical-desc',
  'numerical-asc',
  'numerical-desc',
] as const;

/** An order of `latestTags` the annotation may name. */
export type LatestTagsOrder = (typeof ORDERS)[number];

/** What the annotations ask for. */
export interface LatestTagsOptions {
  count: number;
  order: LatestTagsOrder;
}

const invalid = (annotation: string, value: string, why: string) =>
  new StallingError(
    ImageReflectorReason.InvalidAnnotation,
    `invalid annotation ${annotation}: '${value}': ${why}`,
  );

/** Reads the annotations; a value that cannot be used stalls until it is mended. */
export function latestTagsOptions(obj: ImageRepositoryObject): LatestTagsOptions {
  const annotations = obj.metadata?.annotations ?? {};
  const rawCount = annotations[LatestTagsAnnotation.Count];
  const rawOrder = annotations[LatestTagsAnnotation.Order];
  let count = LatestTagsCount;
  if (rawCount !== undefined) {
    count = /^\d+$/.test(rawCount.trim()) ? Number(rawCount.trim()) : Number.NaN;
    if (!(count >= 1 && count <= MaxLatestTags))
      throw invalid(
        LatestTagsAnnotation.Count,
        rawCount,
        `must be a whole number from 1 to ${MaxLatestTags}`,
      );
  }
  const order = (rawOrder?.trim() || 'scan') as LatestTagsOrder;
  if (!ORDERS.includes(order))
    throw invalid(LatestTagsAnnotation.Order, rawOrder ?? '', `must be one of ${ORDERS.join(', ')}`);
  return { count, order };
}

const lexical = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// a key per tag (undefined leaves the tag out) and how keys rank, the first listed first
function ranking(order: LatestTagsOrder): {
  key: (tag: string) => unknown;
  compare: (a: any, b: any) => number;
} {
  switch (order) {
    case 'semver':
      return { key: (t) => tryParse(t, parseFluxVersion), compare: (a, b) => compareVersions(b, a) };
    case 'numerical-asc':
      return { key: numericValue, compare: (a: number, b: number) => b - a };
    case 'numerical-desc':
      return { key: numericValue, compare: (a: number, b: number) => a - b };
    case 'alphabetical-desc':
      return { key: (t) => t, compare: lexical };
    default:
      // `scan` (Flux's) and `alphabetical-asc` both list the greatest tag first
      return { key: (t) => t, compare: (a, b) => lexical(b, a) };
  }
}

/** The tags `latestTags` lists: ranked by the order, the first `count`; equal keys by reverse lexical tag. */
export function latestTags(
  tags: readonly string[],
  { count, order }: LatestTagsOptions = { count: LatestTagsCount, order: 'scan' },
): string[] {
  const { key, compare } = ranking(order);
  return tags
    .map((tag) => ({ tag, key: key(tag) }))
    .filter((t) => t.key !== undefined)
    .sort((a, b) => compare(a.key, b.key) || lexical(b.tag, a.tag))
    .slice(0, count)
    .map((t) => t.tag);
}
