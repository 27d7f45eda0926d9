/**
 * Flux post-build variable substitution (`spec.postBuild`), as the kustomize controller applies it.
 *
 * Typical use by a Kustomization reconciler:
 *   const vars = mergeVariables(
 *     [varsFromConfigMapData(cm.data), varsFromSecretData(secret.data)],  // substituteFrom order
 *     spec.postBuild.substitute);
 *   const out = substituteObjects(objects, vars, { strict: true,          // Flux 2.9 default
 *     always: spec.postBuild.substituteStrategy === 'Always' });
 * Objects labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled` are skipped.
 */
export { envsubst, type Lookup, VariableNotSetError } from './eval.ts';
export { EnvsubstParseError, ParseErrorText } from './parse.ts';
export {
  kustomizeGvk,
  mergeVariables,
  SubstituteAnnotation,
  type SubstituteOptions,
  substituteObject,
  substituteObjects,
  substitutionDisabled,
  VariableNamePattern,
  validateVariableNames,
  varsFromConfigMapData,
  varsFromSecretData,
} from './substitute.ts';
