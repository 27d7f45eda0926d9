import { isDeepStrictEqual } from 'node:util';
import { matchesResource, type ResourceSelector } from '../../engines/selector/index.ts';
import type { KubeObject } from '../kube/index.ts';
import { clone } from './objects.ts';

/**
 * Which objects an ignore rule applies to, as in Flux's `spec.ignore[].target`: kustomize's
 * selector (anchored regular expressions for group, version, kind, name and namespace; label and
 * annotation selector strings), matched by the same code as kustomize patch targets.
 */
export type IgnoreTarget = ResourceSelector;

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
  const paths = ignore.filter((r) => !r.target || matchesResource(dryRun, r.target)).flatMap((r) => r.paths);
  // an object read from an informer's LIST carries no apiVersion and kind (the list does): a
  // freshly started manager would otherwise re-apply every object once (the faults suite's
  // leader-sigkill case found it)
  const typed = { apiVersion: dryRun.apiVersion, kind: dryRun.kind, ...live };
  return !isDeepStrictEqual(normalizeForDiff(typed, paths), normalizeForDiff(dryRun, paths));
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
