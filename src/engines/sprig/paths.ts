/**
 * Sprig's path functions: Go's path package (slash-separated, purely lexical) and path/filepath,
 * which on Linux, where tsflux runs, behaves the same.
 */
import { type FuncMap, goFunc } from './signature.ts';

/** path.Clean: the shortest equivalent path (no `.`, no `x/..`, no doubled slashes). */
export function clean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = (rooted ? '/' : '') + out.join('/');
  return joined === '' ? '.' : joined;
}

/** path.Base: the last element, trailing slashes ignored; "." for "", "/" for slashes only. */
export function base(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** path.Dir: everything but the last element, cleaned. */
export function dir(p: string): string {
  return clean(p.slice(0, p.lastIndexOf('/') + 1));
}

/** path.Ext: the suffix from the final dot of the last element, or "". */
export function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

/** The path family of the sprig FuncMap. */
export function pathFuncs(): FuncMap {
  const isAbs = (p: string) => p.startsWith('/');
  return {
    base: goFunc(['string'], base),
    dir: goFunc(['string'], dir),
    clean: goFunc(['string'], clean),
    ext: goFunc(['string'], ext),
    isAbs: goFunc(['string'], isAbs),
    osBase: goFunc(['string'], base),
    osDir: goFunc(['string'], dir),
    osClean: goFunc(['string'], clean),
    osExt: goFunc(['string'], ext),
    osIsAbs: goFunc(['string'], isAbs),
  };
}
