import { toError } from '../errors/index.ts';
import { HELM_INSTALL_ORDER, kindRank } from '../kind-order/index.ts';
import { isTable } from './coalesce.ts';
import { parseYaml } from './yaml-read.ts';

/** Kinds in the order Helm installs them; other kinds follow, alphabetically. */
export const INSTALL_ORDER = HELM_INSTALL_ORDER;

/** The hook events Helm knows (`helm.sh/hook` values). */
export const HOOK_EVENTS = [
  'pre-install',
  'post-install',
  'pre-delete',
  'post-delete',
  'pre-upgrade',
  'post-upgrade',
  'pre-rollback',
  'post-rollback',
  'test',
  'test-success',
] as const;

/** One rendered document that is not a hook, with the template path it came from. */
export interface Manifest {
  /** Template path, e.g. `podinfo/templates/deployment.yaml`. */
  name: string;
  content: string;
  kind: string;
  apiVersion: string;
  metadataName: string;
}

/** A hook, as Helm records it in a release. */
export interface Hook {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events: string[];
  weight: number;
  deletePolicies: string[];
}

/** Splits a rendered file into documents as Helm does: on `---` lines, trimmed, empty ones dropped. */
export function splitManifests(text: string): string[] {
  const out: string[] = [];
  for (const d of text.trim().split(/(?:^|\s*\n)---\s*/)) {
    if (d === '') continue;
    const t = d.trim();
    out.push(t);
  }
  return out;
}

interface Head {
  apiVersion: string;
  kind: string;
  name: string;
  annotations?: Record<string, string>;
}

/**
 * Heads of documents already read, by document text: re-rendering a release mostly yields the
 * same documents, and parsing YAML is the costliest step after template execution.
 */
const headCache = new Map<string, Head>();
const HEAD_CACHE_LIMIT = 2048;
/** Larger documents are parsed every time, so the cache stays small (at most ~64 MiB of keys). */
const HEAD_CACHE_MAX_DOC = 32 * 1024;

function readHead(doc: string, path: string): Head {
  const hit = headCache.get(doc);
  if (hit) return hit;
  const head = parseHead(doc, path);
  if (doc.length > HEAD_CACHE_MAX_DOC) return head;
  if (headCache.size >= HEAD_CACHE_LIMIT) headCache.delete(headCache.keys().next().value!);
  headCache.set(doc, head);
  return head;
}

function parseHead(doc: string, path: string): Head {
  let v: unknown;
  try {
    v = parseYaml(doc);
  } catch (e: unknown) {
    throw new Error(`YAML parse error on ${path}: ${toError(e).message}`);
  }
  if (v === null || v === undefined) return { apiVersion: '', kind: '', name: '' };
  if (!isTable(v)) {
    const what = Array.isArray(v)
      ? 'array'
      : typeof v === 'number'
        ? 'number'
        : typeof v === 'boolean'
          ? 'bool'
          : 'string';
    throw new Error(
      `YAML parse error on ${path}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${what} into Go value of type util.SimpleHead`,
    );
  }
  const str = (x: unknown, field: string): string => {
    if (x === undefined || x === null) return '';
    if (typeof x !== 'string') {
      throw new Error(
        `YAML parse error on ${path}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${typeof x === 'number' ? 'number' : typeof x === 'boolean' ? 'bool' : Array.isArray(x) ? 'array' : 'object'} into Go struct field ${field} of type string`,
      );
    }
    return x;
  };
  const md = isTable(v.metadata) ? v.metadata : undefined;
  let annotations: Record<string, string> | undefined;
  if (md && isTable(md.annotations)) {
    annotations = {};
    for (const [k, a] of Object.entries(md.annotations))
      annotations[k] = str(a, `SimpleHead.metadata.annotations`);
  }
  return {
    apiVersion: str(v.apiVersion, 'SimpleHead.apiVersion'),
    kind: str(v.kind, 'SimpleHead.kind'),
    name: md ? str(md.name, 'SimpleHead.metadata.name') : '',
    annotations,
  };
}

/**
 * Splits rendered files into plain manifests and hooks and sorts both in Helm's install order
 * (by kind, stable, files visited in path order), as Helm's SortManifests does. Hooks with an
 * unknown event are dropped, as Helm skips them.
 */
export function sortManifests(files: Map<string, string>): { manifests: Manifest[]; hooks: Hook[] } {
  const manifests: Manifest[] = [];
  const hooks: Hook[] = [];
  const paths = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const path of paths) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (base.startsWith('_')) continue;
    const content = files.get(path)!;
    if (content.trim() === '') continue;
    for (const doc of splitManifests(content)) {
      const head = readHead(doc, path);
      const hookAnnotation = head.annotations?.['helm.sh/hook'];
      if (hookAnnotation === undefined) {
        manifests.push({
          name: path,
          content: doc,
          kind: head.kind,
          apiVersion: head.apiVersion,
          metadataName: head.name,
        });
        continue;
      }
      const events: string[] = [];
      let unknown = false;
      for (const h of hookAnnotation.split(',')) {
        const e = h.trim().toLowerCase();
        if (!(HOOK_EVENTS as readonly string[]).includes(e)) {
          unknown = true;
          break;
        }
        events.push(e);
      }
      if (unknown) continue;
      const weight = Number.parseInt(head.annotations?.['helm.sh/hook-weight'] ?? '', 10);
      const policies = (head.annotations?.['helm.sh/hook-delete-policy'] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
      hooks.push({
        name: head.name,
        kind: head.kind,
        path,
        manifest: doc,
        events,
        weight:
          Number.isFinite(weight) && /^[-+]?\d+$/.test(head.annotations?.['helm.sh/hook-weight'] ?? '')
            ? weight
            : 0,
        deletePolicies: policies,
      });
    }
  }
  return { manifests: sortByKind(manifests, (m) => m.kind), hooks: sortByKind(hooks, (h) => h.kind) };
}

function sortByKind<T>(items: T[], kindOf: (t: T) => string): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => {
      const ka = kindOf(a.item);
      const kb = kindOf(b.item);
      const c =
        kindRank(INSTALL_ORDER, ka) - kindRank(INSTALL_ORDER, kb) || (ka === kb ? 0 : ka < kb ? -1 : 1);
      return c !== 0 ? c : a.i - b.i;
    })
    .map((x) => x.item);
}
