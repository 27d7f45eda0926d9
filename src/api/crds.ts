/**
 * All of tsflux's CustomResourceDefinitions, one per registered kind, generated from the schemas.
 */
import { type CustomResourceDefinition, type GenerateCRDOptions, generateCRD } from './crd/index.ts';
import { kinds } from './registry.ts';

/** Every CRD tsflux installs, in registry order. */
export function generateAllCRDs(options: GenerateCRDOptions = {}): CustomResourceDefinition[] {
  return kinds.map((k) => generateCRD(k.versions, options));
}
