import { BadPatternError, globMatch } from './glob.ts';
import { type FuncNode, type Node, parseTemplate } from './parse.ts';

/**
 * Looks a variable up: the value, or undefined when it is unset. In Flux's non-strict mode every
 * variable is "set" (an unknown one is the empty string); in strict mode an unknown one is unset.
 */
export type Lookup = (name: string) => string | undefined;

/** A variable that strict mode requires but the lookup does not know. */
export class VariableNotSetError extends Error {
  readonly variable: string;
  constructor(name: string) {
    super(`variable not set (strict mode): ${JSON.stringify(name)}`);
    this.variable = name;
  }
}

/** Operators that deal with an unset variable themselves, so strict mode lets them through. */
const defaultOps = new Set(['-', '+', '=', '?', ':-', ':+', ':=', ':?']);

const utf8 = new TextEncoder();
const fromBytes = (b: Uint8Array) => Buffer.from(b).toString('utf8');

/**
 * Expands `${...}` expressions in `text` the way Flux's envsubst library does (bash-like
 * operators: defaults, length, case, substring, prefix/suffix trimming, replacement). Throws the
 * library's parse errors ({@link EnvsubstParseError}) and, in strict mode, {@link VariableNotSetError}.
 */
export function envsubst(text: string, lookup: Lookup): string {
  return evalNodes(parseTemplate(text), lookup);
}

function evalNodes(nodes: Node[], lookup: Lookup): string {
  let out = '';
  for (const n of nodes) out += n.kind === 'text' ? n.value : evalFunc(n, lookup);
  return out;
}

function evalFunc(node: FuncNode, lookup: Lookup): string {
  // arguments are expanded first, so a missing variable inside a default fails strict mode even
  // when the outer variable is set
  const args = node.args.map((a) => evalNodes([a], lookup));
  const found = lookup(node.param);
  if (found === undefined && !defaultOps.has(node.op)) throw new VariableNotSetError(node.param);
  const v = found ?? '';
  switch (node.op) {
    case ',':
      return firstRune(v, (c) => c.toLowerCase());
    case ',,':
      return v.toLowerCase();
    case '^':
      return firstRune(v, (c) => c.toUpperCase());
    case '^^':
      return v.toUpperCase();
    case '#':
      return args.length === 0 ? String(utf8.encode(v).length) : trimPrefix(v, args[0] as string, false);
    case '##':
      return trimPrefix(v, args[0] as string, true);
    case '%':
      return trimSuffix(v, args[0] as string, false);
    case '%%':
      return trimSuffix(v, args[0] as string, true);
    case ':':
      return substring(v, args);
    case '/#':
      return args.length === 2 && v.startsWith(args[0] as string)
        ? (args[1] as string) + v.slice((args[0] as string).length)
        : v;
    case '/%':
      return args.length === 2 && v.endsWith(args[0] as string)
        ? v.slice(0, v.length - (args[0] as string).length) + (args[1] as string)
        : v;
    case '/':
      return args.length === 0 ? v : replace(v, args[0] as string, args[1] ?? '', 1);
    case '//':
      return args.length === 0 ? v : replace(v, args[0] as string, args[1] ?? '', -1);
    default:
      return v === '' && args.length > 0 ? args.join('') : v;
  }
}

function firstRune(v: string, f: (c: string) => string): string {
  if (v === '') return v;
  const c = String.fromCodePoint(v.codePointAt(0) as number);
  return f(c) + v.slice(c.length);
}

/** Go's strings.Replace: an empty pattern inserts the replacement between every rune. */
function replace(s: string, old: string, repl: string, n: number): string {
  if (old === repl || n === 0) return s;
  if (old === '') {
    const runes = Array.from(s);
    const limit = n < 0 ? runes.length + 1 : Math.min(n, runes.length + 1);
    let out = '';
    for (let i = 0; i < runes.length; i++) out += (i < limit ? repl : '') + runes[i];
    if (runes.length < limit) out += repl;
    return out;
  }
  if (n < 0) return s.split(old).join(repl);
  const i = s.indexOf(old);
  return i < 0 ? s : s.slice(0, i) + repl + s.slice(i + old.length);
}

/** Go's strconv.Atoi on a decimal with optional sign; undefined when it does not parse. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `${v:pos}` / `${v:pos:len}` on bytes, with bash's negative offsets and lengths. */
function substring(v: string, args: string[]): string {
  const b = utf8.encode(v);
  let pos = atoi(args[0] ?? '');
  if (pos === undefined) return v;
  if (pos < 0) pos = Math.max(0, b.length + pos);
  if (args.length === 1) return pos < b.length ? fromBytes(b.subarray(pos)) : '';
  const len = atoi(args[1] as string);
  if (len === undefined) return v;
  if (len < 0) {
    const end = b.length + len;
    return end < pos ? '' : fromBytes(b.subarray(pos, end));
  }
  if (pos + len >= b.length) return pos < b.length ? fromBytes(b.subarray(pos)) : '';
  return fromBytes(b.subarray(pos, pos + len));
}

/** Length in bytes of the prefix of `s` matching `pattern`, shortest or longest; 0 when none. */
function matchedPrefix(s: Uint8Array, pattern: Uint8Array, longest: boolean): number {
  let shortest = 0;
  for (let i = 0; i < s.length; i++) {
    const end = s.length - i;
    let ok: boolean;
    try {
      ok = globMatch(pattern, s.subarray(0, end));
    } catch (e: unknown) {
      if (e instanceof BadPatternError) return -1;
      throw e;
    }
    if (ok) {
      if (longest) return end;
      shortest = end;
    }
  }
  return shortest;
}

function trimPrefix(v: string, pattern: string, longest: boolean): string {
  const b = utf8.encode(v);
  const n = matchedPrefix(b, utf8.encode(pattern), longest);
  return n > 0 ? fromBytes(b.subarray(n)) : v;
}

/** The reference reverses value and pattern (by rune) and trims a prefix of the reversal. */
function trimSuffix(v: string, pattern: string, longest: boolean): string {
  const reverse = (s: string) => Array.from(s).reverse().join('');
  return reverse(trimPrefix(reverse(v), reverse(pattern), longest));
}
