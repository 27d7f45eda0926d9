export { type ArchiveLimits, readChartArchive, readTar } from './archive.ts';
export {
  type Chart,
  type ChartFile,
  type ChartMetadata,
  chartPath,
  type Dependency,
  isLibrary,
} from './chart.ts';
export { coalesceTables, coalesceValues, isTable, mergeMaps, type Values, type WarnFn } from './coalesce.ts';
export { isCompatibleRange, processDependencies } from './dependencies.ts';
export { type CrdPolicy, type CrdPolicySpec, crdObjects, fluxCrdPolicy } from './flux-crds.ts';
export { commonMetadataDigest, postRenderersDigest } from './flux-digests.ts';
export {
  fluxPostRender,
  fluxPostRenderOrThrow,
  type KustomizePostRenderer,
  type PostRenderSpec,
} from './flux-post-render.ts';
export { fluxReleaseName, markReleaseObject } from './flux-release.ts';
export { mergeValues, type ValuesReference, type ValuesSource } from './flux-values.ts';
export type { LookupFn } from './funcs.ts';
export { goJsonMarshal } from './go-json.ts';
export { parseHelmignore } from './helmignore.ts';
export { type DirectoryReader, filesFromDirectory, loadChart, loadChartArchive } from './loader.ts';
export {
  type LookupKey,
  type LookupResolver,
  MAX_LOOKUP_PASSES,
  renderChartWithLookups,
} from './lookup-render.ts';
export { type Hook, INSTALL_ORDER, type Manifest, sortManifests, splitManifests } from './manifests.ts';
export { type PackageOptions, packageChartFiles } from './package.ts';
export {
  chartRecord,
  decodeRelease,
  encodeRelease,
  goTime,
  RELEASE_SECRET_TYPE,
  type ReleaseChart,
  type ReleaseHook,
  type ReleaseInfo,
  type ReleaseRecord,
  type ReleaseSecret,
  releaseFromRender,
  releaseFromSecret,
  releaseSecretName,
  releaseToSecret,
} from './release.ts';
export {
  type CrdFile,
  cloneChart,
  type RenderOptions,
  type RenderResult,
  renderChart,
  showOnly,
  type TemplateOutputOptions,
  templateOutput,
} from './render.ts';
export { formatErrors, type SchemaError, validateSchema, validateValuesAgainstSchemas } from './schema.ts';
export { parseSetFlag, type SetMode } from './strvals.ts';
export { toYaml } from './yaml-emit.ts';
export { parseValuesYaml, parseYaml } from './yaml-read.ts';
