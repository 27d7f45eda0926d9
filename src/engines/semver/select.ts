/**
 * Choosing the highest version among candidates, the way Flux resolves a semver range to a Git
 * tag, an OCI tag or a chart version.
 */
import type { Constraints } from './constraints.ts';
import { compareVersions, type Version } from './version.ts';

/** Options of {@link pickHighest}. */
export interface PickOptions<T> {
  /** Only candidates whose version satisfies these constraints. */
  constraints?: Constraints;
  /**
   * Among candidates of equal version (they may differ in build metadata), whether `a` wins over
   * `b`; without it, or when it says no either way, the first candidate wins.
   */
  prefer?: (a: T, b: T) => boolean;
}

/**
 * The candidate with the highest version, among those `versionOf` reads a version from (and that
 * satisfy `options.constraints`), with its version; undefined when none qualifies.
 */
export function pickHighest<T>(
  candidates: Iterable<T>,
  versionOf: (candidate: T) => Version | undefined,
  options: PickOptions<T> = {},
): { item: T; version: Version } | undefined {
  let best: { item: T; version: Version } | undefined;
  for (const item of candidates) {
    const version = versionOf(item);
    if (!version || (options.constraints && !options.constraints.check(version))) continue;
    const d = best ? compareVersions(version, best.version) : 1;
    if (d > 0 || (d === 0 && best && options.prefer?.(item, best.item))) best = { item, version };
  }
  return best;
}

/** Sorts versions in place, lowest first, equal ones keeping their order (Collection with sort.Stable). */
export function sortVersions<T extends Version>(versions: T[]): T[] {
  return versions.sort(compareVersions);
}
