/** Sprig's semver and semverCompare functions (engines/semver: Masterminds/semver v3.4, as in Helm v4.1). */
import { parseConstraints } from '../semver/index.ts';
import { parseVersion } from './semver-version.ts';
import { type FuncMap, goFunc } from './signature.ts';

/** The semver family of the sprig FuncMap. */
export function semverFuncs(): FuncMap {
  return {
    semver: goFunc(['string'], parseVersion),
    semverCompare: goFunc(['string', 'string'], (constraint: string, version: string) =>
      parseConstraints(constraint).check(parseVersion(version)),
    ),
  };
}
