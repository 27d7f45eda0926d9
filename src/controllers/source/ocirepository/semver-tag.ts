import semver from 'semver';

/**
 * A tag as a semantic version the way Flux parses tags: strict SemVer 2.0 with an optional leading
 * `v` (`v1.2.3`, `1.2.3-rc.1+build`); anything else (`latest`, `1.2`, `=1.2.3`) is not a version.
 */
export function parseTagVersion(tag: string): semver.SemVer | undefined {
  if (!/^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(tag))
    return undefined;
  return semver.parse(tag.replace(/^v/, '')) ?? undefined;
}

/**
 * Picks the highest tag matching a SemVer constraint (Masterminds syntax: `>=1.0.0 <2.0.0`,
 * `>= 1.0, < 2.0`, `~1.2`, `^1`, `1.x`, `||`), after keeping only tags matching `filter` (a
 * regular expression) when given. Prereleases match only constraints that name one, as in Flux.
 * Throws Flux's messages for a bad constraint or filter and when nothing matches.
 */
export function pickSemverTag(tags: string[], constraint: string, filter?: string): string {
  let candidates = tags;
  if (filter) {
    let re: RegExp;
    try {
      re = new RegExp(filter);
    } catch (e: unknown) {
      throw new Error(`error parsing regexp: ${(e as Error).message}`);
    }
    candidates = tags.filter((t) => re.test(t));
  }
  let range: semver.Range;
  try {
    range = new semver.Range(constraint.replace(/\s*,\s*/g, ' '));
  } catch (e: unknown) {
    throw new Error(`semver '${constraint}' parse error: ${(e as Error).message}`);
  }
  let best: { tag: string; version: semver.SemVer } | undefined;
  for (const tag of candidates) {
    const version = parseTagVersion(tag);
    if (!version || !range.test(version)) continue;
    if (!best || semver.compare(version, best.version) > 0) best = { tag, version };
  }
  if (!best) throw new Error(`no match found for semver: ${constraint}`);
  return best.tag;
}
