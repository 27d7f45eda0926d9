/**
 * source.toolkit.fluxcd.io/v1beta2 (dropped by Flux, still served by tsflux): the v1 field sets
 * plus `accessFrom`, GitRepository `gitImplementation`, HelmChart `valuesFile` and `status.url`.
 */
import Type from 'typebox';
import type { KindVersion } from '../../crd/index.ts';
import { deriveSchema, legacyVersion, type SchemaEdit } from '../../crd/index.ts';
import { AccessFrom, StringEnum } from '../../meta/index.ts';
import {
  Bucket,
  BucketDefinition,
  GitRepository,
  GitRepositoryDefinition,
  HelmChart,
  HelmChartDefinition,
  HelmRepository,
  HelmRepositoryDefinition,
  OCIRepository,
  OCIRepositoryDefinition,
} from '../v1/index.ts';

const common: SchemaEdit[] = [
  { at: 'spec', add: { accessFrom: AccessFrom }, dropValidations: true },
  { at: 'status', add: { url: Type.String() } },
];

/** The v1beta2 GitRepository schema. */
export const GitRepositoryV1beta2 = deriveSchema(GitRepository, [
  ...common,
  { at: 'spec', add: { gitImplementation: StringEnum(['go-git', 'libgit2'], { default: 'go-git' }) } },
]);
/** The v1beta2 HelmRepository schema. */
export const HelmRepositoryV1beta2 = deriveSchema(HelmRepository, common);
/** The v1beta2 HelmChart schema. */
export const HelmChartV1beta2 = deriveSchema(HelmChart, [
  ...common,
  { at: 'spec', add: { valuesFile: Type.String() } },
]);
/** The v1beta2 Bucket schema. */
export const BucketV1beta2 = deriveSchema(Bucket, common);
/** The v1beta2 OCIRepository schema. */
export const OCIRepositoryV1beta2 = deriveSchema(OCIRepository, common);

/** The v1beta2 source kinds: served, converted to v1 for storage. */
export const sourceV1beta2Definitions: KindVersion[] = [
  legacyVersion(GitRepositoryDefinition, 'v1beta2', GitRepositoryV1beta2),
  legacyVersion(HelmRepositoryDefinition, 'v1beta2', HelmRepositoryV1beta2),
  legacyVersion(HelmChartDefinition, 'v1beta2', HelmChartV1beta2),
  legacyVersion(BucketDefinition, 'v1beta2', BucketV1beta2),
  legacyVersion(OCIRepositoryDefinition, 'v1beta2', OCIRepositoryV1beta2),
];
