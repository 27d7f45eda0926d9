/** A HelmRelease's `valuesFrom` read from the cluster, for the helm controller and the CLI. */
export { readValuesFrom } from './read-values-from.ts';
