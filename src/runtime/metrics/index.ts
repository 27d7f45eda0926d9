export { ControllerMetrics } from './controller-metrics.ts';
export { EventLoopLag, type EventLoopLagSnapshot } from './event-loop-lag.ts';
export { processCollectors } from './process.ts';
export {
  type Collector,
  Counter,
  exponentialBuckets,
  formatValue,
  Gauge,
  Histogram,
  type Labels,
  Registry,
} from './registry.ts';
export {
  type Check,
  DefaultHealthAddr,
  DefaultMetricsAddr,
  parseAddr,
  serveMetrics,
  serveProbes,
} from './server.ts';
