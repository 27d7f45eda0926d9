import { formatDuration } from '../../api/meta/index.ts';
import type { KustomizationObject } from './env.ts';

/** How many snapshots Flux keeps in `status.history`. */
export const HistoryLimit = 5;

/**
 * Records one reconcile in `status.history` (Flux 2.9): entries keyed by the digest of the build
 * output, newest first; a repeat of a known digest updates its entry (last time, duration,
 * status, count) and moves it to the front.
 */
export function recordHistory(
  obj: KustomizationObject,
  entry: { digest: string; durationMs: number; status: string; metadata: Record<string, string>; now?: Date },
): void {
  obj.status ??= {};
  const now = (entry.now ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z');
  const history = [...(obj.status.history ?? [])];
  const i = history.findIndex((h) => h.digest === entry.digest);
  const previous = i >= 0 ? history.splice(i, 1)[0] : undefined;
  history.unshift({
    digest: entry.digest,
    firstReconciled: previous?.firstReconciled ?? now,
    lastReconciled: now,
    lastReconciledDuration: formatDuration(Math.round(entry.durationMs)),
    lastReconciledStatus: entry.status,
    totalReconciliations: (previous?.totalReconciliations ?? 0) + 1,
    metadata: entry.metadata,
  });
  obj.status.history = history.slice(0, HistoryLimit);
}
