import { ConditionReason } from '../../api/meta/index.ts';

/** Options shared by the outcome errors. */
export interface OutcomeOptions {
  cause?: unknown;
}

/**
 * The object's spec cannot work (invalid URL, unknown field value): the object is marked Stalled
 * and not retried until its spec changes. `reason` is the PascalCase condition reason.
 */
export class StallingError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string, options: OutcomeOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'StallingError';
    this.reason = reason;
  }
}

/**
 * Something the object needs is not ready yet (a dependency, a source artifact): Ready is False
 * with `reason`, and the object is looked at again after `requeueAfterMs`, without backoff.
 */
export class WaitingError extends Error {
  readonly reason: string;
  readonly requeueAfterMs: number;
  constructor(reason: string, requeueAfterMs: number, message: string, options: OutcomeOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'WaitingError';
    this.reason = reason;
    this.requeueAfterMs = requeueAfterMs;
  }
}

/**
 * An operation failed and may work next time (network, API server, remote): Ready is False with
 * `reason` and the object is retried with per-object exponential backoff.
 */
export class TransientError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string, options: OutcomeOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'TransientError';
    this.reason = reason;
  }
}

/** The one way to turn anything caught into an Error, shared with the engines (which cannot import the runtime). */
export { toError } from '../../engines/errors/index.ts';

/**
 * The condition and event reason of an outcome: its own for the typed outcomes, else `fallback`
 * (Flux's `ReconciliationFailed` unless the kind words it otherwise), for what is then a bug.
 */
export function reasonOf(e: unknown, fallback: string = ConditionReason.ReconciliationFailed): string {
  return e instanceof StallingError || e instanceof WaitingError || e instanceof TransientError
    ? e.reason
    : fallback;
}
