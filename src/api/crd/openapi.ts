/**
 * Turns a TypeBox schema into the plain `openAPIV3Schema` a CRD carries: TypeBox's own markers
 * are dropped (they are non-enumerable, so a JSON round trip sheds them) and keys are sorted the
 * way controller-gen writes them, which keeps the generated YAML stable and easy to diff.
 */
import type { TSchema } from 'typebox';

/** A JSON Schema object as it appears inside a CustomResourceDefinition. */
export type OpenAPISchema = { [key: string]: unknown };

/** The structural OpenAPI v3 schema for a TypeBox schema. */
export function toOpenAPISchema(schema: TSchema): OpenAPISchema {
  return sortKeys(JSON.parse(JSON.stringify(schema))) as OpenAPISchema;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
