export { artifactFileSystem, entriesFileSystem } from './artifact-fs.ts';
export {
  findKustomizationFile,
  fluxKustomizationFile,
  generateResources,
  KustomizationBuildError,
  KustomizationFileNames,
} from './generator.ts';
export { OverlayFS } from './overlay-fs.ts';
export {
  buildDigest,
  PathNotFoundError,
  type RenderOptions,
  type RenderResult,
  renderKustomization,
  renderYaml,
  SubstituteAnnotation,
} from './render.ts';
export type { KustomizationBuildSpec } from './spec.ts';
