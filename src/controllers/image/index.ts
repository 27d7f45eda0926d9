export { type ImageControllerOptions, type RunningImageController, setupImageController } from './setup.ts';
