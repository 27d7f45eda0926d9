import type { SourceKind } from './common/source-kind.ts';

/**
 * The source kinds the source controller runs, each loaded lazily. Each kind's folder adds its
 * line here.
 */
export const sourceKindLoaders: Record<string, () => Promise<SourceKind>> = {
  HelmChart: async () => (await import('./helmchart/index.ts')).helmChartKind,
  HelmRepository: async () => (await import('./helmrepository/index.ts')).helmRepositoryKind,
  Bucket: async () => (await import('./bucket/index.ts')).bucketKind,
  OCIRepository: async () => (await import('./ocirepository/index.ts')).ociRepositoryKind,
  GitRepository: async () => (await import('./gitrepository/index.ts')).gitRepositoryKind,
};
