// Flux's chart version lookup in a repository index, for the semver conformance suite
export { parseRepositoryIndex, resolveChartVersion } from './helm-repository-client/repository-index.ts';
export {
  type RunningSourceController,
  type SourceControllerOptions,
  setupSourceController,
} from './setup.ts';
