/**
 * Sprig's string functions. Argument order follows sprig (the string last, so it can be piped);
 * byte-indexed functions (substr, trunc, abbrev, wrap) count UTF-8 bytes as Go does, and Go
 * runtime panics (slice bounds, negative repeat) surface as the same error texts.
 */

import { typedMap, typedSlice } from '../gotemplate/index.ts';
import { toDelimitedLower, toPascalCase } from './case.ts';
import { strslice, strval } from './cast.ts';
import { quote as goQuote, sprint } from './go-format.ts';
import type { FuncMap } from './signature.ts';
import { ANY, goFunc } from './signature.ts';
import {
  abbreviateFull,
  bytesOf,
  compareStrings,
  deleteWhiteSpace,
  initials,
  replaceAll,
  splitN,
  swapCase,
  textOf,
  title,
  toLower,
  toUpper,
  trimCutset,
  trimSpace,
  uncapitalize,
  wrapCustom,
} from './text.ts';

const num = (n: bigint): number => Number(n);

/** Go's runtime error for a bad slice expression s[lo:hi]. */
function sliceBounds(text: string): Error {
  return new Error(`runtime error: slice bounds out of range ${text}`);
}

/** substr: s[start:end] in bytes, with sprig's rules for negative and overlong bounds. */
function substring(startArg: bigint, endArg: bigint, s: string): string {
  const b = bytesOf(s);
  const [start, end, len] = [num(startArg), num(endArg), b.length];
  if (start < 0) {
    if (end < 0) throw sliceBounds(`[:${end}]`);
    if (end > len) throw sliceBounds(`[:${end}] with length ${len}`);
    return textOf(b.subarray(0, end));
  }
  if (end < 0 || end > len) {
    if (start > len) throw sliceBounds(`[${start}:${len}]`);
    return textOf(b.subarray(start));
  }
  if (start > end) throw sliceBounds(`[${start}:${end}]`);
  return textOf(b.subarray(start, end));
}

/** trunc: the first c bytes, or for negative c the last -c bytes. */
function trunc(cArg: bigint, s: string): string {
  const b = bytesOf(s);
  const c = num(cArg);
  if (c < 0 && b.length + c > 0) return textOf(b.subarray(b.length + c));
  if (c >= 0 && b.length > c) return textOf(b.subarray(0, c));
  return s;
}

function repeat(count: bigint, s: string): string {
  if (count < 0n) throw new Error('strings: negative Repeat count');
  return s.repeat(num(count));
}

function indent(spaces: bigint, s: string): string {
  if (spaces < 0n) throw new Error('strings: negative Repeat count');
  const pad = ' '.repeat(num(spaces));
  return pad + s.replaceAll('\n', '\n' + pad);
}

const isNil = (v: unknown) => v === null || v === undefined;

/** Sprig's split and splitn results: a map from `_0`, `_1`, ... to the pieces. */
function indexedPieces(pieces: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  pieces.forEach((p, i) => {
    out[`_${i}`] = p;
  });
  return typedMap('string', out);
}

/** sortAlpha: a list's elements as strings in byte order; a non-list becomes a one-element list. */
function sortAlpha(list: unknown): string[] {
  if (Array.isArray(list) || list instanceof Uint8Array) {
    return typedSlice('string', strslice(list).sort(compareStrings));
  }
  return typedSlice('string', [strval(list)]);
}

/** The string family of the sprig FuncMap. */
export function stringFuncs(): FuncMap {
  return {
    abbrev: goFunc(['int', 'string'], (width: bigint, s: string) =>
      width < 4n ? s : abbreviateFull(s, 0, num(width)),
    ),
    abbrevboth: goFunc(['int', 'int', 'string'], (left: bigint, right: bigint, s: string) =>
      right < 4n || (left > 0n && right < 7n) ? s : abbreviateFull(s, num(left), num(right)),
    ),
    trunc: goFunc(['int', 'string'], trunc),
    trim: goFunc(['string'], trimSpace),
    upper: goFunc(['string'], toUpper),
    lower: goFunc(['string'], toLower),
    title: goFunc(['string'], title),
    untitle: goFunc(['string'], uncapitalize),
    substr: goFunc(['int', 'int', 'string'], substring),
    repeat: goFunc(['int', 'string'], repeat),
    trimall: goFunc(['string', 'string'], (cut: string, s: string) => trimCutset(s, cut)),
    trimAll: goFunc(['string', 'string'], (cut: string, s: string) => trimCutset(s, cut)),
    trimSuffix: goFunc(['string', 'string'], (suffix: string, s: string) =>
      suffix !== '' && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s,
    ),
    trimPrefix: goFunc(['string', 'string'], (prefix: string, s: string) =>
      s.startsWith(prefix) ? s.slice(prefix.length) : s,
    ),
    nospace: goFunc(['string'], deleteWhiteSpace),
    initials: goFunc(['string'], initials),
    swapcase: goFunc(['string'], swapCase),
    snakecase: goFunc(['string'], (s: string) => toDelimitedLower(s, '_')),
    camelcase: goFunc(['string'], toPascalCase),
    kebabcase: goFunc(['string'], (s: string) => toDelimitedLower(s, '-')),
    wrap: goFunc(['int', 'string'], (width: bigint, s: string) => wrapCustom(s, num(width), '', false)),
    wrapWith: goFunc(['int', 'string', 'string'], (width: bigint, sep: string, s: string) =>
      wrapCustom(s, num(width), sep, true),
    ),
    contains: goFunc(['string', 'string'], (sub: string, s: string) => s.includes(sub)),
    hasPrefix: goFunc(['string', 'string'], (prefix: string, s: string) => s.startsWith(prefix)),
    hasSuffix: goFunc(['string', 'string'], (suffix: string, s: string) => s.endsWith(suffix)),
    quote: goFunc([`...${ANY}`], (...items: unknown[]) =>
      items
        .filter((x) => !isNil(x))
        .map((x) => goQuote(strval(x)))
        .join(' '),
    ),
    squote: goFunc([`...${ANY}`], (...items: unknown[]) =>
      items
        .filter((x) => !isNil(x))
        .map((x) => `'${sprint(x)}'`)
        .join(' '),
    ),
    cat: goFunc([`...${ANY}`], (...items: unknown[]) =>
      items
        .filter((x) => !isNil(x))
        .map(sprint)
        .join(' '),
    ),
    indent: goFunc(['int', 'string'], indent),
    nindent: goFunc(['int', 'string'], (spaces: bigint, s: string) => '\n' + indent(spaces, s)),
    replace: goFunc(['string', 'string', 'string'], (old: string, rep: string, s: string) =>
      replaceAll(s, old, rep),
    ),
    plural: goFunc(['string', 'string', 'int'], (one: string, many: string, count: bigint) =>
      count === 1n ? one : many,
    ),
    toString: goFunc([ANY], strval),
    toStrings: goFunc([ANY], (v: unknown) => typedSlice('string', strslice(v))),
    split: goFunc(['string', 'string'], (sep: string, s: string) => indexedPieces(splitN(s, sep, -1))),
    splitList: goFunc(['string', 'string'], (sep: string, s: string) =>
      typedSlice('string', splitN(s, sep, -1)),
    ),
    splitn: goFunc(['string', 'int', 'string'], (sep: string, n: bigint, s: string) =>
      indexedPieces(splitN(s, sep, num(n))),
    ),
    join: goFunc(['string', ANY], (sep: string, v: unknown) => strslice(v).join(sep)),
    sortAlpha: goFunc([ANY], sortAlpha),
  };
}
