import { groupVersion, type Resource } from './resource.ts';
import { Fail } from './types.ts';

/** A selector of replacement sources and targets (exact matches, unlike patch targets). */
interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

/** One `replacements:` entry. */
export interface Replacement {
  source?: Selector & { fieldPath?: string; options?: { delimiter?: string; index?: number } };
  targets?: {
    select?: Selector;
    reject?: Selector[];
    fieldPaths?: string[];
    options?: { delimiter?: string; index?: number; create?: boolean };
  }[];
}

/** Whether a resource is selected: by its current name and namespace or any earlier pair. */
function matches(r: Resource, s: Selector | undefined): boolean {
  if (!s) return true;
  const obj = r.obj;
  const gv = groupVersion(obj.apiVersion);
  if (s.group !== undefined && s.group !== gv.group) return false;
  if (s.version !== undefined && s.version !== gv.version) return false;
  if (s.kind !== undefined && s.kind !== obj.kind) return false;
  const ids = [{ name: obj.metadata?.name, namespace: obj.metadata?.namespace ?? '' }, ...r.previous];
  return ids.some(
    (id) =>
      (s.name === undefined || s.name === id.name) &&
      (s.namespace === undefined || s.namespace === id.namespace),
  );
}

/** Splits `a.b.[name=x].c` into segments; brackets may hold dots. */
export function splitFieldPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of path) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.filter((s) => s !== '');
}

/** Reads the value at a field path, or undefined when any step is missing. */
export function getField(obj: unknown, path: string): unknown {
  let cur: any = obj;
  for (const seg of splitFieldPath(path)) {
    if (cur === null || cur === undefined) return undefined;
    cur = step(cur, seg, false);
  }
  return cur;
}

function step(cur: any, seg: string, create: boolean): any {
  const sel = /^\[(.+?)=(.*)\]$/.exec(seg);
  if (sel) {
    if (!Array.isArray(cur)) return undefined;
    return cur.find((i) => i && typeof i === 'object' && String(i[sel[1]]) === sel[2]);
  }
  const key = seg.startsWith('[') && seg.endsWith(']') ? seg.slice(1, -1) : seg;
  if (Array.isArray(cur)) return /^\d+$/.test(key) ? cur[Number(key)] : undefined;
  if (typeof cur !== 'object') return undefined;
  if (cur[key] === undefined && create) cur[key] = {};
  return cur[key];
}

function setField(obj: any, path: string, value: unknown, create: boolean): boolean {
  const segs = splitFieldPath(path);
  let cur = obj;
  for (const seg of segs.slice(0, -1)) {
    const next = step(cur, seg, create);
    if (next === undefined || next === null || typeof next !== 'object') return false;
    cur = next;
  }
  const last = segs[segs.length - 1];
  const key = last.startsWith('[') && last.endsWith(']') && !last.includes('=') ? last.slice(1, -1) : last;
  if (Array.isArray(cur)) {
    if (!/^\d+$/.test(key) || Number(key) >= cur.length) return false;
    cur[Number(key)] = value;
    return true;
  }
  if (cur[key] === undefined && !create) return false;
  cur[key] = value;
  return true;
}

function pick(value: unknown, options: { delimiter?: string; index?: number } | undefined): unknown {
  if (!options?.delimiter || typeof value !== 'string') return value;
  const parts = value.split(options.delimiter);
  return parts[options.index ?? 0] ?? '';
}

function splice(
  old: unknown,
  value: unknown,
  options: { delimiter?: string; index?: number } | undefined,
): unknown {
  if (!options?.delimiter || typeof old !== 'string') return value;
  const parts = old.split(options.delimiter);
  const i = options.index ?? 0;
  if (i >= parts.length) parts.push(String(value));
  else if (i < 0) parts.unshift(String(value));
  else parts[i] = String(value);
  return parts.join(options.delimiter);
}

/** Copies values from one field of a source object into fields of the selected targets. */
export function applyReplacements(resources: Resource[], replacements: Replacement[], file: string): void {
  for (const rep of replacements) {
    const src = rep.source ?? {};
    const sources = resources.filter((r) => matches(r, src));
    if (sources.length !== 1)
      throw new Fail(
        'ReplacementSource',
        sources.length === 0
          ? `nothing selected by ${src.kind ?? ''}.${src.version ?? ''}.${src.group ?? ''}/${src.name ?? ''}`
          : `multiple matches for selector`,
        file,
      );
    const raw = getField(sources[0].obj, src.fieldPath ?? 'metadata.name');
    if (raw === undefined)
      throw new Fail('ReplacementSource', `fieldPath \`${src.fieldPath}\` is missing`, file);
    const value = pick(raw, src.options);
    for (const t of rep.targets ?? []) {
      for (const r of resources) {
        if (!matches(r, t.select)) continue;
        if ((t.reject ?? []).some((rj) => matches(r, rj))) continue;
        for (const fp of t.fieldPaths ?? ['metadata.name']) {
          const old = getField(r.obj, fp);
          if (old === undefined && !t.options?.create) continue;
          setField(r.obj, fp, splice(old, value, t.options), Boolean(t.options?.create));
        }
      }
    }
  }
}
