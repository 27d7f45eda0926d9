import { toError } from '../../../engines/errors/index.ts';
import { compileRegex } from '../../../engines/regex/index.ts';
import {
  type Constraints,
  parseConstraints,
  parseFluxVersion,
  pickHighest,
  tryParse,
  type Version,
} from '../../../engines/semver/index.ts';

/**
 * A tag as a semantic version the way Flux parses tags: strict SemVer 2.0 with an optional leading
 * `v` (`v1.2.3`, `1.2.3-rc.1+build`); anything else (`latest`, `1.2`, `=1.2.3`) is not a version.
 */
export function parseTagVersion(tag: string): Version | undefined {
  return tryParse(tag, parseFluxVersion);
}

/**
 * Picks the highest tag matching a SemVer constraint (Masterminds syntax: `>=1.0.0 <2.0.0`,
 * `>= 1.0, < 2.0`, `~1.2`, `^1`, `1.x`, `||`), after keeping only tags matching `filter` (a
 * regular expression) when given. Prereleases match only alternatives that name one, as in Flux;
 * of equal versions (differing in build metadata or `v`), the first listed wins.
 * Throws Flux's messages for a bad constraint or filter and when nothing matches.
 */
export function pickSemverTag(tags: string[], constraint: string, filter?: string): string {
  let candidates = tags;
  if (filter) {
    // a user's pattern: RE2 (Go's syntax and errors, linear time), never a backtracking engine
    const re = compileRegex(filter);
    candidates = tags.filter((t) => re.test(t));
  }
  let constraints: Constraints;
  try {
    constraints = parseConstraints(constraint);
  } catch (e: unknown) {
    throw new Error(`semver '${constraint}' parse error: ${toError(e).message}`);
  }
  const best = pickHighest(candidates, parseTagVersion, { constraints });
  if (!best) throw new Error(`no match found for semver: ${constraint}`);
  return best.item;
}
