import { toError } from '../../engines/errors/index.ts';
import { KubeApiError } from '../kube/index.ts';

// admission webhooks and CEL rules word immutability in these ways
const ImmutableMessages = [/is\simmutable/, /immutable\sfield/];

/**
 * Tells whether an apply failed because it changes an immutable field, the way Flux (and
 * kubectl) detect it: a conflict or an invalid answer from the API server, or a message of an
 * admission webhook or CEL rule that says the field is immutable.
 */
export function isImmutableError(e: unknown): boolean {
  if (e instanceof KubeApiError && (e.status === 409 || e.status === 422 || e.reason === 'Invalid'))
    return true;
  const message = toError(e).message;
  return ImmutableMessages.some((re) => re.test(message));
}
