/**
 * Derives the schema of an older API version from the storage version's: older versions are the
 * current field set plus the fields Flux later removed or renamed. Edits are applied to a plain
 * copy of the TypeBox schema, so the result is still generated from TypeBox, never hand-copied.
 */
import Type, { type TSchema } from 'typebox';
import type { KindVersion } from './kind-definition.ts';
import { toOpenAPISchema } from './openapi.ts';

/** One change at a property path (`spec.chart.spec`, `spec.postRenderers[].kustomize`; '' is the root). */
export interface SchemaEdit {
  at: string;
  /** Properties to add (optional unless also listed in `require`). */
  add?: Record<string, TSchema>;
  /** Properties that become optional. */
  makeOptional?: string[];
  /** Properties that older versions did not have. */
  remove?: string[];
  /** Drop `x-kubernetes-validations` at this node (CEL rules of newer versions). */
  dropValidations?: boolean;
}

type Node = Record<string, any>;

/** Returns a copy of `base` with the edits applied. */
export function deriveSchema(base: TSchema, edits: readonly SchemaEdit[]): TSchema {
  const root = toOpenAPISchema(base) as Node;
  for (const edit of edits) {
    const node = resolve(root, edit.at);
    if (edit.add) {
      node.properties ??= {};
      for (const [name, schema] of Object.entries(edit.add)) node.properties[name] = toOpenAPISchema(schema);
    }
    for (const name of edit.remove ?? []) {
      delete node.properties?.[name];
      dropRequired(node, name);
    }
    for (const name of edit.makeOptional ?? []) dropRequired(node, name);
    if (edit.dropValidations) delete node['x-kubernetes-validations'];
  }
  return Type.Unsafe(root);
}

function dropRequired(node: Node, name: string) {
  if (!Array.isArray(node.required)) return;
  node.required = node.required.filter((r: string) => r !== name);
  if (node.required.length === 0) delete node.required;
}

function resolve(root: Node, path: string): Node {
  let node = root;
  if (path === '') return node;
  for (const step of path.split('.')) {
    const isArray = step.endsWith('[]');
    const name = isArray ? step.slice(0, -2) : step;
    node = node.properties?.[name];
    if (!node) throw new Error(`no property ${name} in path ${path}`);
    if (isArray) node = node.items;
  }
  return node;
}

/** A served, non-storage, deprecated version of a kind, with the given schema. */
export function legacyVersion(storage: KindVersion, version: string, schema: TSchema): KindVersion {
  return {
    ...storage,
    version,
    schema,
    storage: false,
    served: true,
    deprecated: true,
    deprecationWarning: `${storage.group}/${version} ${storage.kind} is deprecated, upgrade to ${storage.version}`,
  };
}
