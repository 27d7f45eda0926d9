export { cached, cacheRoot } from './cache.ts';
export { type GoBuildOptions, goBuild, haveGo } from './go-build.ts';
export { HELM_VERSION, helmBinary } from './helm.ts';
