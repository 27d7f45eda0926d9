import { parse } from '@marcbachmann/cel-js';
import type { CustomHealthCheck } from '../../api/meta/index.ts';
import {
  isGone,
  type KubeClient,
  type KubeObject,
  type ResourceRef,
  type RestMapper,
} from '../../runtime/kube/index.ts';
import { formatObject, WaitError } from '../../runtime/ssa/index.ts';
import { evaluateBool } from './cel.ts';

/** The health of one object by a custom check, in kstatus words. */
export interface CustomStatus {
  status: 'Current' | 'InProgress' | 'Failed' | 'NotFound';
  message: string;
}

/** The check of `spec.healthCheckExprs` that applies to an object (by apiVersion and kind). */
export function checkFor(
  obj: KubeObject,
  checks: CustomHealthCheck[] | undefined,
): CustomHealthCheck | undefined {
  return checks?.find((c) => c.apiVersion === obj.apiVersion && (!c.kind || c.kind === obj.kind));
}

/** Parses every expression up front, so a typo fails the reconcile before anything is applied. */
export function validateExpressions(checks: CustomHealthCheck[] | undefined): void {
  for (const c of checks ?? [])
    for (const expr of [c.current, c.inProgress, c.failed]) {
      if (!expr) continue;
      try {
        parse(expr);
      } catch (e: unknown) {
        throw new Error(
          `failed to parse health check expression '${expr}' for ${c.apiVersion}/${c.kind ?? '*'}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
        );
      }
    }
}

/**
 * The health of an object by its CEL expressions, Flux's way: the expressions see the object's
 * own fields (`status`, `metadata`...); a generation not yet observed is InProgress; then
 * `failed`, `inProgress` and `current` in that order; none true, or a field not there yet, is
 * InProgress (the check keeps waiting).
 */
export function customStatus(obj: KubeObject, check: CustomHealthCheck): CustomStatus {
  const observed = (obj.status as { observedGeneration?: number } | undefined)?.observedGeneration;
  if (observed !== undefined && observed !== obj.metadata?.generation)
    return { status: 'InProgress', message: 'generation not observed yet' };
  const context = obj as Record<string, unknown>;
  const holds = (expr: string | undefined) => {
    if (!expr) return false;
    try {
      return evaluateBool(expr, context);
    } catch {
      return false;
    }
  };
  if (holds(check.failed))
    return { status: 'Failed', message: `health check expression '${check.failed}' is true` };
  if (holds(check.inProgress))
    return { status: 'InProgress', message: `health check expression '${check.inProgress}' is true` };
  if (holds(check.current)) return { status: 'Current', message: '' };
  return { status: 'InProgress', message: `waiting for '${check.current}'` };
}

interface Tracked {
  subject: string;
  name: string;
  check: CustomHealthCheck;
  status?: CustomStatus;
}

/**
 * Waits until every object is Current by its custom check, driven by watches (one list + watch
 * per collection, as ssa's wait), failing at the first Failed object or at the timeout with
 * ssa's wording (`failed early due to stalled resources: [...]`, `timeout waiting for: [...]`).
 */
export async function waitForCustomHealth(
  kube: KubeClient,
  mapper: RestMapper,
  objects: { obj: KubeObject; check: CustomHealthCheck }[],
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  if (objects.length === 0) return;
  const groups = new Map<string, { ref: ResourceRef; tracked: Tracked[] }>();
  const all: Tracked[] = [];
  for (const { obj, check } of objects) {
    const { name, ...collection } = await mapper.refFor(obj);
    const key = JSON.stringify(collection);
    const g = groups.get(key) ?? { ref: collection, tracked: [] as Tracked[] };
    groups.set(key, g);
    const t: Tracked = { subject: formatObject(obj), name: name ?? '', check };
    g.tracked.push(t);
    all.push(t);
  }
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  options.signal?.addEventListener('abort', onAbort);
  let settle: (failed: boolean) => void = () => {};
  const settled = new Promise<boolean>((r) => {
    settle = r;
  });
  const changed = () => {
    if (all.every((t) => t.status?.status === 'Current')) settle(false);
    else if (all.some((t) => t.status?.status === 'Failed')) settle(true);
  };
  const timer = setTimeout(() => settle(false), options.timeoutMs);
  const watchers = [...groups.values()].map((g) =>
    follow(kube, g.ref, g.tracked, changed, abort.signal).catch(() => undefined),
  );
  let failedEarly: boolean;
  try {
    failedEarly = await settled;
  } finally {
    clearTimeout(timer);
    abort.abort();
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.allSettled(watchers);
  }
  const notReady = all.filter((t) => t.status?.status !== 'Current');
  if (notReady.length === 0) return;
  const lines = notReady
    .filter((t) => !failedEarly || t.status?.status === 'Failed')
    .map((t) =>
      t.status
        ? `${t.subject} status: '${t.status.status}'${t.status.message ? `: ${t.status.message}` : ''}`
        : `can't determine status for ${t.subject}`,
    );
  const prefix = failedEarly ? 'failed early due to stalled resources' : 'timeout waiting for';
  throw new WaitError(
    `${prefix}: [${lines.join(', ')}]`,
    notReady.map((t) => ({ subject: t.subject, status: undefined })),
  );
}

async function follow(
  kube: KubeClient,
  ref: ResourceRef,
  tracked: Tracked[],
  changed: () => void,
  signal: AbortSignal,
): Promise<void> {
  const byName = new Map(tracked.map((t) => [t.name, t]));
  const observe = (obj: KubeObject | undefined, name: string) => {
    const t = byName.get(name);
    if (t)
      t.status = obj ? customStatus(obj, t.check) : { status: 'NotFound', message: 'Resource not found' };
  };
  while (!signal.aborted) {
    const list = await kube.list(ref);
    const kind = list.kind?.replace(/List$/, '');
    const seen = new Set<string>();
    for (const item of list.items) {
      const name = item.metadata?.name ?? '';
      observe({ ...item, apiVersion: list.apiVersion, kind }, name);
      seen.add(name);
    }
    for (const name of byName.keys()) if (!seen.has(name)) observe(undefined, name);
    changed();
    try {
      for await (const ev of kube.watch(ref, {
        resourceVersion: list.metadata.resourceVersion,
        signal,
        timeoutSeconds: 300,
      })) {
        if (ev.type === 'ERROR') break;
        if (ev.type === 'BOOKMARK') continue;
        observe(ev.type === 'DELETED' ? undefined : ev.object, ev.object.metadata?.name ?? '');
        changed();
      }
    } catch (e: unknown) {
      if (signal.aborted) return;
      if (!isGone(e)) await new Promise((r) => setTimeout(r, 500));
    }
  }
}
