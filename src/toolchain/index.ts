export { cached, cacheRoot } from './cache.ts';
export { FLUX_CLI_VERSION, fluxCliBinary, withoutRemoteResources } from './flux-cli.ts';
export {
  FLUX_CONTROLLERS,
  type FluxController,
  fluxControllerBinaries,
  fluxControllerBinary,
  goGetArgs,
} from './flux-controllers.ts';
export { type GoBuildOptions, goBuild, haveGo } from './go-build.ts';
export { HELM_VERSION, helmBinary } from './helm.ts';
