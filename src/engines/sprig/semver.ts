/** Sprig's semver and semverCompare functions (Masterminds/semver v3.4, as in Helm v4.1). */
import { checkConstraints, parseConstraints } from './semver-constraints.ts';
import { parseVersion } from './semver-version.ts';
import { type FuncMap, goFunc } from './signature.ts';

/** The semver family of the sprig FuncMap. */
export function semverFuncs(): FuncMap {
  return {
    semver: goFunc(['string'], parseVersion),
    semverCompare: goFunc(['string', 'string'], (constraint: string, version: string) =>
      checkConstraints(parseConstraints(constraint), parseVersion(version)),
    ),
  };
}
