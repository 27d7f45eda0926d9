export { DelayHeap } from './delay-heap.ts';
export { noQueueMetrics, type QueueMetrics } from './metrics.ts';
export { WorkQueue, type WorkQueueOptions } from './queue.ts';
export {
  DefaultMaxRetryDelayMs,
  DefaultMinRetryDelayMs,
  ItemExponentialBackoff,
  type RateLimiter,
} from './rate-limiter.ts';
