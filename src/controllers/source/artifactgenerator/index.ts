export {
  type GeneratorControllerOptions,
  newArtifactGeneratorController,
  newSourceWatcher,
  type SourceWatcher,
} from './controller.ts';
