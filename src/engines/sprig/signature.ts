import { defineFunc, type GoTypeName } from '../gotemplate/index.ts';

/**
 * Declares a template function with its Go parameter types, so the executor applies Go's argument
 * conversions and checks (an untyped `3` becomes an int parameter, a string passed for an int fails
 * with Go's message). A trailing `...T` entry declares a variadic parameter of element type T.
 */
export function goFunc<F extends (...args: any[]) => unknown>(params: GoTypeName[], fn: F): F {
  const last = params.at(-1);
  if (last?.startsWith('...')) {
    return defineFunc(fn, { params: params.slice(0, -1), variadic: last.slice(3) });
  }
  return defineFunc(fn, { params });
}

/** Go's `interface {}` type name, as reflection spells it. */
export const ANY = 'interface {}';

/** Go's `map[string]interface {}` type name, the type of sprig's dictionaries. */
export const DICT = 'map[string]interface {}';

export type { FuncMap } from '../gotemplate/index.ts';
