/**
 * image.toolkit.fluxcd.io/v1beta2 (dropped by Flux, still served by tsflux): the v1 field sets,
 * plus ImagePolicy's string `status.latestImage` and `status.observedPreviousImage`.
 */
import Type from 'typebox';
import type { KindVersion } from '../../crd/index.ts';
import { deriveSchema, legacyVersion } from '../../crd/index.ts';
import {
  ImagePolicy,
  ImagePolicyDefinition,
  ImageRepository,
  ImageRepositoryDefinition,
  ImageUpdateAutomation,
  ImageUpdateAutomationDefinition,
} from '../v1/index.ts';

/** The v1beta2 ImagePolicy schema. */
export const ImagePolicyV1beta2 = deriveSchema(ImagePolicy, [
  { at: 'spec', dropValidations: true },
  { at: 'status', add: { latestImage: Type.String(), observedPreviousImage: Type.String() } },
]);
/** The v1beta2 ImageRepository schema. */
export const ImageRepositoryV1beta2 = deriveSchema(ImageRepository, []);
/** The v1beta2 ImageUpdateAutomation schema. */
export const ImageUpdateAutomationV1beta2 = deriveSchema(ImageUpdateAutomation, []);

/** The v1beta2 image kinds: served, converted to v1 for storage. */
export const imageV1beta2Definitions: KindVersion[] = [
  legacyVersion(ImageRepositoryDefinition, 'v1beta2', ImageRepositoryV1beta2),
  legacyVersion(ImagePolicyDefinition, 'v1beta2', ImagePolicyV1beta2),
  legacyVersion(ImageUpdateAutomationDefinition, 'v1beta2', ImageUpdateAutomationV1beta2),
];
