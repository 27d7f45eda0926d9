/**
 * An error answered by the API server: its HTTP status, the `reason` of the returned Status
 * object (NotFound, AlreadyExists, Conflict, Invalid, Forbidden, Gone...) and its message.
 */
export class KubeApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly details?: unknown;
  constructor(status: number, reason: string, message: string, details?: unknown) {
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
    this.details = details;
  }
}

/** Tells whether an error is the API server saying the object does not exist. */
export function isNotFound(e: unknown): boolean {
  return e instanceof KubeApiError && e.status === 404;
}

/** Tells whether an error is a write conflict (stale resourceVersion) or an existing object. */
export function isConflict(e: unknown): boolean {
  return e instanceof KubeApiError && e.status === 409;
}

/** Tells whether an error is 410 Gone: a watch or list from a resourceVersion etcd has compacted away. */
export function isGone(e: unknown): boolean {
  return e instanceof KubeApiError && (e.status === 410 || e.reason === 'Expired' || e.reason === 'Gone');
}
