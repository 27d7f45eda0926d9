import type { KeySets } from './key-sets.ts';
import { bearerToken } from './oidc.ts';
import { SignatureError } from './signature-error.ts';

/** Where Google publishes the keys that sign the ID tokens of Pub/Sub push subscriptions. */
export const GoogleCertsUrl = 'https://www.googleapis.com/oauth2/v3/certs';

/** The issuers of Google ID tokens. */
const googleIssuers = ['accounts.google.com', 'https://accounts.google.com'];

/** What the Receiver's Secret says about the push subscription, besides `token`. */
export interface GcrExpectations {
  /** `email`: the service account of the push subscription. */
  email?: string;
  /** `audience`: the audience configured on the push subscription. */
  audience?: string;
}

/**
 * Authenticates a Pub/Sub push of a GCR/Artifact Registry event as Flux does: the bearer token
 * must be a Google ID token signed by one of Google's keys (`certsUrl`), issued by
 * accounts.google.com, for the Secret's `audience` and service account `email` when it names
 * them, with a verified e-mail. Then the Pub/Sub envelope is opened: the result is the registry
 * event (base64 JSON in `message.data`), which the resource filters read as `req`.
 */
export async function verifyGcrCall(
  authorization: string | undefined,
  body: Buffer,
  expect: GcrExpectations,
  keySets: KeySets,
  certsUrl: string,
): Promise<Buffer> {
  const claims = await keySets.verify(certsUrl, bearerToken(authorization), {
    issuers: googleIssuers,
    audience: expect.audience || undefined,
  });
  if (expect.email && claims.email !== expect.email)
    throw new SignatureError(`token email is '${String(claims.email)}', want '${expect.email}'`);
  if (claims.email_verified !== true)
    throw new SignatureError(`token email '${String(claims.email)}' is not verified`);
  let data: unknown;
  try {
    const envelope = JSON.parse(body.toString('utf8')) as { message?: { data?: string } };
    data = JSON.parse(Buffer.from(envelope.message?.data ?? '', 'base64').toString('utf8'));
  } catch {
    throw new Error('cannot decode GCR webhook payload');
  }
  return Buffer.from(JSON.stringify(data));
}
