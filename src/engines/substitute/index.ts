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
