/**
 * Structural defaulting as the Kubernetes API server does it for CRDs: a property with a
 * `default` that is absent (or null without `nullable`) gets a copy of the default, and the walk
 * continues into objects, array items and map values, so nested defaults apply too. Offline tools
 * (render, diff) use this to see objects exactly as the cluster would store them.
 */
import type { OpenAPISchema } from './openapi.ts';

type Json = Record<string, unknown>;

/** Returns a copy of `value` with the schema's defaults filled in. */
export function applyDefaults<T>(schema: OpenAPISchema, value: T): T {
  const copy = structuredClone(value);
  fill(schema, copy);
  return copy;
}

function fill(schema: OpenAPISchema | undefined, value: unknown): void {
  if (!schema || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const items = schema.items as OpenAPISchema | undefined;
    for (const item of value) fill(items, item);
    return;
  }
  const object = value as Json;
  const properties = schema.properties as Record<string, OpenAPISchema> | undefined;
  if (properties) {
    for (const [name, property] of Object.entries(properties)) {
      const missing = !(name in object) || (object[name] === null && property.nullable !== true);
      if (missing && property.default !== undefined) object[name] = structuredClone(property.default);
      fill(property, object[name]);
    }
  }
  const additional = schema.additionalProperties;
  if (additional && typeof additional === 'object') {
    for (const [name, entry] of Object.entries(object)) {
      if (!properties || !(name in properties)) fill(additional as OpenAPISchema, entry);
    }
  }
}
