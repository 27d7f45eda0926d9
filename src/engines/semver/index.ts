export { Constraints, parseConstraints } from './constraints.ts';
export { type PickOptions, pickHighest, sortVersions } from './select.ts';
export {
  comparePrerelease,
  compareVersions,
  parseFluxVersion,
  parseStrictVersion,
  parseVersion,
  setMetadata,
  tryParse,
  Version,
  type VersionParts,
} from './version.ts';
