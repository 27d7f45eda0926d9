/**
 * Sprig's default and flow functions: default, empty, coalesce, all, any, ternary, the JSON
 * conversions (with their `must` forms, which fail where the plain ones return a zero value), and
 * fail.
 */
import { isEmpty } from './cast.ts';
import { encodeJson } from './json.ts';
import { decodeJson, unmarshalJson } from './json-decode.ts';
import { ANY, type FuncMap, goFunc } from './signature.ts';

const toJson = (v: unknown) => encodeJson(v, { escapeHtml: true });
const toPrettyJson = (v: unknown) => encodeJson(v, { escapeHtml: true, indent: '  ' });
const toRawJson = (v: unknown) => encodeJson(v, { escapeHtml: false });

/** Runs an encoder, returning "" where sprig swallows the error. */
const orEmpty = (encode: (v: unknown) => string) => (v: unknown) => {
  try {
    return encode(v);
  } catch {
    return '';
  }
};

/** The defaults, JSON and flow family of the sprig FuncMap. */
export function defaultFuncs(): FuncMap {
  return {
    default: goFunc([ANY, `...${ANY}`], (fallback: unknown, ...given: unknown[]) =>
      given.length === 0 || isEmpty(given[0]) ? fallback : given[0],
    ),
    empty: goFunc([ANY], isEmpty),
    coalesce: goFunc([`...${ANY}`], (...xs: unknown[]) => xs.find((x) => !isEmpty(x)) ?? null),
    all: goFunc([`...${ANY}`], (...xs: unknown[]) => xs.every((x) => !isEmpty(x))),
    any: goFunc([`...${ANY}`], (...xs: unknown[]) => xs.some((x) => !isEmpty(x))),
    ternary: goFunc([ANY, ANY, 'bool'], (yes: unknown, no: unknown, cond: boolean) => (cond ? yes : no)),
    fromJson: goFunc(['string'], (s: string) => unmarshalJson(s).value),
    mustFromJson: goFunc(['string'], decodeJson),
    toJson: goFunc([ANY], orEmpty(toJson)),
    mustToJson: goFunc([ANY], toJson),
    toPrettyJson: goFunc([ANY], orEmpty(toPrettyJson)),
    mustToPrettyJson: goFunc([ANY], toPrettyJson),
    toRawJson: goFunc([ANY], toRawJson),
    mustToRawJson: goFunc([ANY], toRawJson),
    fail: goFunc(['string'], (msg: string) => {
      throw new Error(msg);
    }),
    hello: goFunc([], () => 'Hello!'),
  };
}
