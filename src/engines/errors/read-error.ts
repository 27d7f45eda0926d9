import { toError } from './to-error.ts';

/**
 * What a failed read of an HTTP answer's body says, worded as Go words it (Flux users grep these
 * messages): a body cut short before its Content-Length, which Node reports as `aborted`, is
 * `unexpected EOF`; any other failure keeps its own message.
 */
export function bodyReadError(e: unknown): string {
  const err = toError(e);
  return err.message === 'aborted' ? 'unexpected EOF' : err.message;
}
