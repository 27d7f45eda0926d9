export { emitYamlDocument, emitYamlStream } from '../yaml/index.ts';
export { build, buildOrThrow } from './build.ts';
export { type SchemaTable, schemaTableFromOpenApi } from './openapi-schema.ts';
export {
  BuildError,
  type BuildOptions,
  type BuildResult,
  type Diagnostic,
  type FluxSpec,
  formatDiagnostic,
  type KubeObject,
  type Severity,
} from './types.ts';
export { parseYamlDocuments, YamlError } from './yaml-parse.ts';
