/**
 * Sprig's regular expression functions over Go (RE2) patterns. The plain forms panic on a bad
 * pattern (regexp.MustCompile's message), except regexMatch, which answers false; the `must` forms
 * return the compile error.
 */
import { typedSlice } from '../gotemplate/index.ts';
import { compileRegex, quoteMeta, type Regex, RegexSyntaxError } from '../regex/index.ts';
import { type FuncMap, goFunc } from './signature.ts';
import { nilSlice } from './values.ts';

/** regexp.Compile, on RE2: a chart's template cannot make the engine backtrack for ever. */
const compile = (expr: string) => compileRegex(expr);

/** regexp.MustCompile: the compile error becomes Go's panic text. */
function mustCompile(expr: string): Regex {
  try {
    return compileRegex(expr);
  } catch (e) {
    if (e instanceof RegexSyntaxError)
      throw new Error(`regexp: Compile(${goQuoteRegexp(expr)}): ${e.message}`);
    throw e;
  }
}

/** regexp's quote(): a backquoted string when possible, else strconv.Quote. */
function goQuoteRegexp(s: string): string {
  return /^[^`\x00-\x1f\x7f]*$/u.test(s) ? `\`${s}\`` : JSON.stringify(s);
}

const strings = (items: string[]) => typedSlice('string', items);

/** The regex family of the sprig FuncMap. */
export function regexFuncs(): FuncMap {
  const findAll = (get: (e: string) => Regex) => (expr: string, s: string, n: bigint) => {
    const matches = get(expr).findAll(s, Number(n));
    return matches.length === 0 ? nilSlice() : strings(matches.map((m) => m.groups[0] ?? ''));
  };
  const replace =
    (get: (e: string) => Regex, literal: boolean) => (expr: string, s: string, repl: string) => {
      const re = get(expr);
      return literal ? re.replaceAllLiteral(s, repl) : re.replaceAll(s, repl);
    };
  const split = (get: (e: string) => Regex) => (expr: string, s: string, n: bigint) => {
    const parts = get(expr).split(s, Number(n));
    return Number(n) === 0 ? nilSlice() : strings(parts);
  };
  const s2 = ['string', 'string'];
  const s3 = ['string', 'string', 'string'];
  const ssi = ['string', 'string', 'int'];
  return {
    regexMatch: goFunc(s2, (expr: string, s: string) => {
      try {
        return compile(expr).test(s);
      } catch {
        return false;
      }
    }),
    mustRegexMatch: goFunc(s2, (expr: string, s: string) => compile(expr).test(s)),
    regexFindAll: goFunc(ssi, findAll(mustCompile)),
    mustRegexFindAll: goFunc(ssi, findAll(compile)),
    regexFind: goFunc(s2, (expr: string, s: string) => mustCompile(expr).find(s)),
    mustRegexFind: goFunc(s2, (expr: string, s: string) => compile(expr).find(s)),
    regexReplaceAll: goFunc(s3, replace(mustCompile, false)),
    mustRegexReplaceAll: goFunc(s3, replace(compile, false)),
    regexReplaceAllLiteral: goFunc(s3, replace(mustCompile, true)),
    mustRegexReplaceAllLiteral: goFunc(s3, replace(compile, true)),
    regexSplit: goFunc(ssi, split(mustCompile)),
    mustRegexSplit: goFunc(ssi, split(compile)),
    regexQuoteMeta: goFunc(['string'], quoteMeta),
  };
}
