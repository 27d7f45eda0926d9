import { setTimeout as sleep } from 'node:timers/promises';
import { compileHealthChecks, type HealthExpressions } from '../../engines/cel/index.ts';
import { computeStatus, Status, type StatusResult } from '../../engines/kstatus/index.ts';
import {
  isGone,
  type KubeClient,
  type KubeList,
  type KubeObject,
  type ResourceRef,
  type RestMapper,
  resourcePath,
} from '../kube/index.ts';
import { formatObject } from './objects.ts';

/** How {@link waitForSet} waits. */
export interface WaitOptions {
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
  /** Stop as soon as one object is Failed instead of waiting for the timeout. */
  failFast?: boolean;
  /** Ends the wait at once (a shutdown, a sibling's failure): it reports what it saw so far. */
  signal?: AbortSignal;
  /** Where objects it covers are followed instead of by a list and a watch of their own. */
  feed?: StatusFeed;
  /**
   * CEL expressions deciding the health of the kinds they name (Flux's `healthCheckExprs`),
   * instead of kstatus; other kinds keep kstatus. Parsed up front: a bad one rejects the wait.
   */
  healthChecks?: readonly HealthExpressions[];
}

/** How a wait turns an object's state into its status; undefined means it is gone. */
export type HealthOf = (obj: KubeObject | undefined) => StatusResult;

/** A shared source of object states a wait can follow instead of its own list and watch. */
export interface StatusFeed {
  /**
   * Follows one object's status, as `health` computes it from the object: `observe` now and on
   * every change. Undefined when the feed does not cover this object (the wait then watches its
   * collection itself).
   */
  follow(
    obj: KubeObject,
    ref: ResourceRef,
    health: HealthOf,
    observe: (status: StatusResult) => void,
  ): Promise<(() => void) | undefined>;
}

/** The error of a wait that did not end with every object Current. */
export class WaitError extends Error {
  /** The objects that were not Current, with their last status. */
  readonly notReady: { subject: string; status: StatusResult | undefined }[];
  constructor(message: string, notReady: WaitError['notReady']) {
    super(message);
    this.name = 'WaitError';
    this.notReady = notReady;
  }
}

interface Tracked {
  subject: string;
  name: string;
  health: HealthOf;
  status?: StatusResult;
}

/**
 * Waits until every object is Current, by kstatus or by the CEL `healthChecks` naming its kind,
 * driven by watch events: objects in the `feed` (the owned-object cache) are followed there, the
 * others by one list + watch per collection (resource and namespace), so a status change is seen
 * when the API server sends it rather than at the next poll. Rejects with a {@link WaitError} on
 * timeout, on an abort of `signal`, or at the first Failed object with `failFast`, naming the
 * objects that are not ready, Flux's way:
 * `timeout waiting for: [Deployment/apps/podinfo status: 'InProgress': <kstatus message>]`.
 */
export async function waitForSet(
  kube: KubeClient,
  mapper: RestMapper,
  objects: KubeObject[],
  options: WaitOptions = {},
): Promise<void> {
  const { tracked, failedEarly } = await watchUntil(
    kube,
    mapper,
    objects,
    healthOf(options.healthChecks),
    (all) => all.every((t) => t.status?.status === Status.Current),
    (all) => !!options.failFast && all.some((t) => t.status?.status === Status.Failed),
    options,
  );
  const notReady = tracked.filter((t) => t.status?.status !== Status.Current);
  if (notReady.length === 0) return;
  const lines = notReady
    .filter((t) => !failedEarly || t.status?.status === Status.Failed)
    .map((t) =>
      t.status
        ? `${t.subject} status: '${t.status.status}'${t.status.message ? `: ${t.status.message}` : ''}`
        : `can't determine status for ${t.subject}`,
    );
  const prefix = failedEarly ? 'failed early due to stalled resources' : 'timeout waiting for';
  throw new WaitError(
    `${prefix}: [${lines.join(', ')}]`,
    notReady.map((t) => ({ subject: t.subject, status: t.status })),
  );
}

/**
 * Waits until every object is gone from the API server (e.g. after a prune, for Flux's
 * `WaitForTermination` deletion policy), driven by watch events like {@link waitForSet}.
 * On timeout the error names the first object still there: `<subject> termination timeout`.
 */
export async function waitForTermination(
  kube: KubeClient,
  mapper: RestMapper,
  objects: KubeObject[],
  options: Omit<WaitOptions, 'failFast'> = {},
): Promise<void> {
  const gone = (t: Tracked) => t.status?.status === Status.NotFound;
  const { tracked } = await watchUntil(
    kube,
    mapper,
    objects,
    statusOf,
    (all) => all.every(gone),
    () => false,
    options,
  );
  const left = tracked.filter((t) => !gone(t));
  if (left.length === 0) return;
  throw new WaitError(
    `${left[0]?.subject} termination timeout: ${left.length} object(s) still present`,
    left.map((t) => ({ subject: t.subject, status: t.status })),
  );
}

