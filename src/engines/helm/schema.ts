import { toError } from '../errors/index.ts';
import { GoInt } from '../gotemplate/index.ts';
import { compileRegex } from '../regex/index.ts';
import type { Chart } from './chart.ts';
import { isTable, type Values } from './coalesce.ts';

/**
 * values.schema.json validation with the messages Helm v4 prints (santhosh-tekuri/jsonschema v6
 * wording). Covers the keywords charts use: type, enum, const, required, properties,
 * patternProperties, additionalProperties, items (and prefixItems), min/max(Length, Items,
 * Properties, imum), exclusive bounds, multipleOf, pattern, uniqueItems, allOf, anyOf, oneOf, not,
 * if/then/else, $ref to local definitions, and the email format.
 */
export interface SchemaError {
  /** JSON pointer of the failing value ('' is the root). */
  at: string;
  message: string;
  causes: SchemaError[];
}

type Schema = Record<string, unknown> | boolean;

/** Validates values against the chart's and every subchart's values.schema.json; throws Helm's error. */
export function validateValuesAgainstSchemas(chart: Chart, values: Values): void {
  const report: string[] = [];
  const walk = (c: Chart, v: Values) => {
    if (c.schema) {
      const text = new TextDecoder().decode(c.schema);
      let schema: Schema;
      try {
        schema = JSON.parse(text);
      } catch (e: unknown) {
        throw new Error(`${c.metadata.name}: invalid values.schema.json: ${toError(e).message}`);
      }
      const errs = validateSchema(schema, v);
      if (errs.length > 0) report.push(`${c.metadata.name}:\n${formatErrors(errs, 0)}`);
    }
    for (const d of c.dependencies) {
      const sub = v[d.metadata.name];
      walk(d, isTable(sub) ? sub : {});
    }
  };
  walk(chart, values);
  if (report.length > 0) {
    throw new Error(
      `values don't meet the specifications of the schema(s) in the following chart(s):\n${report.join('')}`,
    );
  }
}

/** Renders errors as Helm does: one `- at '<pointer>': message` line each, causes indented. */
export function formatErrors(errs: SchemaError[], depth: number): string {
  let out = '';
  for (const e of errs) {
    out += `${'  '.repeat(depth)}- at '${e.at}': ${e.message}\n`;
    out += formatErrors(e.causes, depth + 1);
  }
  return out;
}

/** Validates one value against one schema, returning the top-level errors (empty when valid). */
export function validateSchema(schema: Schema, value: unknown): SchemaError[] {
  return check(schema, toJsonValue(value), '', schema);
}

/** Plain JSON data: integers from --set become numbers flagged as integers. */
function toJsonValue(v: unknown): unknown {
  if (v instanceof GoInt) return Number(v.value);
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (isTable(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJsonValue(x);
    return out;
  }
  return v;
}

function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'string';
}

