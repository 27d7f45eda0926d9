// The API server throttling: for a few seconds the proxy in front of the kustomize controller
// answers every request but watches with 429 and Retry-After. The controller must wait as told
// (no repeat of a throttled request before its Retry-After elapsed), not spin (few requests in
// the window), and converge once the throttling ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '../support/cluster.ts';
import {
  artifactServer,
  cmRef,
  configMap,
  ksRef,
  kustomization,
  type Obj,
  startController,
  waitReady,
} from '../support/kustomize-harness.ts';
import type { SeenRequest } from './support/api-proxy.ts';
import { faultSetup, proxiedClient } from './support/fault-setup.ts';

const RETRY_AFTER_S = 2;
const WINDOW_MS = 7_000;

test('429 with Retry-After: honoured, no tight loop, convergence after', { timeout: 120_000 }, async (t) => {
  const { kube, ns, proxy } = await faultSetup(t, 'fault-429');
  const controllerKube = proxiedClient(t, proxy);
  const server = await artifactServer(t, kube);
  await server.publish(ns, 'repo', { 'a.yaml': configMap('a') });
  await startController(t, controllerKube, ns);
  await kube.create(ksRef(ns), kustomization(ns, 'apps', { targetNamespace: ns, retryInterval: '1s' }));
  await waitReady(kube, ns, 'apps');

  const throttled: SeenRequest[] = [];
  const from = Date.now();
  const until = from + WINDOW_MS;
  proxy.intercept = (r) => {
    if (r.watch || Date.now() >= until) return undefined;
    throttled.push(r);
    return { status: 429, headers: { 'retry-after': String(RETRY_AFTER_S) } };
  };
  const revision = await server.publish(ns, 'repo', {
    'a.yaml': configMap('a', { k: '2' }),
    'b.yaml': configMap('b'),
  });
  await eventually(
    async () => {
      assert.equal((await kube.get<Obj>(ksRef(ns, 'apps'))).status?.lastAppliedRevision, revision);
    },
    { what: 'convergence after the throttling', timeoutMs: 60_000 },
  );
  assert.equal((await kube.get<Obj>(cmRef(ns, 'a'))).data.k, '2');
  assert.ok(throttled.length > 0, 'the controller was never throttled');

  // honoured: after a 429, the same request (method, path, query) comes back no sooner than told
  const key = (r: SeenRequest) => `${r.method} ${r.path}?${r.query}`;
  const window = proxy.seen.filter((r) => !r.watch && r.at >= from);
  for (const [i, r] of window.entries()) {
    if (!throttled.includes(r)) continue;
    const again = window.slice(i + 1).find((n) => key(n) === key(r));
    if (!again) continue;
    assert.ok(
      again.at - r.at >= RETRY_AFTER_S * 1000 - 50,
      `${key(r)} repeated ${again.at - r.at} ms after a 429 with Retry-After ${RETRY_AFTER_S}s`,
    );
  }
  // no tight loop: each distinct request retried at most once per Retry-After in the window
  const distinct = new Set(throttled.map(key)).size;
  const bound = distinct * Math.ceil(WINDOW_MS / (RETRY_AFTER_S * 1000));
  assert.ok(
    throttled.length <= bound,
    `${throttled.length} throttled requests (${distinct} distinct) in ${WINDOW_MS} ms`,
  );
  t.diagnostic(`${throttled.length} throttled requests, ${distinct} distinct`);
});
