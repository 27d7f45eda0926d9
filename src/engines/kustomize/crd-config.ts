import type { FieldSpec } from './field-specs.ts';
import type { NameReference, TransformerConfig } from './transformer-config.ts';

interface CrdProperty {
  $ref?: string;
  properties?: Record<string, CrdProperty>;
  [extension: string]: unknown;
}

interface CrdDefinition {
  Schema?: { properties?: Record<string, CrdProperty> };
}

const extension = (p: CrdProperty, key: string): string | undefined =>
  typeof p[key] === 'string' ? (p[key] as string) : undefined;

/**
 * The field specs a `crds:` file adds, as kustomize reads it: the file maps Go type names to
 * OpenAPI definitions (`{Schema, Dependencies}`); every type that looks like an object (it has
 * `kind`, `apiVersion` and `metadata`) is walked through its `$ref`s, and a property marked
 * `x-kubernetes-object-ref-kind` / `-api-version` becomes a name reference to that kind (its
 * `x-kubernetes-object-ref-name-key`, default `name`), `x-kubernetes-annotation` an annotation
 * field and `x-kubernetes-label-selector` a label selector field of the type's kind (the last
 * `.`-separated part of its name).
 */
export function configFromCrdDefinitions(doc: Record<string, unknown>): Partial<TransformerConfig> {
  const defs = doc as Record<string, CrdDefinition>;
  const nameReference: NameReference[] = [];
  const commonAnnotations: FieldSpec[] = [];
  const commonLabels: FieldSpec[] = [];
  const walk = (kind: string, typeName: string, path: string[], seen: Set<string>): void => {
    const def = defs[typeName];
    if (!def || seen.has(typeName)) return;
    const inner = new Set(seen).add(typeName);
    for (const [name, p] of Object.entries(def.Schema?.properties ?? {})) {
      if (!p || typeof p !== 'object') continue;
      const at = [...path, name];
      if (extension(p, 'x-kubernetes-annotation') !== undefined)
        commonAnnotations.push({ kind, path: at.join('/') });
      if (extension(p, 'x-kubernetes-label-selector') !== undefined)
        commonLabels.push({ kind, path: at.join('/') });
      const version = extension(p, 'x-kubernetes-object-ref-api-version');
      const refKind = extension(p, 'x-kubernetes-object-ref-kind');
      if (version !== undefined && refKind !== undefined) {
        const key = extension(p, 'x-kubernetes-object-ref-name-key') ?? 'name';
        nameReference.push({ kind: refKind, version, fieldSpecs: [{ kind, path: [...at, key].join('/') }] });
      }
      if (typeof p.$ref === 'string') walk(kind, p.$ref, at, inner);
    }
  };
  for (const [typeName, def] of Object.entries(defs)) {
    const props = def?.Schema?.properties ?? {};
    if (!('kind' in props && 'apiVersion' in props && 'metadata' in props)) continue;
    walk(typeName.split('.').at(-1) ?? typeName, typeName, [], new Set());
  }
  return { nameReference, commonAnnotations, commonLabels };
}
