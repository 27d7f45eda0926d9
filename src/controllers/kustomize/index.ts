export {
  type KustomizeControllerOptions,
  type RunningKustomizeController,
  setupKustomizeController,
} from './setup.ts';
