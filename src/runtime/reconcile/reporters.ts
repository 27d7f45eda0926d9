import type { KubeObject } from '../kube/index.ts';
import type { ReconcileReporters } from './summarize-and-patch.ts';

/** What a controller reports through: its event recorder and, when metrics run, its duration metric. */
export interface ReportingEnv {
  recorder: {
    event(
      obj: KubeObject,
      type: 'Normal' | 'Warning',
      reason: string,
      message: string,
      metadata?: Record<string, string>,
    ): void;
  };
  recordDuration?(obj: KubeObject, seconds: number): void;
}

/**
 * The exit's reporters for a controller's environment: result events go to its recorder (with
 * their metadata), `gotk_reconcile_duration_seconds` to its metric. Every controller wires the
 * exit the same way, so it is written once.
 */
export function reportersOf(env: ReportingEnv): ReconcileReporters {
  return {
    event: (obj, type, reason, message, metadata) => env.recorder.event(obj, type, reason, message, metadata),
    duration: (obj, seconds) => env.recordDuration?.(obj, seconds),
  };
}
