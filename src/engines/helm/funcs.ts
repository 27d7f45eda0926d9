import { toError } from '../errors/index.ts';
import { defineFunc, type FuncMap, type Template } from '../gotemplate/index.ts';
import { goJsonMarshal } from './go-json.ts';
import { toToml } from './toml.ts';
import { parseToml } from './toml-read.ts';
import { toYaml, toYamlPretty } from './yaml-emit.ts';
import { parseYaml } from './yaml-read.ts';

/** Nested `include` calls of one name beyond this fail, as Helm stops runaway recursion. */
const MAX_INCLUDE_DEPTH = 1000;

/** Looks a Kubernetes object up (Helm's `lookup`); offline rendering returns an empty map. */
export type LookupFn = (
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
) => Record<string, unknown>;

/** Helm's serialisation functions, which do not depend on the template set. */
export function helmSerialisationFuncs(): FuncMap {
  return {
    toYaml: defineFunc((v: unknown) => safe(() => toYaml(v), ''), { params: ['interface {}'] }),
    mustToYaml: defineFunc((v: unknown) => toYaml(v), { params: ['interface {}'] }),
    toYamlPretty: defineFunc((v: unknown) => safe(() => toYamlPretty(v), ''), { params: ['interface {}'] }),
    fromYaml: defineFunc((s: string) => decodeMap(s, parseYaml, YAML_PREFIX), { params: ['string'] }),
    fromYamlArray: defineFunc((s: string) => decodeArray(s, parseYaml, YAML_PREFIX), { params: ['string'] }),
    toJson: defineFunc((v: unknown) => safe(() => goJsonMarshal(v), ''), { params: ['interface {}'] }),
    mustToJson: defineFunc((v: unknown) => goJsonMarshal(v), { params: ['interface {}'] }),
    fromJson: defineFunc((s: string) => decodeMap(s, JSON.parse, ''), { params: ['string'] }),
    fromJsonArray: defineFunc((s: string) => decodeArray(s, JSON.parse, ''), { params: ['string'] }),
    toToml: defineFunc(
      (v: unknown) => {
        try {
          return toToml(v);
        } catch (e: unknown) {
          return toError(e).message;
        }
      },
      { params: ['interface {}'] },
    ),
    mustToToml: defineFunc((v: unknown) => toToml(v), { params: ['interface {}'] }),
    fromToml: defineFunc(
      (s: string) => {
        try {
          return parseToml(s);
        } catch (e: unknown) {
          return { Error: toError(e).message };
        }
      },
      { params: ['string'] },
    ),
  };
}

/** How sigs.k8s.io/yaml prefixes the JSON decoding errors of the YAML it converted. */
const YAML_PREFIX = 'error unmarshaling JSON: while decoding JSON: ';

const cannotUnmarshal = (v: unknown, prefix: string, goType: string) =>
  `${prefix}json: cannot unmarshal ${jsonKind(v)} into Go value of type ${goType}`;

/** Helm's fromYaml/fromJson: the decoded map (empty for null), or a map holding the error under `Error`. */
function decodeMap(s: string, parse: (s: string) => unknown, prefix: string): unknown {
  try {
    const v = parse(s);
    if (v === null || v === undefined) return {};
    if (typeof v !== 'object' || Array.isArray(v))
      return { Error: cannotUnmarshal(v, prefix, 'map[string]interface {}') };
    return v;
  } catch (e: unknown) {
    return { Error: toError(e).message };
  }
}

/** Helm's fromYamlArray/fromJsonArray: the decoded list (empty for null), or a list holding the error. */
function decodeArray(s: string, parse: (s: string) => unknown, prefix: string): unknown[] {
  try {
    const v = parse(s);
    if (v === null || v === undefined) return [];
    if (!Array.isArray(v)) return [cannotUnmarshal(v, prefix, '[]interface {}')];
    return v;
  } catch (e: unknown) {
    return [toError(e).message];
  }
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  return 'object';
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/**
 * Markers around the messages of `required` and `fail`: Helm finds them in the template error and
 * reports only the message, as `execution error at (file:line:col): message`.
 */
export const USER_ERROR_START = 'HELM_ERR_START';
export const USER_ERROR_END = 'HELM_ERR_END';
const userError = (message: string) => new Error(`${USER_ERROR_START}${message}${USER_ERROR_END}`);

/** Helm's required: fails with the message when the value is nil or the empty string. */
export const required = defineFunc(
  (message: string, value: unknown) => {
    if (value === null || value === undefined) throw userError(message);
    if (typeof value === 'string' && value === '') throw userError(message);
    return value;
  },
  { params: ['string', 'interface {}'] },
);

/** Helm's fail: stops rendering with the chart author's message. */
export const fail = defineFunc(
  (message: string): string => {
    throw userError(message);
  },
  { params: ['string'] },
);

/**
 * The functions that close over the template set: `include` executes a named template of the set,
 * `tpl` parses a string into a copy of the set (so its `define`s are visible to `include` inside it)
 * and executes it with the given data. Both count nesting per name.
 */
export function bindSetFuncs(t: Template, lookup: LookupFn): FuncMap {
  const depth = new Map<string, number>();
  const include = defineFunc(
    (name: string, data: unknown) => {
      const n = depth.get(name) ?? 0;
      if (n > MAX_INCLUDE_DEPTH) {
        throw new Error(
          `rendering template has a nested reference name: ${name}: unable to execute template`,
        );
      }
      depth.set(name, n + 1);
      try {
        return t.executeTemplate(name, data);
      } finally {
        depth.set(name, (depth.get(name) ?? 1) - 1);
      }
    },
    { params: ['string', 'interface {}'] },
  );
  const tpl = defineFunc(
    (text: string, data: unknown) => {
      const copy = t.clone();
      copy.option('missingkey=zero');
      copy.funcs(bindSetFuncs(copy, lookup));
      // Helm parses the text under the set's own name, which is what its errors show
      let parsed: Template;
      try {
        parsed = copy.new(t.name).parse(text);
      } catch (e: unknown) {
        throw new Error(`cannot parse template ${goQuoted(text)}: ${toError(e).message}`);
      }
      try {
        return parsed.execute(data).replaceAll('<no value>', '');
      } catch (e: unknown) {
        throw new Error(`error during tpl function execution for ${goQuoted(text)}: ${toError(e).message}`);
      }
    },
    { params: ['string', 'interface {}'] },
  );
  return {
    include,
    tpl,
    required,
    fail,
    lookup: defineFunc((a: string, k: string, ns: string, n: string) => lookup(a, k, ns, n), {
      params: ['string', 'string', 'string', 'string'],
    }),
  };
}

function goQuoted(s: string): string {
  return JSON.stringify(s);
}
