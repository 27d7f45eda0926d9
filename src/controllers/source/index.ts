export {
  type RunningSourceController,
  type SourceControllerOptions,
  setupSourceController,
} from './setup.ts';