function typeMatches(t: string, v: unknown): boolean {
  const jt = jsonType(v);
  if (t === 'integer') return jt === 'number' && Number.isInteger(v as number);
  return t === jt;
}

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = canonical((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#')) return true;
  const parts = ref
    .slice(1)
    .split('/')
    .filter((p) => p !== '');
  let cur: unknown = root;
  for (const p of parts) {
    const key = decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~');
    cur = (cur as Record<string, unknown>)?.[key];
  }
  return (cur as Schema) ?? true;
}

function ptr(at: string, key: string | number): string {
  return `${at}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** One subschema's result as a single error: its only error, or "validation failed" over several. */
function wrap(at: string, errs: SchemaError[]): SchemaError[] {
  if (errs.length <= 1) return errs;
  return [{ at, message: 'validation failed', causes: errs }];
}

function check(s: Schema, v: unknown, at: string, root: Schema): SchemaError[] {
  if (s === true) return [];
  if (s === false) return [{ at, message: 'false schema', causes: [] }];
  const errs: SchemaError[] = [];
  const err = (message: string, causes: SchemaError[] = []) => errs.push({ at, message, causes });
  if (typeof s.$ref === 'string') errs.push(...wrap(at, check(resolveRef(root, s.$ref), v, at, root)));
  const jt = jsonType(v);
  if (s.type !== undefined) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
    if (!types.some((t) => typeMatches(t, v))) {
      err(`got ${jt}, want ${joinOr([...types].sort())}`);
      return errs;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) {
    err(
      s.enum.length === 1
        ? `value must be ${show(s.enum[0])}`
        : `value must be one of ${s.enum.map(show).join(', ')}`,
    );
  }
  if ('const' in s && !deepEqual(s.const, v)) err(`value must be ${show(s.const)}`);
  if (jt === 'number') {
    const n = v as number;
    if (typeof s.minimum === 'number' && n < s.minimum) err(`minimum: got ${n}, want ${s.minimum}`);
    if (typeof s.maximum === 'number' && n > s.maximum) err(`maximum: got ${n}, want ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && n <= s.exclusiveMinimum)
      err(`exclusiveMinimum: got ${n}, want ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && n >= s.exclusiveMaximum)
      err(`exclusiveMaximum: got ${n}, want ${s.exclusiveMaximum}`);
    if (typeof s.multipleOf === 'number' && !Number.isInteger(n / s.multipleOf))
      err(`multipleOf: got ${n}, want ${s.multipleOf}`);
  }
  if (jt === 'string') {
    const str = v as string;
    const len = Array.from(str).length;
    if (typeof s.minLength === 'number' && len < s.minLength)
      err(`minLength: got ${len}, want ${s.minLength}`);
    if (typeof s.maxLength === 'number' && len > s.maxLength)
      err(`maxLength: got ${len}, want ${s.maxLength}`);
    // a chart's patterns: RE2, as Helm's validator compiles them, in linear time
    if (typeof s.pattern === 'string' && !compileRegex(s.pattern).test(str))
      err(`${show(str)} does not match pattern ${show(s.pattern)}`);
    if (s.format === 'email' && !str.includes('@')) err(`${show(str)} is not valid email: missing @`);
  }
  if (jt === 'array') {
    const arr = v as unknown[];
    if (typeof s.minItems === 'number' && arr.length < s.minItems)
      err(`minItems: got ${arr.length}, want ${s.minItems}`);
    if (typeof s.maxItems === 'number' && arr.length > s.maxItems)
      err(`maxItems: got ${arr.length}, want ${s.maxItems}`);
    if (s.uniqueItems === true) {
      outer: for (let i = 0; i < arr.length; i++)
        for (let j = i + 1; j < arr.length; j++)
          if (deepEqual(arr[i], arr[j])) {
            err(`items at ${i} and ${j} are equal`);
            break outer;
          }
    }
    const prefix = Array.isArray(s.prefixItems)
      ? (s.prefixItems as Schema[])
      : Array.isArray(s.items)
        ? (s.items as Schema[])
        : [];
    const rest = Array.isArray(s.items)
      ? (s.additionalItems as Schema | undefined)
      : (s.items as Schema | undefined);
    arr.forEach((item, i) => {
      const sub = i < prefix.length ? prefix[i] : rest;
      if (sub !== undefined) errs.push(...wrap(ptr(at, i), check(sub, item, ptr(at, i), root)));
    });
  }
  if (jt === 'object') {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (Array.isArray(s.required)) {
      const missing = (s.required as string[]).filter((k) => !(k in obj));
      if (missing.length === 1) err(`missing property ${show(missing[0])}`);
      else if (missing.length > 1) err(`missing properties ${missing.map(show).join(', ')}`);
    }
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties)
      err(`minProperties: got ${keys.length}, want ${s.minProperties}`);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties)
      err(`maxProperties: got ${keys.length}, want ${s.maxProperties}`);
    const props = isTable(s.properties) ? (s.properties as Record<string, Schema>) : {};
    const patterns = isTable(s.patternProperties) ? (s.patternProperties as Record<string, Schema>) : {};
    const extra: string[] = [];
    for (const k of keys) {
      let matched = false;
      if (k in props) {
        matched = true;
        errs.push(...wrap(ptr(at, k), check(props[k], obj[k], ptr(at, k), root)));
      }
      for (const [p, ps] of Object.entries(patterns)) {
        if (compileRegex(p).test(k)) {
          matched = true;
          errs.push(...wrap(ptr(at, k), check(ps, obj[k], ptr(at, k), root)));
        }
      }
      if (!matched && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) extra.push(k);
        else
          errs.push(...wrap(ptr(at, k), check(s.additionalProperties as Schema, obj[k], ptr(at, k), root)));
      }
    }
    // the validator says "properties" even for one
    if (extra.length > 0) err(`additional properties ${extra.map(show).join(', ')} not allowed`);
  }
  if (Array.isArray(s.allOf)) {
    for (const sub of s.allOf as Schema[]) errs.push(...wrap(at, check(sub, v, at, root)));
  }
  if (Array.isArray(s.anyOf)) {
    const results = (s.anyOf as Schema[]).map((sub) => check(sub, v, at, root));
    if (!results.some((r) => r.length === 0))
      err(
        `'anyOf' failed`,
        results.flatMap((r) => wrap(at, r)),
      );
  }
  if (Array.isArray(s.oneOf)) {
    const results = (s.oneOf as Schema[]).map((sub) => check(sub, v, at, root));
    const ok = results.map((r, i) => (r.length === 0 ? i : -1)).filter((i) => i >= 0);
    if (ok.length === 0)
      err(
        `'oneOf' failed, none matched`,
        results.flatMap((r) => wrap(at, r)),
      );
    else if (ok.length > 1) err(`'oneOf' failed, subschemas ${ok[0]}, ${ok[1]} matched`);
  }
  if (s.not !== undefined && check(s.not as Schema, v, at, root).length === 0) err(`'not' failed`);
  if (s.if !== undefined) {
    const cond = check(s.if as Schema, v, at, root).length === 0;
    const branch = cond ? s.then : s.else;
    if (branch !== undefined) errs.push(...wrap(at, check(branch as Schema, v, at, root)));
  }
  return errs;
}
