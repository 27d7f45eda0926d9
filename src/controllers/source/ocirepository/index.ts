export { contentConfigChanged, type OCIRepositoryObject } from './object.ts';
export { ociRepositoryKind } from './oci-repository-kind.ts';
