import { setTimeout as sleep } from 'node:timers/promises';
import { ReconcileRequestAnnotation } from '../api/index.ts';
import type { KubeClient } from '../runtime/kube/index.ts';
import { CliError } from './command.ts';
import { type FluxObject, type KindAdapter, kindRef, readyCondition } from './kinds.ts';

/** Progress lines in the flux CLI's style, on stderr so stdout stays for data. */
export const progress = {
  action: (s: string) => process.stderr.write(`► ${s}\n`),
  waiting: (s: string) => process.stderr.write(`◎ ${s}\n`),
  success: (s: string) => process.stderr.write(`✔ ${s}\n`),
  failure: (s: string) => process.stderr.write(`✗ ${s}\n`),
};

/** Requests a reconcile: sets `reconcile.fluxcd.io/requestedAt` to now and returns that token. */
export async function requestReconcile(
  kube: KubeClient,
  a: KindAdapter,
  namespace: string,
  name: string,
  extraPatch: object = {},
): Promise<string> {
  const token = new Date().toISOString();
  await kube.mergePatch(kindRef(a, namespace, name), {
    ...extraPatch,
    metadata: { annotations: { [ReconcileRequestAnnotation]: token } },
  });
  return token;
}

/**
 * Waits until the controller has handled the reconcile request `token` (echoed in
 * `status.lastHandledReconcileAt`) and the object's Ready condition is current, then returns
 * the object. Fails when Ready is False, or after `timeoutMs`.
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
    const ready = readyCondition(o) as
      | (ReturnType<typeof readyCondition> & { observedGeneration?: number })
      | undefined;
    const handled = o.status?.lastHandledReconcileAt === token;
    const current =
      ready &&
      (ready.observedGeneration === undefined || ready.observedGeneration === o.metadata?.generation);
    const reconciling = o.status?.conditions?.some((c) => c.type === 'Reconciling' && c.status === 'True');
    if (handled && current && !reconciling) {
      if (ready.status === 'False')
        throw new CliError(
          `${a.kind.kind} reconciliation failed: ${ready.message ?? ready.reason ?? 'not ready'}`,
        );
      if (ready.status === 'True') return o;
    }
    if (Date.now() > deadline) {
      throw new CliError(
        `timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${a.kind.kind} '${namespace}/${name}' to be reconciled` +
          (handled ? '' : ' (the controller has not handled the request: is tsflux running?)'),
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
