import { readdirSync } from 'node:fs';
import type { Collector } from './registry.ts';

const startTime = Date.now() / 1000 - process.uptime();

/**
 * The standard process metrics Go's client exposes (`process_cpu_seconds_total`,
 * `process_resident_memory_bytes`, `process_virtual_memory_bytes` is omitted, `process_open_fds`,
 * `process_start_time_seconds`) plus Node's heap, read at scrape time.
 */
export function processCollectors(): Collector[] {
  const gauge = (name: string, help: string, type: string, value: () => number | undefined): Collector => ({
    name,
    expose() {
      const v = value();
      if (v === undefined) return '';
      return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${v}\n`;
    },
  });
  return [
    gauge('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', 'counter', () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    }),
    gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', 'gauge', () =>
      process.memoryUsage.rss(),
    ),
    gauge(
      'process_start_time_seconds',
      'Start time of the process since unix epoch in seconds.',
      'gauge',
      () => Math.round(startTime),
    ),
    gauge('process_open_fds', 'Number of open file descriptors.', 'gauge', () => {
      try {
        return readdirSync('/proc/self/fd').length;
      } catch {
        return undefined;
      }
    }),
    gauge(
      'nodejs_heap_used_bytes',
      'V8 heap in use, in bytes.',
      'gauge',
      () => process.memoryUsage().heapUsed,
    ),
  ];
}
