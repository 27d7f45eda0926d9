/**
 * The checks source-watcher runs before any work, whose failures stall the generator: unique
 * source aliases, no cross-namespace source under `--no-cross-namespace-refs`, unique artifact
 * names, and `revision` aliases that exist.
 */
import {
  type ArtifactGenerator,
  ArtifactGeneratorReason,
} from '../../../api/source-extensions/v1beta1/index.ts';

/** A spec error: the condition reason and message. */
export interface SpecError {
  reason: string;
  message: string;
}

/** The first spec error of the generator, if any. */
export function validateGenerator(
  gen: ArtifactGenerator,
  noCrossNamespaceRefs: boolean,
): SpecError | undefined {
  const aliases = new Set<string>();
  for (const src of gen.spec?.sources ?? []) {
    if (aliases.has(src.alias))
      return {
        reason: ArtifactGeneratorReason.ValidationFailed,
        message: `duplicate source alias '${src.alias}' found`,
      };
    aliases.add(src.alias);
    if (noCrossNamespaceRefs && src.namespace && src.namespace !== gen.metadata?.namespace)
      return {
        reason: ArtifactGeneratorReason.AccessDenied,
        message: `cross-namespace reference to source ${src.kind}/${src.namespace}/${src.name} is not allowed`,
      };
  }
  const names = new Set<string>();
  for (const a of gen.spec?.artifacts ?? []) {
    if (names.has(a.name))
      return {
        reason: ArtifactGeneratorReason.ValidationFailed,
        message: `duplicate artifact name '${a.name}' found`,
      };
    const revAlias = a.revision?.replace(/^@/, '');
    if (revAlias && !aliases.has(revAlias))
      return {
        reason: ArtifactGeneratorReason.ValidationFailed,
        message: `artifact ${a.name} revision source alias '${revAlias}' not found`,
      };
    names.add(a.name);
  }
  return undefined;
}
