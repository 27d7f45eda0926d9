/**
 * Small TypeBox constructors for the shapes Kubernetes structural schemas need and TypeBox does not
 * spell directly: string enums with `type: string`, Go durations, int-or-string, string maps, free
 * objects and preserved JSON. Each returns a plain JSON Schema fragment (so the CRD generator can use
 * it as-is) that also carries the right static TypeScript type.
 */
import Type, { type TSchema } from 'typebox';

/** Options accepted by the helpers: any JSON Schema / Kubernetes extension keyword. */
export type SchemaOptions = Record<string, unknown>;

/** The pattern Flux puts on `metav1.Duration` fields (hours allowed). */
export const DurationPattern = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';

/** A closed set of strings, rendered as `type: string` plus `enum` (what CRDs expect). */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** A Go `time.Duration` string such as `5m0s`, validated with Flux's duration pattern. */
export function Duration(options: SchemaOptions = {}) {
  return Type.String({ pattern: DurationPattern, ...options });
}

/** Kubernetes `IntOrString` (e.g. `maxUnavailable: 25%` or `3`). */
export function IntOrString(options: SchemaOptions = {}) {
  return Type.Unsafe<number | string>({
    anyOf: [{ type: 'integer' }, { type: 'string' }],
    'x-kubernetes-int-or-string': true,
    ...options,
  });
}

/** A map from string keys to values of one schema (`additionalProperties`). */
export function MapOf<T extends TSchema>(value: T, options: SchemaOptions = {}) {
  return Type.Unsafe<Record<string, Type.Static<T>>>({
    type: 'object',
    additionalProperties: value,
    ...options,
  });
}

/** A map of strings, as labels and annotations are. */
export function StringMap(options: SchemaOptions = {}) {
  return Type.Unsafe<Record<string, string>>({
    type: 'object',
    additionalProperties: { type: 'string' },
    ...options,
  });
}

/** An object whose fields the schema does not describe (e.g. `metadata` at the top of a CRD). */
export function FreeObject<T = Record<string, unknown>>(options: SchemaOptions = {}) {
  return Type.Unsafe<T>({ type: 'object', ...options });
}

/** Arbitrary JSON kept as sent (`x-kubernetes-preserve-unknown-fields`), e.g. Helm values. */
export function JsonValue<T = unknown>(options: SchemaOptions = {}) {
  return Type.Unsafe<T>({ 'x-kubernetes-preserve-unknown-fields': true, ...options });
}
