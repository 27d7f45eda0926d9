/**
 * gitignore pattern matching (the syntax of `.gitignore`, `.sourceignore` and a GitRepository's
 * `spec.ignore`): blank lines and `#` comments skipped, `!` negation, trailing `/` for directories
 * only, a leading or inner `/` anchoring to the pattern's base, `*`, `?`, `[...]` classes and `**`.
 * The last matching pattern wins, and nothing inside an excluded directory can be re-included, as
 * with git.
 */
import { compileRegex, type Regex } from '../regex/index.ts';

interface Rule {
  negate: boolean;
  dirOnly: boolean;
  regex: Regex;
  /** Directory (relative to the root, '' for the root) that the pattern was read from. */
  base: string;
}

/**
 * Translates one glob into a regular expression over a path relative to the pattern's base. The
 * globs come from repositories and specs, and `*a*a*a*b` is polynomial backtracking for V8's
 * engine, so the result is compiled for RE2, which matches in linear time.
 */
function globToRegex(glob: string, anchored: boolean): Regex {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const before = i === 0 || glob[i - 1] === '/';
        const after = glob[i + 2] === '/' || i + 2 === glob.length;
        if (before && after) {
          if (i + 2 === glob.length) re += '.*';
          else {
            re += '(?:.*/)?';
            i++;
          }
          i++;
          continue;
        }
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let cls = glob.slice(i + 1, end);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      re += glob[i + 1].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  // an unanchored pattern matches at any depth below its base
  return compileRegex(`^${anchored ? '' : '(?:.*/)?'}${re}$`);
}

/** Parses the lines of one ignore file found in directory `base` ('' for the root). */
export function parseIgnore(text: string, base = ''): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.slice(0, -1);
    }
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    if (line === '') continue;
    rules.push({ negate, dirOnly, regex: globToRegex(line, anchored), base });
  }
  return rules;
}

/** A set of ignore rules, in order, from any number of files and inline patterns. */
export class IgnoreMatcher {
  private readonly rules: Rule[] = [];

  /** Adds patterns read from a file in directory `base` (relative to the root). */
  add(text: string, base = ''): this {
    this.rules.push(...parseIgnore(text, base.replace(/^\/+|\/+$/g, '')));
    return this;
  }

  /** Whether `path` (relative to the root, `/`-separated) itself matches, ignoring its parents. */
  private matchesSelf(path: string, isDir: boolean): boolean {
    let ignored = false;
    for (const r of this.rules) {
      if (r.dirOnly && !isDir) continue;
      let rel = path;
      if (r.base) {
        if (!path.startsWith(`${r.base}/`)) continue;
        rel = path.slice(r.base.length + 1);
      }
      if (r.regex.test(rel)) ignored = !r.negate;
    }
    return ignored;
  }

  /** Tells whether a path is ignored: it matches, or one of its parent directories does. */
  ignores(path: string, isDir = false): boolean {
    const parts = path.replace(/^\/+|\/+$/g, '').split('/');
    for (let i = 1; i < parts.length; i++) {
      if (this.matchesSelf(parts.slice(0, i).join('/'), true)) return true;
    }
    return this.matchesSelf(parts.join('/'), isDir);
  }
}
