/**
 * What a queue reports, named after client-go's workqueue metrics (`workqueue_depth`,
 * `workqueue_adds_total`, `workqueue_queue_duration_seconds`, `workqueue_work_duration_seconds`,
 * `workqueue_retries_total`, `workqueue_unfinished_work_seconds`,
 * `workqueue_longest_running_processor_seconds`). runtime/metrics provides the Prometheus-backed one.
 */
export interface QueueMetrics {
  /** The number of items waiting in the queue changed. */
  depth(n: number): void;
  /** An item entered the queue (deduplicated adds do not count). */
  added(): void;
  /** Seconds an item waited in the queue before a worker took it. */
  queueDuration(seconds: number): void;
  /** Seconds a worker spent on an item. */
  workDuration(seconds: number): void;
  /** An item was re-added with backoff. */
  retried(): void;
  /** Total seconds of work in progress, and the longest running item, refreshed periodically. */
  unfinished(totalSeconds: number, longestSeconds: number): void;
}

/** A {@link QueueMetrics} that records nothing. */
export const noQueueMetrics: QueueMetrics = {
  depth() {},
  added() {},
  queueDuration() {},
  workDuration() {},
  retried() {},
  unfinished() {},
};
