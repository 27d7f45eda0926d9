import type { Regex } from '../regex/index.ts';
import { pathMatchRegExp } from './glob.ts';
/**
 * `.helmignore` rules: the syntax of Helm's ignore package (a subset of .gitignore): `#` comments,
 * `!` negation, a trailing `/` matches directories only, a pattern with a `/` matches the whole
 * relative path, one without matches the base name, globs follow Go's path.Match (`*`, `?`, `[...]`;
 * no `**`). The last matching rule wins. `templates/.helmignore`-style nesting is not supported by
 * Helm either.
 */
export interface IgnoreRules {
  /** Tells whether a path (relative, forward slashes) is ignored; `isDir` for directories. */
  ignores(path: string, isDir: boolean): boolean;
}

interface Rule {
  pattern: string;
  negate: boolean;
  dirOnly: boolean;
  matcher: Regex;
  matchesBase: boolean;
}

/** Helm's defaults, applied even without a .helmignore file: the file itself. */
const DEFAULT_PATTERNS = ['templates/.?*'];

/** Parses the text of a .helmignore file. */
export function parseHelmignore(text: string): IgnoreRules {
  const rules: Rule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line === '!' || line === '/' || line.includes('**')) {
      if (line.includes('**')) throw new Error('double-star (**) syntax is not supported');
      continue;
    }
    let p = line;
    let negate = false;
    if (p.startsWith('!')) {
      negate = true;
      p = p.slice(1);
    }
    let dirOnly = false;
    if (p.endsWith('/')) {
      dirOnly = true;
      p = p.slice(0, -1);
    }
    if (p.startsWith('/')) p = p.slice(1);
    rules.push({ pattern: p, negate, dirOnly, matcher: pathMatchRegExp(p), matchesBase: !p.includes('/') });
  }
  for (const p of DEFAULT_PATTERNS) {
    rules.push({
      pattern: p,
      negate: false,
      dirOnly: false,
      matcher: pathMatchRegExp(p),
      matchesBase: false,
    });
  }
  return {
    ignores(path: string, isDir: boolean): boolean {
      if (path === '' || path === '.' || path === './') return false;
      for (const r of rules) {
        if (r.dirOnly && !isDir) continue;
        const subject = r.matchesBase ? baseName(path) : path;
        if (r.matcher.test(subject)) return !r.negate;
      }
      return false;
    },
  };
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}
