import type { SourceKind } from './source-kind.ts';

/**
 * The source kinds the source controller runs, each loaded lazily. Each kind's folder adds its
 * line here.
 */
export const sourceKindLoaders: Record<string, () => Promise<SourceKind>> = {
  OCIRepository: async () => (await import('../ocirepository/index.ts')).ociRepositoryKind,
};
