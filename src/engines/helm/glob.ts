// globs come from charts (.helmignore, .Files.Glob) and flags: compiled for RE2, where `*a*a*a*b`
// cannot backtrack polynomially as it would on V8's engine
import { compileRegex, type Regex } from '../regex/index.ts';

/** Escapes a character that stands for itself in a glob. */
const literal = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** `*` and `?` inside `{a,b}` alternatives: wildcards within a segment; anything else literal. */
const wildcardOrLiteral = (c: string) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : literal(c));

/**
 * The `[...]` class opening at `glob[i]` as regex text, with the index of its `]`; undefined when
 * it never closes (the `[` is then a literal). `negation` is the glob dialect's negation mark.
 */
function bracketClass(glob: string, i: number, negation: '^' | '!'): { re: string; end: number } | undefined {
  const end = glob.indexOf(']', i + 1);
  if (end < 0) return undefined;
  let cls = glob.slice(i + 1, end);
  if (cls.startsWith(negation)) cls = `^${cls.slice(1)}`;
  return { re: `[${cls.replace(/\\/g, '\\\\')}]`, end };
}

/** Go's path.Match as a regular expression: `*` and `?` never cross `/`, `\` escapes (.helmignore, --show-only). */
export function pathMatchRegExp(glob: string): Regex {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const cls = bracketClass(glob, i, '^');
      re += cls?.re ?? '\\[';
      i = cls?.end ?? i;
    } else if (c === '\\' && i + 1 < glob.length) re += literal(glob[++i]);
    else re += literal(c);
  }
  return compileRegex(`${re}$`);
}

/**
 * gobwas/glob with `/` as separator (`.Files.Glob`): `*` within a segment, `**` across segments,
 * `{a,b}` alternatives, `[!...]` negated classes, `\` escapes.
 */
export function gobwasGlobRegExp(pattern: string): Regex {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const cls = bracketClass(pattern, i, '!');
      re += cls?.re ?? '\\[';
      i = cls?.end ?? i;
    } else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        const alternatives = pattern.slice(i + 1, end).split(',');
        re += `(?:${alternatives.map((alt) => [...alt].map(wildcardOrLiteral).join('')).join('|')})`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += literal(pattern[++i]);
    else re += literal(c);
  }
  return compileRegex(`${re}$`);
}
