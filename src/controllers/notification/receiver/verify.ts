import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Why a call was refused: answered 401 and nothing is annotated. */
export class SignatureError extends Error {}

/** Constant-time equality of two strings (false at once only when the lengths differ). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const algorithms: Record<string, string> = { sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' };

/** Checks `<algo>=<hex>` (sha1, sha256 or sha512) as the HMAC of the body keyed with the token. */
function checkHmac(header: string | undefined, body: Buffer, token: string, what: string): void {
  if (!header) throw new SignatureError(`missing ${what} header`);
  const eq = header.indexOf('=');
  const algo = algorithms[header.slice(0, eq).toLowerCase()];
  if (eq < 0 || !algo) throw new SignatureError(`unsupported signature in ${what} header`);
  const expected = createHmac(algo, token).update(body).digest('hex');
  if (!sameText(header.slice(eq + 1).toLowerCase(), expected))
    throw new SignatureError(`invalid ${what} signature`);
}

const header = (h: IncomingHttpHeaders, name: string) => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** What a verified call tells the server: the event name, for the Receiver's `events` filter. */
export interface VerifiedCall {
  event?: string;
  /** A call that only checks the hook (GitHub's `ping`): answered 200, nothing annotated. */
  ping?: boolean;
}

/** Receiver types this controller verifies; the others answer "not supported yet". */
export const supportedReceiverTypes = ['generic', 'generic-hmac', 'github'] as const;

/**
 * Verifies one call for a Receiver type: `generic` (the secret path is the credential),
 * `generic-hmac` (`X-Signature: sha256=<hex>`), `github` (`X-Hub-Signature-256`, the event from
 * `X-GitHub-Event`). Throws {@link SignatureError} on a missing or wrong signature; every
 * comparison is constant-time.
 */
export function verifyCall(
  type: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  token: string,
): VerifiedCall {
  switch (type) {
    case 'generic':
      return {};
    case 'generic-hmac':
      checkHmac(header(headers, 'X-Signature'), body, token, 'X-Signature');
      return {};
    case 'github': {
      checkHmac(header(headers, 'X-Hub-Signature-256'), body, token, 'X-Hub-Signature-256');
      const event = header(headers, 'X-GitHub-Event');
      return { event, ping: event === 'ping' };
    }
    default:
      throw new Error(`receiver type '${type}' is not supported yet by tsflux`);
  }
}
