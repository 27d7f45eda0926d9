import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../kube/index.ts';
import { clone, groupOf } from './objects.ts';

/** Which objects an ignore rule applies to, as in Flux's `spec.ignore[].target`. */
export interface IgnoreTarget {
  group?: string;
  version?: string;
  kind?: string;
  /** A regular expression matched against the whole name. */
  name?: string;
  /** A regular expression matched against the whole namespace. */
  namespace?: string;
  annotationSelector?: string;
  labelSelector?: string;
}

/** A drift ignore rule: JSON pointer paths left out of the comparison, for the targeted objects. */
export interface IgnoreRule {
  paths: string[];
  target?: IgnoreTarget;
}

// fields the API server changes on every write or owns itself: never drift
const ServerMetadata = [
  'managedFields',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'uid',
  'selfLink',
];

/**
 * Tells whether the live object differs from what a server-side dry-run apply of the desired
 * object returned: the dry-run result is the live object with our fields applied, so any
 * difference outside server bookkeeping (managedFields, resourceVersion, generation, status) is
 * drift. Paths of matching ignore rules are left out of both sides.
 */
export function hasDrifted(
  live: KubeObject | undefined,
  dryRun: KubeObject,
  ignore: IgnoreRule[] = [],
): boolean {
  if (!live?.metadata?.resourceVersion) return true;
  const paths = ignore.filter((r) => !r.target || matchesTarget(dryRun, r.target)).flatMap((r) => r.paths);
  return !isDeepStrictEqual(normalizeForDiff(live, paths), normalizeForDiff(dryRun, paths));
}

/** A copy of an object without server bookkeeping, status and the given JSON pointer paths. */
export function normalizeForDiff(obj: KubeObject, ignorePaths: string[] = []): KubeObject {
  const out = clone(obj);
  delete out.status;
  if (out.metadata) {
    for (const f of ServerMetadata) delete out.metadata[f];
    if (out.metadata.annotations && Object.keys(out.metadata.annotations).length === 0)
      delete out.metadata.annotations;
    if (out.metadata.labels && Object.keys(out.metadata.labels).length === 0) delete out.metadata.labels;
  }
  for (const p of ignorePaths) removePointer(out, p);
  return out;
}

/** Removes the value at an RFC 6901 JSON pointer, if present. */
export function removePointer(doc: unknown, pointer: string): void {
  if (pointer === '' || pointer === '/') return;
  const tokens = pointer
    .replace(/^\//, '')
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
  let node: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string, unknown>)[t];
  }
  const last = tokens[tokens.length - 1] ?? '';
  if (Array.isArray(node)) {
    const i = Number(last);
    if (Number.isInteger(i) && i >= 0 && i < node.length) node.splice(i, 1);
  } else if (node !== null && typeof node === 'object') {
    delete (node as Record<string, unknown>)[last];
  }
}

/** Tells whether an object is selected by an ignore rule's target. */
export function matchesTarget(obj: KubeObject, target: IgnoreTarget): boolean {
  const apiVersion = obj.apiVersion ?? '';
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  const whole = (re: string, v: string) => new RegExp(`^(?:${re})$`).test(v);
  // empty selector fields select everything, as in Flux
  if (target.group && target.group !== groupOf(obj)) return false;
  if (target.version && target.version !== version) return false;
  if (target.kind && target.kind !== obj.kind) return false;
  if (target.name && !whole(target.name, obj.metadata?.name ?? '')) return false;
  if (target.namespace && !whole(target.namespace, obj.metadata?.namespace ?? '')) return false;
  if (target.labelSelector && !matchesSelector(obj.metadata?.labels ?? {}, target.labelSelector))
    return false;
  if (
    target.annotationSelector &&
    !matchesSelector(obj.metadata?.annotations ?? {}, target.annotationSelector)
  )
    return false;
  return true;
}

/**
 * Matches a map against a Kubernetes equality/set-based selector string:
 * `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`, comma-separated.
 */
export function matchesSelector(values: Record<string, string>, selector: string): boolean {
  const terms = selector.match(/[^,(]+(?:\([^)]*\))?/g) ?? [];
  return terms.every((raw) => {
    const term = raw.trim();
    if (!term) return true;
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      const set = (m[3] ?? '').split(',').map((s) => s.trim());
      const has = (m[1] ?? '') in values && set.includes(values[m[1] ?? ''] ?? '');
      return m[2] === 'in' ? has : !has;
    }
    m = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (m) {
      const equal = values[m[1] ?? ''] === (m[3] ?? '').trim();
      return m[2] === '!=' ? !equal : equal;
    }
    if (term.startsWith('!')) return !(term.slice(1).trim() in values);
    return term in values;
  });
}
