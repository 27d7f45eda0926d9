/**
 * Regular expressions with Go's RE2 semantics, matched in linear time. Every pattern that comes
 * from a user (a spec field, a file in a repository, a chart template) is compiled here rather than
 * with `new RegExp`: V8's backtracking engine can take exponential time on a pattern like `(a+)+$`,
 * and all controllers share one thread, so one hostile pattern would stall them all. RE2 has no
 * backreferences or lookaround, which is what makes linear time possible; Flux (in Go) accepts
 * exactly this syntax, so a pattern valid for Flux is valid here.
 */
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';
import { expandTemplate } from './expand.ts';

/** A pattern that does not compile; the message is Go's (`error parsing regexp: ...: \`expr\``). */
export class RegexSyntaxError extends Error {
  override name = 'RegexSyntaxError';
}

/**
 * One match: `groups[0]` is the whole match, `groups[i]` the i-th capture (undefined when that
 * group took no part in the match); `index`/`end` are UTF-16 offsets of the whole match.
 */
export interface RegexMatch {
  readonly index: number;
  readonly end: number;
  readonly groups: readonly (string | undefined)[];
}

/** The subset of re2js's Go-style RE2 object used here (it is untyped upstream). */
interface Re2Program {
  findAllSubmatchIndex(s: string, n: number): number[][] | null;
  findSubmatchIndex(s: string): number[] | null;
}

/**
 * A compiled pattern. Method names follow Go's `regexp.Regexp` (MatchString, FindString,
 * FindAllStringSubmatch, ReplaceAllString, Split), so Go semantics carry over: the leftmost-first
 * match, empty matches abutting a previous match are skipped, `$1`/`${name}` templates.
 */
export class Regex {
  readonly source: string;
  /** Go's SubexpNames: index 0 and unnamed groups are ''. */
  readonly groupNames: readonly string[];
  readonly #re: RE2JS;
  readonly #prog: Re2Program;

  constructor(source: string, re: RE2JS) {
    this.source = source;
    this.#re = re;
    this.#prog = re.re2() as unknown as Re2Program;
    const names: string[] = new Array(re.groupCount() + 1).fill('');
    for (const [name, i] of Object.entries(re.namedGroups())) names[i] = name;
    this.groupNames = names;
  }

  /** Go's MatchString: whether the pattern matches anywhere in `s`. */
  test(s: string): boolean {
    return this.#re.test(s);
  }

  /** Whether the pattern matches all of `s`, as `^(?:pattern)$` would (kustomize's targets). */
  testWhole(s: string): boolean {
    return this.#re.matches(s);
  }

  /** Go's FindStringSubmatch: the leftmost match, or undefined. */
  exec(s: string): RegexMatch | undefined {
    const loc = this.#prog.findSubmatchIndex(s);
    return loc ? toMatch(s, loc) : undefined;
  }

  /** Go's FindString: the text of the leftmost match, or '' (also for an empty match). */
  find(s: string): string {
    return this.exec(s)?.groups[0] ?? '';
  }

  /** Go's FindAllStringSubmatch: at most `n` successive matches (`n < 0`: all). */
  findAll(s: string, n = -1): RegexMatch[] {
    if (n === 0) return [];
    return (this.#prog.findAllSubmatchIndex(s, n) ?? []).map((loc) => toMatch(s, loc));
  }

  /** Go's ReplaceAllString: each match replaced by `template` with `$1`/`${name}` expanded. */
  replaceAll(s: string, template: string): string {
    return this.replaceAllFunc(s, (m) => this.expand(template, m));
  }

  /** Go's ReplaceAllLiteralString: each match replaced by `replacement` as it is. */
  replaceAllLiteral(s: string, replacement: string): string {
    return this.replaceAllFunc(s, () => replacement);
  }

  /** Each match replaced by what `replace` returns for it. */
  replaceAllFunc(s: string, replace: (m: RegexMatch) => string): string {
    let out = '';
    let last = 0;
    for (const m of this.findAll(s)) {
      out += s.slice(last, m.index) + replace(m);
      last = m.end;
    }
    return out + s.slice(last);
  }

  /** Go's Expand: `template` with `$n`, `${n}`, `$name`, `${name}` and `$$` filled from `m`. */
  expand(template: string, m: RegexMatch): string {
    return expandTemplate(template, m.groups, this.groupNames);
  }

  /** Go's Split: the text between at most `n` matches (`n < 0`: all; `n === 0`: none). */
  split(s: string, n = -1): string[] {
    if (n === 0) return [];
    if (this.source.length > 0 && s.length === 0) return [''];
    const parts: string[] = [];
    let begin = 0;
    let end = 0;
    for (const m of this.findAll(s, n)) {
      if (n > 0 && parts.length === n - 1) break;
      end = m.index;
      if (m.end !== 0) parts.push(s.slice(begin, end));
      begin = m.end;
    }
    if (end !== s.length) parts.push(s.slice(begin));
    return parts;
  }

  toString(): string {
    return this.source;
  }
}

function toMatch(s: string, loc: number[]): RegexMatch {
  const groups: (string | undefined)[] = [];
  for (let i = 0; i < loc.length; i += 2) groups.push(loc[i] < 0 ? undefined : s.slice(loc[i], loc[i + 1]));
  return { index: loc[0], end: loc[1], groups };
}

// Compiling costs far more than matching, and the same few patterns come back on every reconcile.
const CACHE_LIMIT = 512;
const cache = new Map<string, Regex>();

/**
 * Compiles a Go (RE2) pattern. Throws `RegexSyntaxError` with Go's message for an invalid pattern,
 * including the constructs RE2 leaves out on purpose (backreferences, lookaround).
 */
export function compileRegex(pattern: string): Regex {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e: unknown) {
    // Go's syntax.Error always reads `error parsing regexp: <code>: \`<expr>\``, even for an
    // empty expr (a trailing backslash), where re2js leaves the last part out
    if (e instanceof RE2JSSyntaxException)
      throw new RegexSyntaxError(`error parsing regexp: ${e.error}: \`${e.input ?? ''}\``);
    if (!(e instanceof RE2JSException)) throw e;
    const msg = e.message.startsWith('error parsing regexp: ')
      ? e.message
      : `error parsing regexp: ${e.message}`;
    throw new RegexSyntaxError(msg);
  }
  const compiled = new Regex(pattern, re);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, compiled);
  return compiled;
}

/** Go's QuoteMeta: `s` with every regexp metacharacter escaped, so it matches literally. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
