export { cached, cacheRoot } from './cache.ts';
export { FLUX_CLI_VERSION, fluxCliBinary, withoutRemoteResources } from './flux-cli.ts';
export { type GoBuildOptions, goBuild, haveGo } from './go-build.ts';
export { HELM_VERSION, helmBinary } from './helm.ts';
