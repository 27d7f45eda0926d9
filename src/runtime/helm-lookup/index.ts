export { clusterLookup } from './cluster-lookup.ts';
