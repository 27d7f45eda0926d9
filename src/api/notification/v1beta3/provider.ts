/**
 * Provider (notification.toolkit.fluxcd.io/v1beta3): field set, defaults and validation as Flux 2.9 declares them.
 * The CRD schema and the TypeScript types are both derived from the TypeBox definitions below.
 */
import Type from 'typebox';
import { AgeColumn, defineKind } from '../../crd/index.ts';
import { Duration, KindSchemaWithoutStatus, LocalObjectReference, StringEnum } from '../../meta/index.ts';

/** The desired state of a Provider (notification.toolkit.fluxcd.io/v1beta3). */
export const ProviderSpec = Type.Object(
  {
    address: Type.Optional(Type.String({ maxLength: 2048 })),
    certSecretRef: Type.Optional(LocalObjectReference),
    channel: Type.Optional(Type.String({ maxLength: 2048 })),
    commitStatusExpr: Type.Optional(Type.String()),
    interval: Type.Optional(Duration()),
    proxy: Type.Optional(Type.String({ maxLength: 2048, pattern: '^(http|https)://.*$' })),
    proxySecretRef: Type.Optional(LocalObjectReference),
    secretRef: Type.Optional(LocalObjectReference),
    serviceAccountName: Type.Optional(Type.String()),
    suspend: Type.Optional(Type.Boolean()),
    timeout: Type.Optional(Type.String({ pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$' })),
    type: StringEnum([
      'slack',
      'discord',
      'msteams',
      'rocket',
      'generic',
      'generic-hmac',
      'github',
      'gitlab',
      'gitea',
      'giteapullrequestcomment',
      'bitbucketserver',
      'bitbucket',
      'azuredevops',
      'googlechat',
      'googlepubsub',
      'webex',
      'sentry',
      'azureeventhub',
      'telegram',
      'lark',
      'matrix',
      'opsgenie',
      'alertmanager',
      'grafana',
      'githubdispatch',
      'githubpullrequestcomment',
      'gitlabmergerequestcomment',
      'pagerduty',
      'datadog',
      'nats',
      'zulip',
      'otel',
      'zoom',
      'incident.io',
    ]),
    username: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  {
    'x-kubernetes-validations': [
      {
        message:
          "spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea', 'bitbucketserver', 'bitbucket', 'azuredevops' provider types",
        rule: "self.type == 'github' || self.type == 'gitlab' || self.type == 'gitea' || self.type == 'bitbucketserver' || self.type == 'bitbucket' || self.type == 'azuredevops' || !has(self.commitStatusExpr)",
      },
    ],
  },
);
/** The desired state of a Provider, as TypeScript. */
export type ProviderSpec = Type.Static<typeof ProviderSpec>;
/** A whole Provider object. */
export const Provider = KindSchemaWithoutStatus(ProviderSpec, {
  description: 'A Provider is a destination for alerts and commit statuses (chat, webhook, Git forge, ...).',
});
/** A whole Provider object, as TypeScript. */
export type Provider = Type.Static<typeof Provider>;
/** Names, scope, printer columns and schema of Provider v1beta3, for the CRD and the registry. */
export const ProviderDefinition = defineKind({
  group: 'notification.toolkit.fluxcd.io',
  version: 'v1beta3',
  kind: 'Provider',
  plural: 'providers',
  singular: 'provider',
  listKind: 'ProviderList',
  shortNames: [],
  categories: ['all', 'fluxcd', 'fluxcd-notifications'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: false,
  printerColumns: [AgeColumn],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: Provider,
});
