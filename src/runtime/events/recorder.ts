import { hostname } from 'node:os';
import type { KubeObject } from '../kube/index.ts';
import { type Redactor, redactor as sharedRedactor } from '../logging/index.ts';
import type { KubeEventRecorder } from './kube-recorder.ts';
import { EventGroup, type EventSeverity, type EventType, type FluxEvent, referenceOf } from './types.ts';
import type { EventPoster } from './webhook.ts';

function severityOf(type: EventType): EventSeverity {
  return type === 'Warning' ? 'error' : type === 'Trace' ? 'trace' : 'info';
}

/**
 * Flux's event recorder: every event becomes a Kubernetes Event (aggregated) and, unless it is a
 * trace, a notification POSTed to `--events-addr` in Flux's format. Metadata holds the given
 * annotations plus the object's own `event.toolkit.fluxcd.io/*` annotations; messages are
 * redacted. Recording never throws: failures go to `onError`.
 */
export class EventRecorder {
  private readonly controller: string;
  private readonly kube?: KubeEventRecorder;
  private readonly poster?: EventPoster;
  private readonly redactor: Redactor;
  private readonly onError: (err: unknown) => void;
  private readonly instance = hostname();
  private readonly pending = new Set<Promise<void>>();

  constructor(options: {
    controller: string;
    kube?: KubeEventRecorder;
    poster?: EventPoster;
    redactor?: Redactor;
    onError?: (err: unknown) => void;
  }) {
    this.controller = options.controller;
    this.kube = options.kube;
    this.poster = options.poster;
    this.redactor = options.redactor ?? sharedRedactor;
    this.onError = options.onError ?? (() => {});
  }

  /** Records an event about `obj`; returns at once, {@link flush} waits for delivery. */
  event(
    obj: KubeObject,
    type: EventType,
    reason: string,
    message: string,
    metadata?: Record<string, string>,
  ): void {
    const msg = this.redactor.redact(message);
    const annotations: Record<string, string> = { ...metadata };
    for (const [k, v] of Object.entries(obj.metadata?.annotations ?? {}))
      if (k.startsWith(`${EventGroup}/`)) annotations[k] = v;
    const meta = Object.keys(annotations).length ? annotations : undefined;
    if (this.kube)
      this.track(this.kube.record(obj, type === 'Warning' ? 'Warning' : 'Normal', reason, msg, meta));
    const severity = severityOf(type);
    if (!this.poster || severity === 'trace') return;
    const ev: FluxEvent = {
      involvedObject: referenceOf(obj),
      severity,
      timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      message: msg,
      reason,
      metadata: meta,
      reportingController: this.controller,
      reportingInstance: this.instance,
    };
    this.track(this.poster.post(ev).catch(this.onError));
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Waits until every event recorded so far is delivered (or failed). */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Waits for delivery, then releases the Kubernetes client the recorder owns (if any). */
  async close(): Promise<void> {
    await this.flush();
    this.kube?.close();
  }
}
