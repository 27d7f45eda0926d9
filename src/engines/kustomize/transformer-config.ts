import type { FieldSpec } from './field-specs.ts';

/**
 * The field specs a kustomization's `configurations:` files add to the built-in transformers'
 * defaults. They reach the transformers of the kustomization that names them and of every
 * kustomization built after it, as kustomize merges a base's configuration into its overlays.
 */
export interface TransformerConfig {
  /** Added for every `labels:` entry, whatever its include flags. */
  labels: FieldSpec[];
  /** Added for `commonLabels` and for `labels:` entries with includeSelectors. */
  commonLabels: FieldSpec[];
  /** Added for `labels:` entries with includeTemplates (and not includeSelectors). */
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  varReference: FieldSpec[];
  images: FieldSpec[];
  /**
   * Where namePrefix and nameSuffix go: `metadata/name` specs with a kind limit the affixes to
   * the kinds they name (without any, every object but CRDs, Namespaces and APIServices gets them).
   */
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  /** Further fields that name objects of a kind, fixed up when those objects are renamed. */
  nameReference: NameReference[];
}

/** A `nameReference` entry: the kind referred to and the fields (of referrers) naming it. */
export interface NameReference {
  kind: string;
  group?: string;
  version?: string;
  fieldSpecs: FieldSpec[];
}

/** A configuration that adds nothing. */
export function emptyTransformerConfig(): TransformerConfig {
  return {
    labels: [],
    commonLabels: [],
    templateLabels: [],
    commonAnnotations: [],
    varReference: [],
    images: [],
    namePrefix: [],
    nameSuffix: [],
    nameReference: [],
  };
}

/** Adds the field specs of one `configurations:` document to `into`. */
export function mergeTransformerConfig(into: TransformerConfig, doc: unknown): void {
  if (!doc || typeof doc !== 'object') return;
  const d = doc as Record<string, unknown>;
  if (Array.isArray(d.nameReference))
    for (const n of d.nameReference as NameReference[])
      if (typeof n?.kind === 'string' && Array.isArray(n.fieldSpecs)) into.nameReference.push(n);
  for (const key of Object.keys(into) as (keyof TransformerConfig)[]) {
    if (key === 'nameReference') continue;
    const specs = d[key];
    if (!Array.isArray(specs)) continue;
    for (const s of specs as FieldSpec[]) {
      if (typeof s?.path !== 'string') continue;
      if (!into[key].some((x) => x.path === s.path && x.kind === s.kind && x.group === s.group))
        into[key].push(s);
    }
  }
}