// kstatus, unless a CEL health check names the object's kind
function healthOf(checks: WaitOptions['healthChecks']): HealthOf {
  if (!checks?.length) return statusOf;
  const custom = compileHealthChecks(checks);
  return (obj) => (obj && custom.statusOf(obj)) ?? statusOf(obj);
}

// follows every object's status through watches until `done` or `stop` holds, the timeout, or
// an abort of `options.signal`
async function watchUntil(
  kube: KubeClient,
  mapper: RestMapper,
  objects: KubeObject[],
  health: HealthOf,
  done: (all: Tracked[]) => boolean,
  stop: (all: Tracked[]) => boolean,
  options: Omit<WaitOptions, 'failFast' | 'healthChecks'>,
): Promise<{ tracked: Tracked[]; failedEarly: boolean }> {
  const all: Tracked[] = [];
  if (objects.length === 0) return { tracked: all, failedEarly: false };
  const groups = new Map<string, { ref: ResourceRef; tracked: Tracked[] }>();
  const unfollow: (() => void)[] = [];
  // set once every object is tracked: a feed reports at once, before the set is complete
  let evaluate = () => {};
  try {
    for (const obj of objects) {
      const t: Tracked = { subject: formatObject(obj), name: '', health };
      all.push(t);
      // aborted while mapping or while the feed syncs: the rest is reported as not determined
      if (options.signal?.aborted) continue;
      const ref = await mapper.refFor(obj);
      t.name = ref.name ?? '';
      const unsubscribe = await options.feed?.follow(obj, ref, health, (status) => {
        t.status = status;
        evaluate();
      });
      if (unsubscribe) {
        unfollow.push(unsubscribe);
        continue;
      }
      const { name: _, ...collection } = ref;
      const key = JSON.stringify(collection);
      let g = groups.get(key);
      if (!g) {
        g = { ref: collection, tracked: [] };
        groups.set(key, g);
      }
      g.tracked.push(t);
    }
  } catch (e: unknown) {
    for (const f of unfollow) f();
    throw e;
  }
  const abort = new AbortController();
  let settle: (failedEarly: boolean) => void = () => {};
  const settled = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  // an abort from outside ends the wait at once (reporting what was seen), not at the timeout
  const onOuterAbort = () => {
    abort.abort();
    settle(false);
  };
  options.signal?.addEventListener('abort', onOuterAbort);
  if (options.signal?.aborted) onOuterAbort();
  evaluate = () => {
    if (done(all)) settle(false);
    else if (stop(all)) settle(true);
  };
  evaluate();
  const timer = setTimeout(() => settle(false), options.timeoutMs ?? 60_000);
  // a broken watch must not hang the wait: the timeout still reports what was last seen
  const watchers = [...groups.values()].map((g) =>
    followCollection(kube, g.ref, g.tracked, evaluate, abort.signal).catch(() => undefined),
  );
  try {
    return { tracked: all, failedEarly: await settled };
  } finally {
    clearTimeout(timer);
    for (const f of unfollow) f();
    abort.abort();
    options.signal?.removeEventListener('abort', onOuterAbort);
    await Promise.allSettled(watchers);
  }
}

// lists then watches one collection until aborted, relisting when the watch ends or expires
async function followCollection(
  kube: KubeClient,
  ref: ResourceRef,
  tracked: Tracked[],
  changed: () => void,
  signal: AbortSignal,
): Promise<void> {
  const byName = new Map(tracked.map((t) => [t.name, t]));
  const observe = (obj: KubeObject | undefined, name: string) => {
    const t = byName.get(name);
    if (!t) return;
    t.status = t.health(obj);
  };
  while (!signal.aborted) {
    // the list is aborted with the wait too: a wait that ended leaves no request behind
    const list = await kube.request<KubeList>({ path: resourcePath(ref), signal });
    const seen = new Set<string>();
    for (const item of list.items) {
      const name = item.metadata?.name ?? '';
      // list items carry no kind; kstatus needs it to pick its rules
      observe({ ...item, apiVersion: list.apiVersion, kind: list.kind?.replace(/List$/, '') }, name);
      seen.add(name);
    }
    for (const name of byName.keys()) if (!seen.has(name)) observe(undefined, name);
    changed();
    let resourceVersion = list.metadata.resourceVersion;
    try {
      for await (const ev of kube.watch(ref, { resourceVersion, signal, timeoutSeconds: 300 })) {
        if (ev.type === 'ERROR') break;
        resourceVersion = ev.object.metadata?.resourceVersion ?? resourceVersion;
        if (ev.type === 'BOOKMARK') continue;
        observe(ev.type === 'DELETED' ? undefined : ev.object, ev.object.metadata?.name ?? '');
        changed();
      }
    } catch (e: unknown) {
      if (signal.aborted) return;
      // an abort cuts the pause short: a wait that ended leaves no timer behind
      if (!isGone(e)) await sleep(500, undefined, { signal }).catch(() => undefined);
    }
  }
}

/** An object's kstatus; NotFound when it is gone. */
export function statusOf(obj: KubeObject | undefined): StatusResult {
  if (!obj) return { status: Status.NotFound, message: 'Resource not found' };
  return computeStatus(obj as Parameters<typeof computeStatus>[0]);
}
