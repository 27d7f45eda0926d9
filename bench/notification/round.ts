// The core of the webhook-to-delivery bench, shared by the bench and its smoke test: set the
// workload up, then time rounds of "push a commit, POST GitHub's push webhook to the Receiver,
// wait until the Alert's listener has the Kustomization's result for that commit". Each round
// watches the GitRepository and the Kustomization while it runs, so the split between the
// artifact, the apply and the delivery has millisecond resolution (the objects' own status
// timestamps are whole seconds; the Kustomization's status.history duration, which says more, is
// reported beside).
import { createHmac } from 'node:crypto';
import { loadavg } from 'node:os';
import type { FluxEvent } from '../../src/runtime/events/index.ts';
import type { KubeClient, KubeObject, ResourceRef } from '../../src/runtime/kube/index.ts';
import type { GitHttpServer } from '../../test/servers/index.ts';
import type { AlertListener } from './listener.ts';
import { NAME, refs, tree, workloadObjects } from './workload.ts';

/** What the rounds run against, the manager already running. */
export interface BenchContext {
  kube: KubeClient;
  namespace: string;
  git: GitHttpServer;
  listener: AlertListener;
  /** The loopback port of the manager's `--receiver-addr`. */
  receiverPort: number;
  /** The Receiver's token (the HMAC key of GitHub's signature). */
  token: string;
}

/** One timed round; durations in ms from the webhook POST. */
export interface RoundResult {
  revision: string;
  /** the receiver answered the POST */
  answeredMs: number;
  /** the bench saw the Receiver's reconcile.fluxcd.io/requestedAt on the GitRepository */
  requestedMs: number;
  /** the bench saw the GitRepository's artifact for the commit */
  artifactMs: number;
  /** the bench saw the Kustomization's lastAppliedRevision name the commit */
  appliedMs: number;
  /** the listener had the Kustomization's first event naming the commit */
  firstEventMs: number;
  /** the listener had "Reconciliation finished …" naming the commit: the figure of the bench */
  deliveredMs: number;
  /** the Kustomization's own reconcile duration, from status.history */
  kustomizeReconcile?: string;
  /** the 1-minute load average when the round ended */
  load: number;
}

type Status = KubeObject & {
  status?: {
    webhookPath?: string;
    artifact?: { revision?: string };
    lastAppliedRevision?: string;
    history?: { lastReconciledDuration?: string; metadata?: Record<string, string> }[];
    conditions?: { type: string; status: string; message?: string }[];
  };
};

const ROUND_TIMEOUT_MS = 60_000;
const ready = (o: Status) => o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const names = (e: FluxEvent, kind: string) =>
  e.involvedObject.kind === kind && e.involvedObject.name === NAME;
const aboutRevision = (e: FluxEvent, sha: string) =>
  Object.values(e.metadata ?? {}).some((v) => v.includes(sha));

/** Polls `get` until it returns a value, failing with `what` and the last object after `ms`. */
async function poll<T>(what: string, ms: number, get: () => Promise<T | undefined>): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Creates the workload on the running manager and waits until it is settled: the first commit
 * applied, its "Reconciliation finished" delivered (so the Alert is known to work before any
 * round), and the Receiver's `status.webhookPath`, which is returned.
 */
export async function createWorkload(ctx: BenchContext): Promise<string> {
  const first = await ctx.git.createRepository(NAME, { files: tree(0) });
  for (const { ref, object } of workloadObjects({
    namespace: ctx.namespace,
    gitUrl: ctx.git.repoUrl(NAME),
    listenerUrl: ctx.listener.url,
    token: ctx.token,
  }))
    await ctx.kube.create(ref, object);
  const r = refs(ctx.namespace);
  const webhookPath = await poll('the Receiver Ready with a webhook path', 60_000, async () => {
    const o = await ctx.kube.get<Status>({ ...r.receivers, name: NAME });
    return ready(o) ? o.status?.webhookPath : undefined;
  });
  await ctx.listener.next(
    (e) =>
      names(e, 'Kustomization') && e.message.startsWith('Reconciliation finished') && aboutRevision(e, first),
    ROUND_TIMEOUT_MS,
  );
  return webhookPath;
}

