// The drill every source kind goes through when the server it fetches from breaks (a registry,
// S3, a Helm repository; git has its own case): with the faulty front in between, the server
// answers 503, then drops connections, hangs, answers late and cuts its answers short. Each time
// the source must go Ready False with its reason, keep its last good artifact in status and in
// storage (downloaded and checked byte for byte), and, when a Kustomization applies it, that one
// must apply and prune nothing. Under 503 the retries must back off (measured on the front's own
// request log). When the server answers again, the source stores the revision published while it
// failed and the Kustomization applies it, pruning only then.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { TestContext } from 'node:test';
import type { KubeClient, ResourceRef } from '../../../src/runtime/kube/index.ts';
import { eventually } from '../../support/cluster.ts';
import { cmRef, exists, ksRef, type Obj, ready, waitReady } from '../../support/kustomize-harness.ts';
import { waitForSourceReady } from '../../support/source-controller.ts';
import { type FaultyFront, type FrontMode, gaps } from './faulty-front.ts';

/** A source object in front of a faulty server, and what to expect of it. */
export interface SourceUnderFault {
  kube: KubeClient;
  ns: string;
  front: FaultyFront;
  /** The source object (created by the case, fetching through `front`, with a short `spec.timeout`). */
  ref: ResourceRef;
  /** Its Ready reason while the server fails. */
  reason: string;
  /** Whether a request the front saw is the first one of a fetch attempt. */
  attempt: (path: string) => boolean;
  /** A Kustomization applying the source, whose artifact holds ConfigMaps `a` and `b`. */
  dependent?: string;
  /** Publishes the next revision on the server, one without `b`. */
  publishNext: () => Promise<void>;
  /** Each failure mode after 503, the message it must give, and its reason if not `reason`. */
  failures: [FrontMode, RegExp, string?][];
  /** The message under 503. */
  unavailable: RegExp;
}

/** Asserts that a source still has `good`'s artifact in status, and that it downloads byte for byte. */
export async function assertStillServed(kube: KubeClient, ref: ResourceRef, good: Obj): Promise<void> {
  const o = await kube.get<Obj>(ref);
  assert.deepEqual(o.status.artifact, good.status.artifact);
  const res = await fetch(o.status.artifact.url);
  assert.equal(res.status, 200);
  const digest = createHash('sha256')
    .update(Buffer.from(await res.arrayBuffer()))
    .digest('hex');
  assert.equal(`sha256:${digest}`, good.status.artifact.digest);
}

/** Runs the drill; see the file comment. */
export async function drillSourceFaults(t: TestContext, s: SourceUnderFault): Promise<void> {
  const { kube, ns, front, ref } = s;
  const good = await waitForSourceReady<Obj>(kube, ref, 'True', { timeoutMs: 60_000 });
  const applied = s.dependent ? await waitReady(kube, ns, s.dependent) : undefined;
  const rvs = async () =>
    Promise.all(['a', 'b'].map(async (n) => (await kube.get<Obj>(cmRef(ns, n))).metadata?.resourceVersion));
  const before = applied ? await rvs() : [];
  await s.publishNext();

  let token = 0;
  /** Asks for a reconcile now; resolves to the token the source reports once it handled it. */
  const requestReconcile = async () => {
    const at = `fault-${++token}`;
    await kube.mergePatch(ref, { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': at } } });
    return at;
  };
  const failedWith = (at: string, pattern: RegExp, reason = s.reason) =>
    waitForSourceReady<Obj>(kube, ref, 'False', {
      timeoutMs: 40_000,
      check: (o) => {
        assert.equal(o.status.lastHandledReconcileAt, at);
        assert.equal(ready(o)?.reason, reason, ready(o)?.message);
        assert.match(ready(o)?.message, pattern);
      },
    });
  const stillServed = () => assertStillServed(kube, ref, good);
  /** The dependent Kustomization keeps its last revision and has written nothing. */
  const nothingPruned = async () => {
    if (!s.dependent || !applied) return;
    const ks = await kube.get<Obj>(ksRef(ns, s.dependent));
    assert.equal(ks.status.lastAppliedRevision, applied.status.lastAppliedRevision);
    assert.deepEqual(ks.status.inventory, applied.status.inventory);
    assert.deepEqual(await rvs(), before);
  };

  // 503: Ready False, and the retries back off
  front.mode = '503';
  const failingFrom = Date.now();
  const failed = await failedWith(await requestReconcile(), s.unavailable);
  t.diagnostic(`503: ${ready(failed)?.message}`);
  await stillServed();
  const attempts = () =>
    front.seen.filter((r) => r.mode === '503' && r.at >= failingFrom && s.attempt(r.path)).map((r) => r.at);
  await eventually(() => assert.ok(attempts().length >= 5, `${attempts().length} attempts`), {
    what: 'five failed attempts',
    timeoutMs: 40_000,
  });
  const schedule = gaps(attempts().slice(0, 5));
  t.diagnostic(`retry gaps under 503: ${schedule.join(', ')} ms`);
  // Flux's schedule, 750 ms doubling: a busy machine only makes the gaps longer, so each is
  // checked against its lower bound, which no tight or fixed-interval loop meets
  for (const [i, gap] of schedule.entries())
    assert.ok(gap >= 750 * 2 ** i * 0.95, `retry ${i + 1} after ${gap} ms: ${schedule.join(', ')} ms`);
  await nothingPruned();

  // every other failure, each bounded in time
  for (const [mode, pattern, reason] of s.failures) {
    front.mode = mode;
    const started = Date.now();
    const o = await failedWith(await requestReconcile(), pattern, reason);
    t.diagnostic(`${mode}: ${ready(o)?.message} (${Date.now() - started} ms)`);
    assert.ok(Date.now() - started < 30_000, `${mode}: the failure took ${Date.now() - started} ms`);
    await stillServed();
    await nothingPruned();
  }

  // the server answers again: the new revision is stored and applied, and b pruned only now
  front.mode = 'pass';
  // (the last failure's own retry may be far off, so a reconcile is asked for)
  const back = await requestReconcile();
  const recovered = await waitForSourceReady<Obj>(kube, ref, 'True', {
    timeoutMs: 60_000,
    check: (o) => {
      assert.equal(o.status.lastHandledReconcileAt, back);
      assert.notEqual(o.status.artifact.revision, good.status.artifact.revision);
    },
  });
  if (!s.dependent) return;
  const dependent = s.dependent;
  await eventually(
    async () => {
      const ks = await kube.get<Obj>(ksRef(ns, dependent));
      assert.equal(ks.status.lastAppliedRevision, recovered.status.artifact.revision);
    },
    { what: 'the Kustomization applies the new revision', timeoutMs: 60_000 },
  );
  assert.equal(await exists(kube, cmRef(ns, 'b')), false, 'b pruned after recovery');
  assert.equal(await exists(kube, cmRef(ns, 'a')), true);
}
