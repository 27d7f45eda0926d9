import { TokenBucket } from '../kube/index.ts';
import type { ObjectReference } from './types.ts';

/** What the correlator decided for one event. */
export interface Correlation {
  /** Drop it: the object produced too many events (spam filter). */
  skip: boolean;
  /** The key identical events share: same key -> increment the existing Event's count. */
  key: string;
  /** The message to record; replaced by a combined one once similar events pile up. */
  message: string;
}

const MAX_SIMILAR = 10;
const SIMILAR_WINDOW_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_QPS = 1 / 300;
const MAX_KEYS = 4096;

/**
 * client-go's event correlator: a per-object spam filter (a burst of 25 events, then one per 5
 * minutes), and aggregation of similar events (same object, type and reason with different
 * messages): from the tenth distinct message within 10 minutes they are recorded as one Event
 * with the message prefixed `(combined from similar events): `.
 */
export class EventCorrelator {
  private readonly spam = new Map<string, TokenBucket>();
  private readonly similar = new Map<string, { messages: Set<string>; last: number }>();
  private readonly now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.now = now;
  }

  /** Correlates one event from `source` about `ref`. */
  correlate(
    source: string,
    ref: ObjectReference,
    type: string,
    reason: string,
    message: string,
  ): Correlation {
    const objectKey = JSON.stringify([source, ref.kind, ref.namespace, ref.name, ref.uid, ref.apiVersion]);
    let bucket = this.spam.get(objectKey);
    if (!bucket) {
      bucket = new TokenBucket(SPAM_QPS, SPAM_BURST, () => this.now());
      remember(this.spam, objectKey, bucket);
    }
    const aggregateKey = JSON.stringify([objectKey, type, reason]);
    const now = this.now();
    let record = this.similar.get(aggregateKey);
    if (!record || now - record.last > SIMILAR_WINDOW_MS) record = { messages: new Set(), last: now };
    record.last = now;
    record.messages.add(message);
    remember(this.similar, aggregateKey, record);
    let key = JSON.stringify([aggregateKey, message]);
    let out = message;
    if (record.messages.size >= MAX_SIMILAR) {
      // keep the set bounded, as client-go does, while staying at the threshold
      const first = record.messages.values().next().value as string;
      record.messages.delete(first);
      key = aggregateKey;
      out = `(combined from similar events): ${message}`;
    }
    return { skip: !bucket.tryTake(), key, message: out };
  }
}

function remember<V>(m: Map<string, V>, k: string, v: V): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > MAX_KEYS) m.delete(m.keys().next().value as string);
}
