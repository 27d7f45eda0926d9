import { clone } from './resource.ts';

/** One RFC 6902 operation. */
export interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`invalid json pointer '${path}'`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function getParent(doc: unknown, parts: string[], path: string): { parent: any; key: string } {
  let cur: any = doc;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (cur && typeof cur === 'object') cur = cur[p];
    else cur = undefined;
    if (cur === undefined || cur === null) throw new Error(`doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, key: parts[parts.length - 1] };
}

function arrayIndex(arr: unknown[], key: string, forAdd: boolean, path: string): number {
  if (key === '-' && forAdd) return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(key)) throw new Error(`invalid array index '${key}' in path "${path}"`);
  const i = Number(key);
  if (i > arr.length || (!forAdd && i === arr.length))
    throw new Error(`index out of range in path "${path}"`);
  return i;
}

function getAt(doc: unknown, path: string): unknown {
  let cur: any = doc;
  for (const p of parsePointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (cur && typeof cur === 'object') cur = cur[p];
    else cur = undefined;
    if (cur === undefined) throw new Error(`doc is missing path: "${path}"`);
  }
  return cur;
}

function addAt(doc: unknown, path: string, value: unknown): unknown {
  const parts = parsePointer(path);
  if (parts.length === 0) return value;
  const { parent, key } = getParent(doc, parts, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, path), 0, value);
  else if (parent && typeof parent === 'object') parent[key] = value;
  else throw new Error(`doc is missing path: "${path}"`);
  return doc;
}

function removeAt(doc: unknown, path: string): unknown {
  const parts = parsePointer(path);
  const { parent, key } = getParent(doc, parts, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false, path), 1);
  else if (parent && typeof parent === 'object' && key in parent) delete parent[key];
  else throw new Error(`unable to remove nonexistent key: ${key}: missing value`);
  return doc;
}

/** Applies RFC 6902 operations to a copy of the document (add, remove, replace, move, copy, test). */
export function applyJsonPatch(doc: unknown, ops: JsonPatchOp[]): unknown {
  let d = clone(doc);
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        d = addAt(d, op.path, clone(op.value));
        break;
      case 'remove':
        d = removeAt(d, op.path);
        break;
      case 'replace':
        getAt(d, op.path);
        d = removeAt(d, op.path);
        d = addAt(d, op.path, clone(op.value));
        break;
      case 'move': {
        const v = getAt(d, op.from ?? '');
        d = removeAt(d, op.from ?? '');
        d = addAt(d, op.path, v);
        break;
      }
      case 'copy':
        d = addAt(d, op.path, clone(getAt(d, op.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(getAt(d, op.path)) !== JSON.stringify(op.value))
          throw new Error(`testing value ${op.path} failed`);
        break;
      default:
        throw new Error(`unexpected kind of patch operation '${op.op}'`);
    }
  }
  return d;
}
