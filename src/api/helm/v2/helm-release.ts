/**
 * HelmRelease (helm.toolkit.fluxcd.io/v2): field set, defaults and validation as Flux 2.9 declares them.
 * The CRD schema and the TypeScript types are both derived from the TypeBox definitions below.
 */
import Type from 'typebox';
import { AgeColumn, defineKind, ReadyColumns } from '../../crd/index.ts';
import {
  CommonMetadata,
  Condition,
  CustomHealthCheck,
  DependencyReference,
  Duration,
  IgnoreRule,
  Image,
  JsonValue,
  KindSchema,
  KubeConfigReference,
  LocalObjectReference,
  MapOf,
  Patch,
  ResourceRef,
  StringEnum,
} from '../../meta/index.ts';

/** The desired state of a HelmRelease (helm.toolkit.fluxcd.io/v2). */
export const HelmReleaseSpec = Type.Object(
  {
    chart: Type.Optional(
      Type.Object({
        metadata: Type.Optional(CommonMetadata),
        spec: Type.Object({
          chart: Type.String({ maxLength: 2048, minLength: 1 }),
          ignoreMissingValuesFiles: Type.Optional(Type.Boolean()),
          interval: Type.Optional(Duration()),
          reconcileStrategy: Type.Optional(
            StringEnum(['ChartVersion', 'Revision'], { default: 'ChartVersion' }),
          ),
          sourceRef: Type.Object({
            apiVersion: Type.Optional(Type.String()),
            kind: StringEnum(['HelmRepository', 'GitRepository', 'Bucket']),
            name: Type.String({ maxLength: 253, minLength: 1 }),
            namespace: Type.Optional(Type.String({ maxLength: 63, minLength: 1 })),
          }),
          valuesFiles: Type.Optional(Type.Array(Type.String())),
          verify: Type.Optional(
            Type.Object({
              provider: StringEnum(['cosign', 'notation'], { default: 'cosign' }),
              secretRef: Type.Optional(LocalObjectReference),
            }),
          ),
          version: Type.Optional(Type.String({ default: '*' })),
        }),
      }),
    ),
    chartRef: Type.Optional(
      Type.Object({
        apiVersion: Type.Optional(Type.String()),
        kind: StringEnum(['OCIRepository', 'HelmChart', 'ExternalArtifact']),
        name: Type.String({ maxLength: 253, minLength: 1 }),
        namespace: Type.Optional(Type.String({ maxLength: 63, minLength: 1 })),
      }),
    ),
    commonMetadata: Type.Optional(CommonMetadata),
    dependsOn: Type.Optional(Type.Array(DependencyReference)),
    driftDetection: Type.Optional(
      Type.Object({
        ignore: Type.Optional(Type.Array(IgnoreRule)),
        mode: Type.Optional(StringEnum(['enabled', 'warn', 'disabled'])),
      }),
    ),
    healthCheckExprs: Type.Optional(Type.Array(CustomHealthCheck)),
    install: Type.Optional(
      Type.Object({
        crds: Type.Optional(StringEnum(['Skip', 'Create', 'CreateReplace'])),
        createNamespace: Type.Optional(Type.Boolean()),
        disableHooks: Type.Optional(Type.Boolean()),
        disableOpenAPIValidation: Type.Optional(Type.Boolean()),
        disableSchemaValidation: Type.Optional(Type.Boolean()),
        disableTakeOwnership: Type.Optional(Type.Boolean()),
        disableWait: Type.Optional(Type.Boolean()),
        disableWaitForJobs: Type.Optional(Type.Boolean()),
        remediation: Type.Optional(
          Type.Object({
            ignoreTestFailures: Type.Optional(Type.Boolean()),
            remediateLastFailure: Type.Optional(Type.Boolean()),
            retries: Type.Optional(Type.Integer()),
          }),
        ),
        replace: Type.Optional(Type.Boolean()),
        serverSideApply: Type.Optional(Type.Boolean()),
        skipCRDs: Type.Optional(Type.Boolean()),
        strategy: Type.Optional(
          Type.Object(
            {
              name: StringEnum(['RemediateOnFailure', 'RetryOnFailure']),
              retryInterval: Type.Optional(Duration()),
            },
            {
              'x-kubernetes-validations': [
                {
                  message: ".retryInterval cannot be set when .name is 'RemediateOnFailure'",
                  rule: "!has(self.retryInterval) || self.name != 'RemediateOnFailure'",
                },
              ],
            },
          ),
        ),
        timeout: Type.Optional(Duration()),
      }),
    ),
    interval: Duration(),
    kubeConfig: Type.Optional(KubeConfigReference),
    maxHistory: Type.Optional(Type.Integer()),
    persistentClient: Type.Optional(Type.Boolean()),
    postRenderStrategy: Type.Optional(StringEnum(['nohooks', 'combined', 'separate'])),
    postRenderers: Type.Optional(
      Type.Array(
        Type.Object({
          kustomize: Type.Optional(
            Type.Object({
              images: Type.Optional(Type.Array(Image)),
              patches: Type.Optional(Type.Array(Patch)),
            }),
          ),
        }),
      ),
    ),
    releaseName: Type.Optional(Type.String({ maxLength: 53, minLength: 1 })),
    rollback: Type.Optional(
      Type.Object({
        cleanupOnFail: Type.Optional(Type.Boolean()),
        disableHooks: Type.Optional(Type.Boolean()),
        disableWait: Type.Optional(Type.Boolean()),
        disableWaitForJobs: Type.Optional(Type.Boolean()),
        force: Type.Optional(Type.Boolean()),
        recreate: Type.Optional(Type.Boolean()),
        serverSideApply: Type.Optional(StringEnum(['enabled', 'disabled', 'auto'])),
        timeout: Type.Optional(Duration()),
      }),
    ),
    serviceAccountName: Type.Optional(Type.String({ maxLength: 253, minLength: 1 })),
    storageNamespace: Type.Optional(Type.String({ maxLength: 63, minLength: 1 })),
    suspend: Type.Optional(Type.Boolean()),
    targetNamespace: Type.Optional(Type.String({ maxLength: 63, minLength: 1 })),
    test: Type.Optional(
      Type.Object({
        enable: Type.Optional(Type.Boolean()),
        filters: Type.Optional(
          Type.Array(
            Type.Object({
              exclude: Type.Optional(Type.Boolean()),
              name: Type.String({ maxLength: 253, minLength: 1 }),
            }),
          ),
        ),
        ignoreFailures: Type.Optional(Type.Boolean()),
        timeout: Type.Optional(Duration()),
      }),
    ),
    timeout: Type.Optional(Duration()),
    uninstall: Type.Optional(
      Type.Object({
        deletionPropagation: Type.Optional(
          StringEnum(['background', 'foreground', 'orphan'], { default: 'background' }),
        ),
        disableHooks: Type.Optional(Type.Boolean()),
        disableWait: Type.Optional(Type.Boolean()),
        keepHistory: Type.Optional(Type.Boolean()),
        timeout: Type.Optional(Duration()),
      }),
    ),
    upgrade: Type.Optional(
      Type.Object({
        chartNameChangeStrategy: Type.Optional(StringEnum(['InPlaceUpdate', 'Reinstall'])),
        cleanupOnFail: Type.Optional(Type.Boolean()),
        crds: Type.Optional(StringEnum(['Skip', 'Create', 'CreateReplace'])),
        disableHooks: Type.Optional(Type.Boolean()),
        disableOpenAPIValidation: Type.Optional(Type.Boolean()),
        disableSchemaValidation: Type.Optional(Type.Boolean()),
        disableTakeOwnership: Type.Optional(Type.Boolean()),
        disableWait: Type.Optional(Type.Boolean()),
        disableWaitForJobs: Type.Optional(Type.Boolean()),
        force: Type.Optional(Type.Boolean()),
        preserveValues: Type.Optional(Type.Boolean()),
        remediation: Type.Optional(
          Type.Object({
            ignoreTestFailures: Type.Optional(Type.Boolean()),
            remediateLastFailure: Type.Optional(Type.Boolean()),
            retries: Type.Optional(Type.Integer()),
            strategy: Type.Optional(StringEnum(['rollback', 'uninstall'])),
          }),
        ),
        serverSideApply: Type.Optional(StringEnum(['enabled', 'disabled', 'auto'])),
        strategy: Type.Optional(
          Type.Object(
            {
              name: StringEnum(['RemediateOnFailure', 'RetryOnFailure']),
              retryInterval: Type.Optional(Duration()),
            },
            {
              'x-kubernetes-validations': [
                {
                  message: ".retryInterval can only be set when .name is 'RetryOnFailure'",
                  rule: "!has(self.retryInterval) || self.name == 'RetryOnFailure'",
                },
              ],
            },
          ),
        ),
        timeout: Type.Optional(Duration()),
      }),
    ),
    values: Type.Optional(JsonValue()),
    valuesFrom: Type.Optional(
      Type.Array(
        Type.Object({
          kind: StringEnum(['Secret', 'ConfigMap']),
          literal: Type.Optional(Type.Boolean()),
          name: Type.String({ maxLength: 253, minLength: 1 }),
          optional: Type.Optional(Type.Boolean()),
          targetPath: Type.Optional(
            Type.String({ maxLength: 250, pattern: '^([a-zA-Z0-9_\\-.\\\\\\/]|\\[[0-9]{1,5}\\])+$' }),
          ),
          valuesKey: Type.Optional(Type.String({ maxLength: 253, pattern: '^[\\-._a-zA-Z0-9]+$' })),
        }),
      ),
    ),
    waitStrategy: Type.Optional(
      Type.Object({
        name: StringEnum(['poller', 'legacy']),
      }),
    ),
  },
  {
    'x-kubernetes-validations': [
      {
        message: 'either chart or chartRef must be set',
        rule: '(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))',
      },
    ],
  },
);
/** The desired state of a HelmRelease, as TypeScript. */
export type HelmReleaseSpec = Type.Static<typeof HelmReleaseSpec>;
/** The observed state of a HelmRelease, written by its controller. */
export const HelmReleaseStatus = Type.Object(
  {
    conditions: Type.Optional(Type.Array(Condition)),
    failures: Type.Optional(Type.Integer({ format: 'int64' })),
    helmChart: Type.Optional(Type.String()),
    history: Type.Optional(
      Type.Array(
        Type.Object({
          action: Type.Optional(Type.String()),
          apiVersion: Type.Optional(Type.String()),
          appVersion: Type.Optional(Type.String()),
          chartName: Type.String(),
          chartVersion: Type.String(),
          configDigest: Type.String(),
          deleted: Type.Optional(Type.String({ format: 'date-time' })),
          digest: Type.String(),
          firstDeployed: Type.String({ format: 'date-time' }),
          lastDeployed: Type.String({ format: 'date-time' }),
          name: Type.String(),
          namespace: Type.String(),
          ociDigest: Type.Optional(Type.String()),
          status: Type.String(),
          testHooks: Type.Optional(
            MapOf(
              Type.Object({
                lastCompleted: Type.Optional(Type.String({ format: 'date-time' })),
                lastStarted: Type.Optional(Type.String({ format: 'date-time' })),
                phase: Type.Optional(Type.String()),
              }),
            ),
          ),
          version: Type.Integer(),
        }),
      ),
    ),
    installFailures: Type.Optional(Type.Integer({ format: 'int64' })),
    inventory: Type.Optional(
      Type.Object({
        entries: Type.Array(ResourceRef),
      }),
    ),
    lastAttemptedConfigDigest: Type.Optional(Type.String()),
    lastAttemptedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
    lastAttemptedReleaseAction: Type.Optional(StringEnum(['install', 'upgrade'])),
    lastAttemptedReleaseActionDuration: Type.Optional(Type.String()),
    lastAttemptedRevision: Type.Optional(Type.String()),
    lastAttemptedRevisionDigest: Type.Optional(Type.String()),
    lastAttemptedValuesChecksum: Type.Optional(Type.String()),
    lastHandledForceAt: Type.Optional(Type.String()),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    lastHandledResetAt: Type.Optional(Type.String()),
    lastReleaseRevision: Type.Optional(Type.Integer()),
    observedCommonMetadataDigest: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
    observedPostRenderersDigest: Type.Optional(Type.String()),
    storageNamespace: Type.Optional(Type.String({ maxLength: 63, minLength: 1 })),
    upgradeFailures: Type.Optional(Type.Integer({ format: 'int64' })),
  },
  { default: { observedGeneration: -1 } },
);
/** The observed state of a HelmRelease, as TypeScript. */
export type HelmReleaseStatus = Type.Static<typeof HelmReleaseStatus>;
/** A whole HelmRelease object. */
export const HelmRelease = KindSchema(HelmReleaseSpec, HelmReleaseStatus, {
  description:
    'A HelmRelease installs and upgrades a Helm chart release in the cluster and keeps it as declared.',
});
/** A whole HelmRelease object, as TypeScript. */
export type HelmRelease = Type.Static<typeof HelmRelease>;
/** Names, scope, printer columns and schema of HelmRelease v2, for the CRD and the registry. */
export const HelmReleaseDefinition = defineKind({
  group: 'helm.toolkit.fluxcd.io',
  version: 'v2',
  kind: 'HelmRelease',
  plural: 'helmreleases',
  singular: 'helmrelease',
  listKind: 'HelmReleaseList',
  shortNames: ['hr'],
  categories: ['all', 'fluxcd', 'fluxcd-appliers'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: true,
  printerColumns: [AgeColumn, ...ReadyColumns],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: HelmRelease,
});
