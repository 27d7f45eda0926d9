/**
 * The names of every Flux kind at its storage version, as plain data with no schema attached.
 * The manager's informers and the CLI need only these names; importing the full registry would
 * load every schema (and the schema library) into a process that never validates anything. A
 * test keeps this table equal to the registry.
 */
export interface KindName {
  group: string;
  kind: string;
  plural: string;
  storageVersion: string;
}

export const kindTable: readonly KindName[] = [
  {
    group: 'source.toolkit.fluxcd.io',
    kind: 'GitRepository',
    plural: 'gitrepositories',
    storageVersion: 'v1',
  },
  {
    group: 'source.toolkit.fluxcd.io',
    kind: 'OCIRepository',
    plural: 'ocirepositories',
    storageVersion: 'v1',
  },
  {
    group: 'source.toolkit.fluxcd.io',
    kind: 'HelmRepository',
    plural: 'helmrepositories',
    storageVersion: 'v1',
  },
  { group: 'source.toolkit.fluxcd.io', kind: 'HelmChart', plural: 'helmcharts', storageVersion: 'v1' },
  { group: 'source.toolkit.fluxcd.io', kind: 'Bucket', plural: 'buckets', storageVersion: 'v1' },
  {
    group: 'source.toolkit.fluxcd.io',
    kind: 'ExternalArtifact',
    plural: 'externalartifacts',
    storageVersion: 'v1',
  },
  {
    group: 'kustomize.toolkit.fluxcd.io',
    kind: 'Kustomization',
    plural: 'kustomizations',
    storageVersion: 'v1',
  },
  { group: 'helm.toolkit.fluxcd.io', kind: 'HelmRelease', plural: 'helmreleases', storageVersion: 'v2' },
  {
    group: 'image.toolkit.fluxcd.io',
    kind: 'ImageRepository',
    plural: 'imagerepositories',
    storageVersion: 'v1',
  },
  { group: 'image.toolkit.fluxcd.io', kind: 'ImagePolicy', plural: 'imagepolicies', storageVersion: 'v1' },
  {
    group: 'image.toolkit.fluxcd.io',
    kind: 'ImageUpdateAutomation',
    plural: 'imageupdateautomations',
    storageVersion: 'v1',
  },
  { group: 'notification.toolkit.fluxcd.io', kind: 'Alert', plural: 'alerts', storageVersion: 'v1beta3' },
  {
    group: 'notification.toolkit.fluxcd.io',
    kind: 'Provider',
    plural: 'providers',
    storageVersion: 'v1beta3',
  },
  { group: 'notification.toolkit.fluxcd.io', kind: 'Receiver', plural: 'receivers', storageVersion: 'v1' },
  {
    group: 'source.extensions.fluxcd.io',
    kind: 'ArtifactGenerator',
    plural: 'artifactgenerators',
    storageVersion: 'v1beta1',
  },
];
