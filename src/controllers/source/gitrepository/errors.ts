import { SourceReason } from '../../../api/source/v1/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import { RefNotFoundError } from '../../../runtime/git/index.ts';
import { StallingError, TransientError, WaitingError } from '../../../runtime/reconcile/index.ts';

const message = (e: unknown) => toError(e).message;

/** True for the typed outcomes a step already worded for the user. */
export function isOutcome(e: unknown): e is StallingError | TransientError | WaitingError {
  return e instanceof StallingError || e instanceof TransientError || e instanceof WaitingError;
}

/**
 * A failed `ls-remote` in Flux's words: `failed to checkout and determine revision: unable to
 * list remote for '<url>': <git's reason>`; a ref the remote lacks reads as Flux's clone error
 * naming the ref. Both are GitOperationFailed, retried with backoff.
 */
export function listRemoteFailed(url: string, e: unknown): TransientError {
  const why =
    e instanceof RefNotFoundError
      ? `unable to clone '${url}': ${e.message}`
      : `unable to list remote for '${url}': ${message(e)}`;
  return new TransientError(
    SourceReason.GitOperationFailed,
    `failed to checkout and determine revision: ${why}`,
    {
      cause: e,
    },
  );
}

/** A failed clone or checkout, worded as Flux's: `...: unable to clone '<url>': <reason>`. */
export function cloneFailed(url: string, e: unknown): TransientError {
  return new TransientError(
    SourceReason.GitOperationFailed,
    `failed to checkout and determine revision: unable to clone '${url}': ${message(e)}`,
    { cause: e },
  );
}

/** Anything unexpected while reading credentials becomes AuthenticationFailed. */
export function authFailed(e: unknown): Error {
  if (isOutcome(e)) return e;
  return new TransientError(SourceReason.AuthenticationFailed, message(e), { cause: e });
}
