export { contentConfigChanged, type OCIRepositoryObject } from './object.ts';
export { ociRepositoryKind } from './oci-repository-kind.ts';
export { pickSemverTag } from './semver-tag.ts';
