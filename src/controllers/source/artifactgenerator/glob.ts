/**
 * The two pattern languages of ArtifactGenerator copy rules. `from` globs follow Go's `path.Match`
 * (source-watcher lists matches with `fs.Glob`): `*` and `**` both stop at `/`, `?` is one
 * character, `[...]` a class. `exclude` patterns follow doublestar, where `**` spans directories
 * and `{a,b}` is an alternative. Both compile for RE2: the patterns come from users, and `*a*a*b`
 * would be polynomial backtracking for V8's engine.
 */
import { compileRegex, type Regex } from '../../../engines/regex/index.ts';

/** True when a path contains glob metacharacters (`*`, `?`, `[`, `]`). */
export function hasGlobChars(path: string): boolean {
  return /[*?[\]]/.test(path);
}

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** Translates a `[...]` class starting at `i`; returns the regexp source and the index after `]`. */
function charClass(pattern: string, i: number): [string, number] {
  let j = i + 1;
  let negate = false;
  if (pattern[j] === '^' || pattern[j] === '!') {
    negate = true;
    j++;
  }
  let body = '';
  let first = true;
  while (j < pattern.length && (pattern[j] !== ']' || first)) {
    first = false;
    let c = pattern[j];
    if (c === '\\' && j + 1 < pattern.length) c = pattern[++j];
    body += c === '-' && pattern[j + 1] !== ']' && body !== '' ? '-' : escapeRegExp(c);
    j++;
  }
  if (j >= pattern.length) throw new Error(`syntax error in pattern`);
  return [`[${negate ? '^/' : ''}${body}]`, j + 1];
}

/**
 * One token of Go's `path.Match` syntax at `pattern[i]` (`*`, `?`, a `[...]` class, a `\`-escaped
 * or plain character) as regex text, with the index after it.
 */
function matchToken(pattern: string, i: number): [string, number] {
  const c = pattern[i];
  if (c === '*') return ['[^/]*', i + 1];
  if (c === '?') return ['[^/]', i + 1];
  if (c === '[') return charClass(pattern, i);
  if (c === '\\' && i + 1 < pattern.length) return [escapeRegExp(pattern[i + 1]), i + 2];
  return [c === '/' ? '/' : escapeRegExp(c), i + 1];
}

/** Compiles one path segment pattern with Go's `path.Match` rules. */
export function compileSegment(pattern: string): Regex {
  let src = '';
  for (let i = 0; i < pattern.length; ) {
    const [re, next] = matchToken(pattern, i);
    src += re;
    i = next;
  }
  return compileRegex(`^${src}$`);
}

/** A read-only view of a tree: is a path a directory, and what are a directory's entries. */
export interface TreeView {
  isDir(path: string): boolean;
  /** Entry names of a directory (`''` is the root), sorted. */
  list(dir: string): string[];
}

/**
 * Go's `fs.Glob` over a tree: every file or directory whose path matches the pattern, in the
 * order Go returns them (directory by directory, entries sorted).
 */
export function glob(tree: TreeView, pattern: string): string[] {
  if (!hasGlobChars(pattern))
    return tree.isDir(pattern) || tree.list(parentOf(pattern)).includes(baseOf(pattern)) ? [pattern] : [];
  const dir = parentOf(pattern);
  const file = baseOf(pattern);
  const dirs = hasGlobChars(dir) ? glob(tree, dir) : [dir];
  const re = compileSegment(file);
  const out: string[] = [];
  for (const d of dirs) {
    if (d !== '' && !tree.isDir(d)) continue;
    for (const name of tree.list(d)) if (re.test(name)) out.push(d ? `${d}/${name}` : name);
  }
  return out;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Compiles a doublestar pattern (`**` spans directories, `{a,b}` alternatives) to a regex. */
export function compileDoublestar(pattern: string): Regex {
  let src = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const atStart = i === 0 || pattern[i - 1] === '/';
      const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
      if (atStart && atEnd) {
        if (i + 2 === pattern.length) {
          // `dir/**` matches dir itself and everything below; a bare `**` matches anything
          if (src.endsWith('/')) src = `${src.slice(0, -1)}(?:/.*)?`;
          else src += '.*';
          i += 2;
        } else {
          src += '(?:.*/)?';
          i += 3;
        }
        continue;
      }
      src += '[^/]*';
      i += 2;
    } else if (c === '{') {
      braces++;
      src += '(?:';
      i++;
    } else if (c === ',' && braces > 0) {
      src += '|';
      i++;
    } else if (c === '}' && braces > 0) {
      braces--;
      src += ')';
      i++;
    } else {
      const [re, next] = matchToken(pattern, i);
      src += re;
      i = next;
    }
  }
  if (braces > 0) throw new Error('syntax error in pattern');
  return compileRegex(`^${src}$`);
}

/**
 * source-watcher's exclusion test for a copy rule: a path is excluded when it matches a pattern,
 * or, for patterns without `/`, when its base name does (so `*.md` excludes markdown at any
 * depth). Throws `invalid exclude pattern '<p>'` for a pattern that does not compile.
 */
export function excludeMatcher(patterns: readonly string[] = []): (path: string) => boolean {
  const compiled = patterns.map((p) => {
    try {
      return { re: compileDoublestar(p), plain: !p.includes('/') };
    } catch {
      throw new Error(`invalid exclude pattern '${p}'`);
    }
  });
  return (path) => {
    const name = baseOf(path);
    return compiled.some(({ re, plain }) => re.test(path) || (plain && re.test(name)));
  };
}
