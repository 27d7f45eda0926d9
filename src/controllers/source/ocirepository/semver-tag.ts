import semver from 'semver';
import { toError } from '../../../engines/errors/index.ts';
import { compileRegex } from '../../../engines/regex/index.ts';

/**
 * A tag as a semantic version the way Flux parses tags: strict SemVer 2.0 with an optional leading
 * `v` (`v1.2.3`, `1.2.3-rc.1+build`); anything else (`latest`, `1.2`, `=1.2.3`) is not a version.
 */
export function parseTagVersion(tag: string): semver.SemVer | undefined {
  if (!/^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(tag))
    return undefined;
  return semver.parse(tag.replace(/^v/, '')) ?? undefined;
}

/** One `||` alternative of a constraint. */
interface ConstraintGroup {
  range: semver.Range;
  /** `!=` comparisons, which npm's ranges lack: each excludes what its version (or x-range) matches. */
  excluded: semver.Range[];
  /** Some version of the alternative names a prerelease, which lets prereleases match at all. */
  admitsPrerelease: boolean;
}

const VERSION_TOKEN = /v?(?:\d+|[xX*])(?:\.(?:\d+|[xX*])){0,2}(?:-[0-9A-Za-z.-]+)?/g;

/**
 * Parses a Masterminds constraint into its `||` alternatives. In Masterminds a prerelease version
 * can satisfy an alternative only when one of that alternative's versions has a prerelease (then
 * any prerelease may, whatever its major.minor.patch), unlike npm's same-tuple rule: each
 * alternative is tested with prereleases allowed and records whether they are admitted.
 */
function parseConstraint(constraint: string): ConstraintGroup[] {
  return constraint.split('||').map((raw) => {
    // Masterminds separates ANDed comparisons with commas and allows `>= 1.0`
    let text = raw
      .replace(/\s*,\s*/g, ' ')
      .replace(/(<=|>=|!=|=|<|>|~>|~|\^)\s+/g, '$1')
      .trim();
    const versions = text.match(VERSION_TOKEN) ?? [];
    const excluded: semver.Range[] = [];
    text = text
      .replace(/!=(\S+)/g, (_, v: string) => {
        excluded.push(new semver.Range(v, { includePrerelease: true }));
        return '';
      })
      .trim();
    return {
      range: new semver.Range(text || '*', { includePrerelease: true }),
      excluded,
      admitsPrerelease: versions.some((v) => v.includes('-')),
    };
  });
}

/** Whether a version satisfies one alternative, with Masterminds' prerelease rule. */
function satisfiesGroup(v: semver.SemVer, g: ConstraintGroup): boolean {
  if (v.prerelease.length > 0 && !g.admitsPrerelease) return false;
  return g.range.test(v) && !g.excluded.some((r) => r.test(v));
}

/**
 * Picks the highest tag matching a SemVer constraint (Masterminds syntax: `>=1.0.0 <2.0.0`,
 * `>= 1.0, < 2.0`, `~1.2`, `^1`, `1.x`, `||`), after keeping only tags matching `filter` (a
 * regular expression) when given. Prereleases match only alternatives that name one, as in Flux.
 * Throws Flux's messages for a bad constraint or filter and when nothing matches.
 */
export function pickSemverTag(tags: string[], constraint: string, filter?: string): string {
  let candidates = tags;
  if (filter) {
    // a user's pattern: RE2 (Go's syntax and errors, linear time), never a backtracking engine
    const re = compileRegex(filter);
    candidates = tags.filter((t) => re.test(t));
  }
  let groups: ConstraintGroup[];
  try {
    groups = parseConstraint(constraint);
  } catch (e: unknown) {
    throw new Error(`semver '${constraint}' parse error: ${toError(e).message}`);
  }
  const satisfies = (v: semver.SemVer) => groups.some((g) => satisfiesGroup(v, g));
  let best: { tag: string; version: semver.SemVer } | undefined;
  for (const tag of candidates) {
    const version = parseTagVersion(tag);
    if (!version || !satisfies(version)) continue;
    if (!best || semver.compare(version, best.version) > 0) best = { tag, version };
  }
  if (!best) throw new Error(`no match found for semver: ${constraint}`);
  return best.tag;
}