/**
 * Resolves `established` once the watch of the object delivered its first event (so a change
 * after that is seen) and `seen` with the performance.now() at which `match` first held.
 */
function watchFor(kube: KubeClient, ref: ResourceRef, match: (o: Status) => boolean, signal: AbortSignal) {
  let established!: () => void;
  const started = new Promise<void>((r) => {
    established = r;
  });
  const seen = (async () => {
    for await (const ev of kube.watch<Status>(ref, { fieldSelector: `metadata.name=${NAME}`, signal })) {
      established();
      if (ev.type !== 'BOOKMARK' && ev.type !== 'ERROR' && match(ev.object)) return performance.now();
    }
    throw new Error(`the watch of ${ref.resource} ended before the change was seen`);
  })();
  seen.catch(() => {}); // awaited by the round; a watch aborted after a failed round is no news
  return { started, seen };
}

/** Pushes a commit, sends GitHub's push webhook for it, and times the way to the delivery. */
export async function runRound(ctx: BenchContext, webhookPath: string, round: number): Promise<RoundResult> {
  const sha = await ctx.git.pushCommit(NAME, { files: tree(round), message: `round ${round}` });
  const r = refs(ctx.namespace);
  const abort = new AbortController();
  const requestedAt = (o: Status) => o.metadata?.annotations?.['reconcile.fluxcd.io/requestedAt'];
  const before = requestedAt(await ctx.kube.get<Status>({ ...r.gitRepositories, name: NAME }));
  try {
    const requested = watchFor(ctx.kube, r.gitRepositories, (o) => requestedAt(o) !== before, abort.signal);
    const artifact = watchFor(
      ctx.kube,
      r.gitRepositories,
      (o) => !!o.status?.artifact?.revision?.includes(sha),
      abort.signal,
    );
    const applied = watchFor(
      ctx.kube,
      r.kustomizations,
      (o) => !!o.status?.lastAppliedRevision?.includes(sha),
      abort.signal,
    );
    await Promise.all([requested.started, artifact.started, applied.started]);
    // the part of GitHub's push payload a Receiver reads, signed as GitHub signs it
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      before: '0'.repeat(40),
      after: sha,
      repository: { full_name: `bench/${NAME}`, clone_url: ctx.git.repoUrl(NAME) },
    });
    const signature = createHmac('sha256', ctx.token).update(body).digest('hex');
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${ctx.receiverPort}${webhookPath}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-GitHub-Event': 'push',
        'X-GitHub-Delivery': `bench-${round}`,
        'X-Hub-Signature-256': `sha256=${signature}`,
      },
      body,
    });
    const answered = performance.now();
    if (!res.ok) throw new Error(`the Receiver answered ${res.status}: ${await res.text()}`);
    const forRevision = (e: FluxEvent) => names(e, 'Kustomization') && aboutRevision(e, sha);
    const [first, delivered] = await Promise.all([
      ctx.listener.next(forRevision, ROUND_TIMEOUT_MS),
      ctx.listener.next(
        (e) => forRevision(e) && e.message.startsWith('Reconciliation finished'),
        ROUND_TIMEOUT_MS,
      ),
    ]);
    const [requestedSeen, artifactAt, appliedAt] = await Promise.all([
      requested.seen,
      artifact.seen,
      applied.seen,
    ]);
    const kustomization = await ctx.kube.get<Status>({ ...r.kustomizations, name: NAME });
    const entry = kustomization.status?.history?.find((h) =>
      Object.values(h.metadata ?? {}).some((v) => v.includes(sha)),
    );
    return {
      revision: sha,
      answeredMs: answered - t0,
      requestedMs: requestedSeen - t0,
      artifactMs: artifactAt - t0,
      appliedMs: appliedAt - t0,
      firstEventMs: first.at - t0,
      deliveredMs: delivered.at - t0,
      kustomizeReconcile: entry?.lastReconciledDuration,
      load: loadavg()[0],
    };
  } finally {
    abort.abort();
  }
}
