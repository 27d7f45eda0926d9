import { setTimeout as sleep } from 'node:timers/promises';
import { ReconcileRequestAnnotation } from '../api/index.ts';
import type { KubeClient } from '../runtime/kube/index.ts';
import { CliError } from './command.ts';
import { type FluxObject, type KindAdapter, kindRef } from './kinds.ts';

/** Progress lines in the flux CLI's style, on stderr so stdout stays for data. */
export const progress = {
  action: (s: string) => process.stderr.write(`► ${s}\n`),
  waiting: (s: string) => process.stderr.write(`◎ ${s}\n`),
  success: (s: string) => process.stderr.write(`✔ ${s}\n`),
  failure: (s: string) => process.stderr.write(`✗ ${s}\n`),
};

/**
 * Requests a reconcile: sets `reconcile.fluxcd.io/requestedAt` to now and returns that token.
 * `sameToken` names annotations set to the same token in the same patch (`forceAt`, `resetAt`):
 * the helm controller honours them only when they equal requestedAt.
 */
export async function requestReconcile(
  kube: KubeClient,
  a: KindAdapter,
  namespace: string,
  name: string,
  options: { extraPatch?: object; sameToken?: string[] } = {},
): Promise<string> {
  const token = new Date().toISOString();
  const annotations: Record<string, string> = { [ReconcileRequestAnnotation]: token };
  for (const key of options.sameToken ?? []) annotations[key] = token;
  await kube.mergePatch(kindRef(a, namespace, name), { ...options.extraPatch, metadata: { annotations } });
  return token;
}

/** Where a reconcile request stands, read from one snapshot of the object. */
export type RequestState =
  | { state: 'pending'; handled: boolean }
  | { state: 'ready' }
  | { state: 'failed'; reason: string; message: string };

type Condition = NonNullable<NonNullable<FluxObject['status']>['conditions']>[number] & {
  observedGeneration?: number;
};

/**
 * Decides whether the controller is done with the reconcile request `token`, as `flux reconcile`
 * does: the request is handled once `status.lastHandledReconcileAt` echoes it and Ready speaks of
 * the current generation. Done then means Ready True (success), or a failure: Stalled True, Ready
 * False with nothing in progress, or Ready False while Reconciling says only that the failed attempt
 * will be retried (`ProgressingWithRetry`), which a failing object says forever.
 */
export function requestState(o: FluxObject, token: string): RequestState {
  const conditions = (o.status?.conditions ?? []) as Condition[];
  const find = (type: string) => conditions.find((c) => c.type === type);
  const handled = o.status?.lastHandledReconcileAt === token;
  const ready = find('Ready');
  const current =
    ready !== undefined &&
    (ready.observedGeneration === undefined || ready.observedGeneration === o.metadata?.generation);
  if (!handled || !current) return { state: 'pending', handled };
  const failure = (c: Condition): RequestState => ({
    state: 'failed',
    reason: c.reason ?? 'Failed',
    message: c.message ?? '',
  });
  const stalled = find('Stalled');
  if (stalled?.status === 'True') return failure(stalled);
  if (ready.status === 'True') return { state: 'ready' };
  const reconciling = find('Reconciling');
  const progressing = reconciling?.status === 'True' && reconciling.reason !== 'ProgressingWithRetry';
  if (ready.status === 'False' && !progressing) return failure(ready);
  return { state: 'pending', handled };
}

/**
 * Waits until the controller has handled the reconcile request `token` (see {@link requestState})
 * and returns the object when it is Ready; a failure ends the wait at once with its reason.
 */
export async function waitHandled(
  kube: KubeClient,
  a: KindAdapter,
  namespace: string,
  name: string,
  token: string,
  timeoutMs: number,
): Promise<FluxObject> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const o = await kube.get<FluxObject>(kindRef(a, namespace, name));
    const s = requestState(o, token);
    if (s.state === 'ready') return o;
    if (s.state === 'failed')
      throw new CliError(`${a.kind.kind} reconciliation failed: ${s.reason}: ${s.message || 'not ready'}`);
    if (Date.now() > deadline) {
      throw new CliError(
        `timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${a.kind.kind} '${namespace}/${name}' to be reconciled` +
          (s.handled ? '' : ' (the controller has not handled the request)'),
      );
    }
    await sleep(500);
  }
}

/** Parses a Go-style duration flag (`5m`, `30s`, `1h30m`) into milliseconds. */
export function timeoutFlag(value: unknown, fallbackMs: number): number {
  if (typeof value !== 'string') return fallbackMs;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let consumed = 0;
  for (const m of value.matchAll(re)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    consumed += m[0].length;
  }
  if (consumed !== value.length || consumed === 0)
    throw new CliError(`invalid duration '${value}' (e.g. 30s, 5m, 1h)`, 2);
  return total;
}
