export { artifactFileSystem, entriesFileSystem } from './artifact-fs.ts';
export { decryptReferencedFiles } from './decrypt-files.ts';
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
} from './render.ts';
export type { KustomizationBuildSpec } from './spec.ts';
