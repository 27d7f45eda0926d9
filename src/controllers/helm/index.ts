export { type HelmControllerOptions, type RunningHelmController, setupHelmController } from './setup.ts';
