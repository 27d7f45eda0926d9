/**
 * Structural validation of an object against a CRD schema, with the API server's field paths and
 * message wording (`spec.url: Required value`, `Unsupported value: "x": supported values: ...`),
 * so offline tools report what `kubectl apply` would. CEL rules (`x-kubernetes-validations`) are
 * not evaluated here; the API server still enforces them.
 */
import type { OpenAPISchema } from './openapi.ts';

/** One validation failure: the field path and the API server's message for it. */
export interface FieldError {
  field: string;
  message: string;
}

/** Validates `value` (a whole object) against `schema`; an empty list means valid. */
export function validateAgainstSchema(schema: OpenAPISchema, value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  check(schema, value, '', errors);
  // The API server skips CEL rules when a required field is missing or an enum value unknown,
  // and says so with one extra error (only for schemas that have rules at all).
  const blocking = errors.some(
    (e) => e.message === 'Required value' || e.message.startsWith('Unsupported value:'),
  );
  if (blocking && hasCelRules(schema))
    errors.push({ field: '<nil>', message: `Invalid value: null: ${CEL_SKIPPED}` });
  return errors;
}

const CEL_SKIPPED =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

function hasCelRules(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object') return false;
  if (Array.isArray(schema)) return schema.some(hasCelRules);
  if ('x-kubernetes-validations' in schema) return true;
  return Object.values(schema).some(hasCelRules);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? '"array"' : '"object"';
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
  const actual = typeOf(value);
  return actual === expected || (expected === 'number' && actual === 'integer');
}

function check(schema: OpenAPISchema, value: unknown, path: string, errors: FieldError[]): void {
  const here = path || '<root>';
  const invalid = (detail: string) =>
    errors.push({ field: here, message: `Invalid value: ${show(value)}: ${detail}` });
  if (value === null) {
    if (schema.nullable === true) return;
    if (schema.type !== undefined) {
      errors.push({
        field: here,
        message: `Invalid value: "null": ${here} in body must be of type ${schema.type}: "null"`,
      });
    }
    return;
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
      invalid(`${here} in body must be of type integer,string: ${JSON.stringify(typeOf(value))}`);
    }
    return;
  }
  const type = schema.type as string | undefined;
  if (type && !typeMatches(type, value)) {
    // the API server shows the offending type, not the value, in type errors
    const actual = JSON.stringify(typeOf(value));
    errors.push({
      field: here,
      message: `Invalid value: ${actual}: ${here} in body must be of type ${type}: ${actual}`,
    });
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => allowed === value)) {
    const supported = (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    errors.push({
      field: here,
      message: `Unsupported value: ${show(value)}: supported values: ${supported}`,
    });
  }
  if (typeof value === 'string') checkString(schema, value, here, invalid, errors);
  if (typeof value === 'number') checkNumber(schema, value, here, invalid);
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      errors.push({
        field: here,
        message: `Too many: ${value.length}: must have at most ${schema.maxItems} items`,
      });
    }
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      invalid(`${here} in body should have at least ${schema.minItems} items`);
    }
    const items = schema.items as OpenAPISchema | undefined;
    if (items) {
      for (const [i, item] of value.entries()) check(items, item, `${here}[${i}]`, errors);
    }
    return;
  }
  if (typeof value === 'object') checkObject(schema, value as Record<string, unknown>, path, errors);
}

function checkString(
  schema: OpenAPISchema,
  value: string,
  here: string,
  invalid: (detail: string) => void,
  errors: FieldError[],
): void {
  const length = Buffer.byteLength(value, 'utf8');
  if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) {
    errors.push({ field: here, message: `Too long: may not be more than ${schema.maxLength} bytes` });
  }
  if (typeof schema.minLength === 'number' && length < schema.minLength) {
    invalid(`${here} in body should be at least ${schema.minLength} chars long`);
  }
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    invalid(`${here} in body should match '${schema.pattern}'`);
  }
  if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) {
    invalid(`${here} in body must be of type date-time: ${JSON.stringify(value)}`);
  }
}

function checkNumber(
  schema: OpenAPISchema,
  value: number,
  here: string,
  invalid: (detail: string) => void,
): void {
  if (typeof schema.minimum === 'number' && value < schema.minimum) {
    invalid(`${here} in body should be greater than or equal to ${schema.minimum}`);
  }
  if (typeof schema.maximum === 'number' && value > schema.maximum) {
    invalid(`${here} in body should be less than or equal to ${schema.maximum}`);
  }
}

function checkObject(
  schema: OpenAPISchema,
  value: Record<string, unknown>,
  path: string,
  errors: FieldError[],
): void {
  const prefix = path ? `${path}.` : '';
  for (const name of (schema.required as string[] | undefined) ?? []) {
    if (value[name] === undefined) errors.push({ field: `${prefix}${name}`, message: 'Required value' });
  }
  const properties = schema.properties as Record<string, OpenAPISchema> | undefined;
  for (const [name, entry] of Object.entries(value)) {
    const property = properties?.[name];
    if (property) check(property, entry, `${prefix}${name}`, errors);
    else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      check(schema.additionalProperties as OpenAPISchema, entry, `${prefix}${name}`, errors);
    }
  }
}
