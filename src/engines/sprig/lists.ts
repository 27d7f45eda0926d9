/**
 * Sprig's list functions. Each takes any Go slice or array; the plain names panic on a non-list
 * and the `must` names return the same message as an error, which a template reports identically.
 * Results are fresh `[]interface {}` slices (the input is never modified), except `slice`, which
 * keeps the input's slice type as reflect.Value.Slice does.
 */
import { goKind, sliceElemType, typedSlice } from '../gotemplate/index.ts';
import { isEmpty, toInt64 } from './cast.ts';
import { deepEqual } from './reflection.ts';
import { ANY, type FuncMap, goFunc } from './signature.ts';
import { listItems, nilSlice, requireList } from './values.ts';

const contains = (haystack: unknown[], needle: unknown) => haystack.some((h) => deepEqual(needle, h));

function chunk(sizeArg: bigint, list: unknown): unknown[][] {
  const items = requireList(list, 'Cannot chunk type');
  const size = Number(sizeArg);
  const count = Math.floor((items.length - 1) / size) + 1;
  if (!Number.isFinite(count) || count < 0) throw new Error('runtime error: makeslice: len out of range');
  const chunks: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    let len = size;
    if (i === count - 1) {
      len = Math.floor(items.length % size) || size;
      if (len < 0) throw new Error('runtime error: makeslice: len out of range');
    }
    const start = i * size;
    if (start + len > items.length) {
      throw new Error(`runtime error: index out of range [${items.length}] with length ${items.length}`);
    }
    chunks.push(items.slice(start, start + len));
  }
  return typedSlice('[]interface {}', chunks);
}

/** slice: list[start:end] keeping the slice type; an empty list gives nil. */
function sliceList(list: unknown, ...indices: unknown[]): unknown {
  const items = requireList(list, 'list should be type of slice or array but');
  if (items.length === 0) return null;
  const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
  const end = indices.length > 1 ? Number(toInt64(indices[1])) : items.length;
  if (start < 0 || end < start || end > items.length) {
    throw new Error('reflect.Value.Slice: slice index out of bounds');
  }
  const part = items.slice(start, end);
  if (list instanceof Uint8Array) return Uint8Array.from((list as Uint8Array).subarray(start, end));
  return Array.isArray(list) && sliceElemType(list) !== ANY ? typedSlice(sliceElemType(list), part) : part;
}

function concat(...lists: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const list of lists) {
    const items = listItems(list);
    if (!items) throw new Error(`Cannot concat type ${goKind(list)} as list`);
    out.push(...items);
  }
  return out.length > 0 ? out : nilSlice();
}

/** Go's untilStep: the ints from start toward stop (exclusive) by step; none if step points away. */
export function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (stop < start) {
    if (step >= 0n) return typedSlice('int', out);
    for (let i = start; i > stop; i += step) out.push(i);
    return typedSlice('int', out);
  }
  if (step <= 0n) return typedSlice('int', out);
  for (let i = start; i < stop; i += step) out.push(i);
  return typedSlice('int', out);
}

/** The list family of the sprig FuncMap. */
export function listFuncs(): FuncMap {
  const first = (v: unknown) => {
    const items = requireList(v, 'Cannot find first on type');
    return items.length > 0 ? items[0] : null;
  };
  const last = (v: unknown) => {
    const items = requireList(v, 'Cannot find last on type');
    return items.length > 0 ? items[items.length - 1] : null;
  };
  const rest = (v: unknown) => {
    const items = requireList(v, 'Cannot find rest on type');
    return items.length > 0 ? items.slice(1) : nilSlice();
  };
  const initial = (v: unknown) => {
    const items = requireList(v, 'Cannot find initial on type');
    return items.length > 0 ? items.slice(0, -1) : nilSlice();
  };
  const push = (list: unknown, v: unknown) => [...requireList(list, 'Cannot push on type'), v];
  const prepend = (list: unknown, v: unknown) => [v, ...requireList(list, 'Cannot prepend on type')];
  const reverse = (v: unknown) => requireList(v, 'Cannot find reverse on type').reverse();
  const compact = (v: unknown) => requireList(v, 'Cannot compact on type').filter((x) => !isEmpty(x));
  const uniq = (v: unknown) => {
    const out: unknown[] = [];
    for (const x of requireList(v, 'Cannot find uniq on type')) if (!contains(out, x)) out.push(x);
    return out;
  };
  const without = (v: unknown, ...omit: unknown[]) =>
    requireList(v, 'Cannot find without on type').filter((x) => !contains(omit, x));
  const has = (needle: unknown, haystack: unknown) => {
    if (haystack === null || haystack === undefined) return false;
    return contains(requireList(haystack, 'Cannot find has on type'), needle);
  };
  const one = [ANY];
  const two = [ANY, ANY];
  return {
    list: goFunc([`...${ANY}`], (...items: unknown[]) => items),
    tuple: goFunc([`...${ANY}`], (...items: unknown[]) => items),
    append: goFunc(two, push),
    push: goFunc(two, push),
    mustAppend: goFunc(two, push),
    mustPush: goFunc(two, push),
    prepend: goFunc(two, prepend),
    mustPrepend: goFunc(two, prepend),
    first: goFunc(one, first),
    mustFirst: goFunc(one, first),
    last: goFunc(one, last),
    mustLast: goFunc(one, last),
    rest: goFunc(one, rest),
    mustRest: goFunc(one, rest),
    initial: goFunc(one, initial),
    mustInitial: goFunc(one, initial),
    reverse: goFunc(one, reverse),
    mustReverse: goFunc(one, reverse),
    compact: goFunc(one, compact),
    mustCompact: goFunc(one, compact),
    uniq: goFunc(one, uniq),
    mustUniq: goFunc(one, uniq),
    without: goFunc([ANY, `...${ANY}`], without),
    mustWithout: goFunc([ANY, `...${ANY}`], without),
    has: goFunc(two, has),
    mustHas: goFunc(two, has),
    slice: goFunc([ANY, `...${ANY}`], sliceList),
    mustSlice: goFunc([ANY, `...${ANY}`], sliceList),
    concat: goFunc([`...${ANY}`], concat),
    chunk: goFunc(['int', ANY], chunk),
    mustChunk: goFunc(['int', ANY], chunk),
    until: goFunc(['int'], (count: bigint) => untilStep(0n, count, count < 0n ? -1n : 1n)),
    untilStep: goFunc(['int', 'int', 'int'], untilStep),
  };
}
