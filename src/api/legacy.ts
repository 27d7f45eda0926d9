/**
 * Older API versions Flux has dropped but tsflux still serves (served, not stored); the
 * conversion webhook turns them into the storage version and back.
 */
import type { KindVersion } from './crd/index.ts';
import { HelmReleaseV2beta1Definition } from './helm/v2beta1/index.ts';
import { HelmReleaseV2beta2Definition } from './helm/v2beta2/index.ts';
import { imageV1beta2Definitions } from './image/v1beta2/index.ts';
import { KustomizationV1beta2Definition } from './kustomize/v1beta2/index.ts';
import { notificationLegacyDefinitions } from './notification/legacy.ts';
import { sourceV1beta2Definitions } from './source/v1beta2/index.ts';

/** Every legacy (served, non-storage) kind version. */
export const legacyKindVersions: readonly KindVersion[] = [
  ...sourceV1beta2Definitions,
  KustomizationV1beta2Definition,
  HelmReleaseV2beta1Definition,
  HelmReleaseV2beta2Definition,
  ...imageV1beta2Definitions,
  ...notificationLegacyDefinitions,
];
