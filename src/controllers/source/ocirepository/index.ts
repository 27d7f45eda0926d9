export { contentConfigChanged, type OCIRepositoryObject, ociRepositoryKind } from './oci-repository-kind.ts';
