/**
 * Compares a reference CustomResourceDefinition (Flux's) with tsflux's and lists every difference
 * that would break a drop-in replacement: a missing property, or a property whose type, enum,
 * default, format, validation bounds, required-ness or Kubernetes markers differ. tsflux may accept
 * more (extra properties, extra versions); it may never accept less or behave differently.
 */
import { isDeepStrictEqual } from 'node:util';

type Json = Record<string, any>;

/** Schema keywords that must match exactly wherever the reference sets them. */
const COMPARED_KEYWORDS = [
  'type',
  'enum',
  'default',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'uniqueItems',
  'nullable',
  'anyOf',
  'oneOf',
  'allOf',
];

/** The outcome of a comparison: the differences found and how many schema paths were checked. */
export interface Comparison {
  problems: string[];
  pathsChecked: number;
}

/** Compares one reference CRD with tsflux's CRD of the same name. */
export function compareCRD(reference: Json, ours: Json | undefined): Comparison {
  const problems: string[] = [];
  const result: Comparison = { problems, pathsChecked: 0 };
  const name = reference.metadata.name;
  if (!ours) {
    problems.push(`${name}: no such CRD in tsflux`);
    return result;
  }
  const expect = (what: string, a: unknown, b: unknown) => {
    if (!isDeepStrictEqual(a, b))
      problems.push(`${name}: ${what}: want ${JSON.stringify(a)}, got ${JSON.stringify(b)}`);
  };
  expect('group', reference.spec.group, ours.spec.group);
  expect('scope', reference.spec.scope, ours.spec.scope);
  for (const key of ['kind', 'listKind', 'plural', 'singular']) {
    expect(`names.${key}`, reference.spec.names[key], ours.spec.names[key]);
  }
  for (const key of ['shortNames', 'categories']) {
    expect(
      `names.${key}`,
      [...(reference.spec.names[key] ?? [])].sort(),
      [...(ours.spec.names[key] ?? [])].sort(),
    );
  }
  for (const refVersion of reference.spec.versions) {
    const version = ours.spec.versions.find((v: Json) => v.name === refVersion.name);
    if (!version) {
      problems.push(`${name}: version ${refVersion.name} missing`);
      continue;
    }
    const where = `version ${refVersion.name}`;
    expect(`${where} served`, refVersion.served, version.served);
    expect(`${where} storage`, refVersion.storage, version.storage);
    expect(
      `${where} status subresource`,
      Boolean(refVersion.subresources?.status),
      Boolean(version.subresources?.status),
    );
    expect(
      `${where} printer columns`,
      (refVersion.additionalPrinterColumns ?? []).map(printerColumn),
      (version.additionalPrinterColumns ?? []).map(printerColumn),
    );
    compareSchema(
      refVersion.schema.openAPIV3Schema,
      version.schema?.openAPIV3Schema,
      `${name}@${refVersion.name}:`,
      result,
    );
  }
  return result;
}

function printerColumn(column: Json) {
  const { description: _ignored, ...rest } = column;
  return rest;
}

/** Walks every property path of `reference`, checking `ours` has it with the same constraints. */
export function compareSchema(
  reference: Json,
  ours: Json | undefined,
  path: string,
  result: Comparison,
): void {
  result.pathsChecked++;
  if (!ours) {
    result.problems.push(`${path} missing`);
    return;
  }
  for (const keyword of COMPARED_KEYWORDS) {
    if (!isDeepStrictEqual(reference[keyword], ours[keyword])) {
      result.problems.push(
        `${path} ${keyword}: want ${JSON.stringify(reference[keyword])}, got ${JSON.stringify(ours[keyword])}`,
      );
    }
  }
  for (const key of new Set([...Object.keys(reference), ...Object.keys(ours)])) {
    if (!key.startsWith('x-kubernetes-')) continue;
    if (!isDeepStrictEqual(reference[key], ours[key])) {
      result.problems.push(
        `${path} ${key}: want ${JSON.stringify(reference[key])}, got ${JSON.stringify(ours[key])}`,
      );
    }
  }
  const wantRequired = [...(reference.required ?? [])].sort();
  const gotRequired = [...(ours.required ?? [])].sort();
  if (!isDeepStrictEqual(wantRequired, gotRequired)) {
    result.problems.push(
      `${path} required: want ${JSON.stringify(wantRequired)}, got ${JSON.stringify(gotRequired)}`,
    );
  }
  for (const [property, schema] of Object.entries<Json>(reference.properties ?? {})) {
    compareSchema(schema, ours.properties?.[property], `${path}.${property}`, result);
  }
  if (reference.items) compareSchema(reference.items, ours.items, `${path}[]`, result);
  if (reference.additionalProperties && typeof reference.additionalProperties === 'object') {
    compareSchema(reference.additionalProperties, ours.additionalProperties, `${path}{}`, result);
  } else if (reference.additionalProperties !== ours.additionalProperties) {
    result.problems.push(
      `${path} additionalProperties: want ${reference.additionalProperties}, got ${ours.additionalProperties}`,
    );
  }
}
