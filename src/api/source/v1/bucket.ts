/**
 * Bucket (source.toolkit.fluxcd.io/v1): field set, defaults and validation as Flux 2.9 declares them.
 * The CRD schema and the TypeScript types are both derived from the TypeBox definitions below.
 */
import Type from 'typebox';
import { AgeColumn, defineKind, ReadyColumns } from '../../crd/index.ts';
import {
  Artifact,
  Condition,
  Duration,
  KindSchema,
  LocalObjectReference,
  StringEnum,
} from '../../meta/index.ts';

/** The desired state of a Bucket (source.toolkit.fluxcd.io/v1). */
export const BucketSpec = Type.Object(
  {
    bucketName: Type.String(),
    certSecretRef: Type.Optional(LocalObjectReference),
    endpoint: Type.String(),
    ignore: Type.Optional(Type.String()),
    insecure: Type.Optional(Type.Boolean()),
    interval: Duration(),
    prefix: Type.Optional(Type.String()),
    provider: Type.Optional(StringEnum(['generic', 'aws', 'gcp', 'azure'], { default: 'generic' })),
    proxySecretRef: Type.Optional(LocalObjectReference),
    region: Type.Optional(Type.String()),
    secretRef: Type.Optional(LocalObjectReference),
    serviceAccountName: Type.Optional(Type.String()),
    sts: Type.Optional(
      Type.Object({
        certSecretRef: Type.Optional(LocalObjectReference),
        endpoint: Type.String({ pattern: '^(http|https)://.*$' }),
        provider: StringEnum(['aws', 'ldap']),
        secretRef: Type.Optional(LocalObjectReference),
      }),
    ),
    suspend: Type.Optional(Type.Boolean()),
    timeout: Type.Optional(Type.String({ default: '60s', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$' })),
  },
  {
    'x-kubernetes-validations': [
      {
        message: "STS configuration is only supported for the 'aws' and 'generic' Bucket providers",
        rule: "self.provider == 'aws' || self.provider == 'generic' || !has(self.sts)",
      },
      {
        message: "'aws' is the only supported STS provider for the 'aws' Bucket provider",
        rule: "self.provider != 'aws' || !has(self.sts) || self.sts.provider == 'aws'",
      },
      {
        message: "'ldap' is the only supported STS provider for the 'generic' Bucket provider",
        rule: "self.provider != 'generic' || !has(self.sts) || self.sts.provider == 'ldap'",
      },
      {
        message: "spec.sts.secretRef is not required for the 'aws' STS provider",
        rule: "!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.secretRef)",
      },
      {
        message: "spec.sts.certSecretRef is not required for the 'aws' STS provider",
        rule: "!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.certSecretRef)",
      },
      {
        message: "ServiceAccountName is not supported for the 'generic' Bucket provider",
        rule: "self.provider != 'generic' || !has(self.serviceAccountName)",
      },
      {
        message: 'cannot set both .spec.secretRef and .spec.serviceAccountName',
        rule: '!has(self.secretRef) || !has(self.serviceAccountName)',
      },
    ],
  },
);
/** The desired state of a Bucket, as TypeScript. */
export type BucketSpec = Type.Static<typeof BucketSpec>;
/** The observed state of a Bucket, written by its controller. */
export const BucketStatus = Type.Object(
  {
    artifact: Type.Optional(Artifact),
    conditions: Type.Optional(Type.Array(Condition)),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
    observedIgnore: Type.Optional(Type.String()),
    url: Type.Optional(Type.String()),
  },
  { default: { observedGeneration: -1 } },
);
/** The observed state of a Bucket, as TypeScript. */
export type BucketStatus = Type.Static<typeof BucketStatus>;
/** A whole Bucket object. */
export const Bucket = KindSchema(BucketSpec, BucketStatus, {
  description:
    'A Bucket produces an artifact from the objects of an S3-compatible, GCS or Azure storage bucket.',
});
/** A whole Bucket object, as TypeScript. */
export type Bucket = Type.Static<typeof Bucket>;
/** Names, scope, printer columns and schema of Bucket v1, for the CRD and the registry. */
export const BucketDefinition = defineKind({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'Bucket',
  plural: 'buckets',
  singular: 'bucket',
  listKind: 'BucketList',
  shortNames: [],
  categories: ['all', 'fluxcd', 'fluxcd-sources'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: true,
  printerColumns: [
    {
      jsonPath: '.spec.endpoint',
      name: 'Endpoint',
      type: 'string',
    },
    AgeColumn,
    ...ReadyColumns,
  ],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: Bucket,
});
