import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ReceiverSpec } from '../../../api/notification/v1/index.ts';
import { validateCdevent } from './cdevents.ts';
import { verifyGcrCall } from './gcr.ts';
import type { KeySets } from './key-sets.ts';
import { verifyOidcCall } from './oidc.ts';
import { SignatureError } from './signature-error.ts';

export { SignatureError } from './signature-error.ts';

/** Constant-time equality of two strings (false at once only when the lengths differ). */
export function sameText(a: string, b: string): boolean {
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

/** GitHub's and Bitbucket Server's signature: `X-Hub-Signature-256`, else the older `X-Hub-Signature`. */
function checkHubSignature(headers: IncomingHttpHeaders, body: Buffer, token: string): void {
  const name = header(headers, 'X-Hub-Signature-256') ? 'X-Hub-Signature-256' : 'X-Hub-Signature';
  checkHmac(header(headers, name), body, token, name);
}

/** A header that must equal the token (GitLab's `X-Gitlab-Token`, Harbor's `Authorization`). */
function checkTokenHeader(headers: IncomingHttpHeaders, name: string, token: string): void {
  const value = header(headers, name);
  if (value === undefined) throw new SignatureError(`missing ${name} header`);
  if (!sameText(value, token))
    throw new SignatureError(`the ${name} header value does not match the receiver token`);
}

/** The body as JSON, for the registries whose only check is a payload of theirs. */
function checkJson(body: Buffer, service: string): void {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    if (v && typeof v === 'object') return;
  } catch {
    // the same answer for any undecodable body
  }
  throw new Error(`cannot decode ${service} webhook payload`);
}

const header = (h: IncomingHttpHeaders, name: string) => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** What a verified call tells the server. */
export interface VerifiedCall {
  /** The event name, for the Receiver's `events` filter (types that send one). */
  event?: string;
  /** A call that only checks the hook (GitHub's `ping`): answered 200, nothing annotated. */
  ping?: boolean;
  /** The verified token claims of a generic-oidc call (`claims` in the resource filters). */
  claims?: Record<string, unknown>;
  /** The payload the resource filters read as `req`, when it is not the body (GCR's unwrapped event). */
  payload?: Buffer;
}

/** The Receiver's Secret as the checks read it (generic-oidc has none). */
export interface ReceiverSecret {
  token: string;
  /** GCR: the push subscription's service account. */
  email?: string;
  /** GCR: the push subscription's audience. */
  audience?: string;
}

/** What the checks that fetch keys need: the shared key-set cache and Google's certificates URL. */
export interface VerifyDeps {
  keySets: KeySets;
  googleCertsUrl: string;
}

/**
 * Verifies one call for a Receiver's type, as Flux's receiver server does: `generic`, `dockerhub`,
 * `quay` and `acr` have no signature (the secret path is the credential; the registries' payload
 * must decode), `generic-hmac` (`X-Signature`), `github` and `bitbucket` (`X-Hub-Signature-256`
 * or `X-Hub-Signature`), `gitlab` (`X-Gitlab-Token`), `harbor` (`Authorization`), `nexus`
 * (`X-Nexus-Webhook-Signature`, hex HMAC-SHA1), `gcr` (a Google ID token), `generic-oidc` (a
 * token of one of `oidcProviders`), `cdevents` (a CDEvent body). Throws {@link SignatureError}
 * on a missing or wrong credential (401), another error on a payload that does not decode (400).
 * Every comparison with the token is constant-time.
 */
export async function verifyCall(
  spec: Pick<ReceiverSpec, 'type' | 'oidcProviders'>,
  headers: IncomingHttpHeaders,
  body: Buffer,
  secret: ReceiverSecret,
  deps: VerifyDeps,
): Promise<VerifiedCall> {
  const { token } = secret;
  switch (spec.type) {
    case 'generic':
      return {};
    case 'generic-hmac':
      checkHmac(header(headers, 'X-Signature'), body, token, 'X-Signature');
      return {};
    case 'generic-oidc':
      return {
        claims: await verifyOidcCall(
          spec.oidcProviders ?? [],
          header(headers, 'Authorization'),
          deps.keySets,
        ),
      };
    case 'github': {
      checkHubSignature(headers, body, token);
      const event = header(headers, 'X-GitHub-Event');
      return { event, ping: event === 'ping' };
    }
    case 'gitlab':
      checkTokenHeader(headers, 'X-Gitlab-Token', token);
      return { event: header(headers, 'X-Gitlab-Event') };
    case 'bitbucket':
      checkHubSignature(headers, body, token);
      return { event: header(headers, 'X-Event-Key') };
    case 'harbor':
      checkTokenHeader(headers, 'Authorization', token);
      return {};
    case 'nexus': {
      const signature = header(headers, 'X-Nexus-Webhook-Signature');
      if (!signature) throw new SignatureError('the Nexus signature is missing from header');
      if (!sameText(signature.toLowerCase(), createHmac('sha1', token).update(body).digest('hex')))
        throw new SignatureError('invalid Nexus signature');
      checkJson(body, 'Nexus');
      return {};
    }
    case 'dockerhub':
      checkJson(body, 'DockerHub');
      return {};
    case 'quay':
      checkJson(body, 'Quay');
      return {};
    case 'acr':
      checkJson(body, 'ACR');
      return {};
    case 'gcr':
      return {
        payload: await verifyGcrCall(
          header(headers, 'Authorization'),
          body,
          secret,
          deps.keySets,
          deps.googleCertsUrl,
        ),
      };
    case 'cdevents':
      validateCdevent(body);
      return { event: header(headers, 'Ce-Type') };
    default:
      throw new Error(`receiver type '${spec.type}' not supported`);
  }
}
