import { SCHEMA_TABLE } from './schema-table.ts';

/**
 * Strategic-merge facts of a set of types: `kinds` maps "group/version/Kind" to a type index;
 * `types[i]` maps a field to "ref" (the index of the field's object type, or empty) or
 * "ref;strategy;mergeKey" for fields with a patch strategy. The built-in table has this shape;
 * a kustomization's `openapi.path` schema is turned into one by {@link schemaTableFromOpenApi}.
 */
export interface SchemaTable {
  kinds: Record<string, number>;
  types: Record<string, string>[];
  /** The definition name of each type, so that another schema can refer to these types. */
  names: string[];
}

/** The strategic-merge table of the built-in Kubernetes types. */
export const BUILTIN_SCHEMA: SchemaTable = SCHEMA_TABLE;

interface OpenApiProperty {
  $ref?: string;
  items?: OpenApiProperty;
  properties?: Record<string, OpenApiProperty>;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
}

interface OpenApiDefinition {
  properties?: Record<string, OpenApiProperty>;
  'x-kubernetes-group-version-kind'?: { group?: string; version?: string; kind?: string }[];
}

const refName = (p: OpenApiProperty | undefined): string | undefined =>
  (p?.$ref ?? p?.items?.$ref)?.replace('#/definitions/', '');

/**
 * The definitions with every inline object schema (a CRD's `spec: {properties: ...}`, or the
 * `items` of a list) lifted into a definition of its own, named after its path, and referred to:
 * the table then follows them like the named types of the built-in schema.
 */
function liftInlineSchemas(defs: Record<string, OpenApiDefinition>): Record<string, OpenApiDefinition> {
  const out: Record<string, OpenApiDefinition> = {};
  const lift = (name: string, def: OpenApiDefinition): void => {
    const properties: Record<string, OpenApiProperty> = {};
    for (const [field, p] of Object.entries(def?.properties ?? {})) {
      if (!p || typeof p !== 'object') continue;
      const prop: OpenApiProperty = { ...p };
      if (prop.properties && !prop.$ref) {
        lift(`${name}/${field}`, { properties: prop.properties });
        prop.$ref = `#/definitions/${name}/${field}`;
      } else if (prop.items?.properties && !prop.items.$ref) {
        lift(`${name}/${field}[]`, { properties: prop.items.properties });
        prop.items = { $ref: `#/definitions/${name}/${field}[]` };
      }
      properties[field] = prop;
    }
    out[name] = { ...def, properties };
  };
  for (const [name, def] of Object.entries(defs)) lift(name, def);
  return out;
}

/**
 * The strategic-merge table of an OpenAPI v2 (swagger) document's `definitions`: only the types
 * that matter for merging are kept, those with a patch strategy on a field of theirs or of a type
 * they reach; kinds come from `x-kubernetes-group-version-kind`. Given a `base` table, the result
 * extends it, as kustomize adds a custom schema to its built-in one: the document may refer to the
 * base's types by name (`io.k8s.api.core.v1.PodTemplateSpec`), and a base type of the same name
 * wins over the document's.
 */
export function schemaTableFromOpenApi(doc: unknown, base?: SchemaTable): SchemaTable {
  const defs = liftInlineSchemas(
    ((doc as { definitions?: Record<string, OpenApiDefinition> } | null)?.definitions ?? {}) as Record<
      string,
      OpenApiDefinition
    >,
  );
  const baseIds = new Map((base?.names ?? []).map((n, i) => [n, i]));
  const offset = base?.types.length ?? 0;
  const relevant = new Set<string>();
  const reaches = (p: OpenApiProperty | undefined) =>
    !!p?.['x-kubernetes-patch-strategy'] || relevant.has(refName(p) ?? '') || baseIds.has(refName(p) ?? '');
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, def] of Object.entries(defs)) {
      if (relevant.has(name) || baseIds.has(name)) continue;
      if (Object.values(def?.properties ?? {}).some(reaches)) {
        relevant.add(name);
        changed = true;
      }
    }
  }
  const names = [...relevant].sort();
  const ids = new Map(names.map((n, i) => [n, offset + i]));
  const idOf = (ref: string | undefined) =>
    ref === undefined ? undefined : (baseIds.get(ref) ?? ids.get(ref));
  const types = names.map((name) => {
    const out: Record<string, string> = {};
    for (const [field, p] of Object.entries(defs[name]?.properties ?? {})) {
      const ref = idOf(refName(p));
      const strategy = p?.['x-kubernetes-patch-strategy'];
      if (!strategy && ref === undefined) continue;
      const id = ref === undefined ? '' : String(ref);
      out[field] = strategy ? `${id};${strategy};${p['x-kubernetes-patch-merge-key'] ?? ''}` : id;
    }
    return out;
  });
  const kinds: Record<string, number> = { ...(base?.kinds ?? {}) };
  for (const [name, def] of Object.entries(defs)) {
    const id = idOf(name);
    if (id === undefined) continue;
    for (const gvk of def?.['x-kubernetes-group-version-kind'] ?? [])
      kinds[`${gvk.group ?? ''}/${gvk.version ?? ''}/${gvk.kind ?? ''}`] = id;
  }
  return {
    kinds,
    types: [...(base?.types ?? []), ...types],
    names: [...(base?.names ?? []), ...names],
  };
}
