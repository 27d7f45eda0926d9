import { hostname } from 'node:os';
import { isNotFound, KubeClient, type KubeObject } from '../kube/index.ts';
import { EventCorrelator } from './correlator.ts';
import { type ObjectReference, referenceOf } from './types.ts';

const MAX_KEYS = 4096;

interface Seen {
  name: string;
  namespace: string;
  count: number;
}

/**
 * Records core v1 Kubernetes Events the way client-go's recorder does: an event identical to a
 * recent one (same source, object, type, reason and message) increments the existing Event's
 * `count` and `lastTimestamp` instead of creating another, so a failing object retried every few
 * seconds does not flood `kubectl get events`; similar events are combined and a per-object spam
 * filter applies ({@link EventCorrelator}). Failures to record are reported, never thrown.
 */
export class KubeEventRecorder {
  private readonly kube: KubeClient;
  private readonly component: string;
  private readonly host = hostname();
  private readonly seen = new Map<string, Seen>();
  private readonly correlator = new EventCorrelator();
  private readonly onError: (err: unknown) => void;

  private readonly ownsClient: boolean;

  /**
   * With `ownBudget`, events are written through a client of their own with the same QPS and
   * burst, as client-go's event broadcaster has one: a burst of events never delays the
   * controller's status writes, and status writes never hold events back.
   */
  constructor(
    kube: KubeClient,
    component: string,
    options: { onError?: (err: unknown) => void; ownBudget?: boolean } = {},
  ) {
    this.ownsClient = options.ownBudget === true;
    this.kube = this.ownsClient
      ? new KubeClient(kube.access, {
          userAgent: `${component}-events`,
          qps: kube.rateLimiter.qps,
          burst: kube.rateLimiter.burst,
        })
      : kube;
    this.component = component;
    this.onError = options.onError ?? (() => {});
  }

  /** Releases the client of its own, if it has one. */
  close(): void {
    if (this.ownsClient) this.kube.close();
  }

  /** Records an event about `obj`; resolves when written (or failed). */
  async record(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    annotations?: Record<string, string>,
  ): Promise<void> {
    const ref = referenceOf(obj);
    const namespace = ref.namespace || 'default';
    const correlated = this.correlator.correlate(this.component, ref, type, reason, message);
    if (correlated.skip) return;
    const { key } = correlated;
    message = correlated.message;
    const now = new Date();
    const ts = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const events = { version: 'v1', resource: 'events', namespace };
    try {
      const prev = this.seen.get(key);
      if (prev) {
        prev.count++;
        try {
          await this.kube.mergePatch(
            { ...events, name: prev.name },
            { count: prev.count, lastTimestamp: ts, message },
          );
          this.touch(key, prev);
          return;
        } catch (e: unknown) {
          if (!isNotFound(e)) throw e;
          // the Event expired (default TTL one hour): start a new one
        }
      }
      const name = `${ref.name}.${(BigInt(now.getTime()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6))).toString(16)}`;
      await this.kube.create(events, this.body(name, namespace, ref, type, reason, message, ts, annotations));
      this.touch(key, { name, namespace, count: 1 });
    } catch (e: unknown) {
      this.onError(e);
    }
  }

  // a small LRU: re-inserting moves the key to the end; the oldest goes first
  private touch(key: string, s: Seen): void {
    this.seen.delete(key);
    this.seen.set(key, s);
    if (this.seen.size > MAX_KEYS) this.seen.delete(this.seen.keys().next().value as string);
  }

  private body(
    name: string,
    namespace: string,
    ref: ObjectReference,
    type: string,
    reason: string,
    message: string,
    ts: string,
    annotations?: Record<string, string>,
  ) {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, annotations },
      involvedObject: ref,
      reason,
      message,
      source: { component: this.component },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      reportingComponent: this.component,
      reportingInstance: this.host,
    };
  }
}
