import { createSign } from 'node:crypto';
import { toError } from '../../../runtime/reconcile/index.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { callJson } from './post.ts';

/** Pub/Sub's public endpoint; `PUBSUB_EMULATOR_HOST` (as Google's clients read it) replaces it. */
const PubSubApi = 'https://pubsub.googleapis.com';
const PubSubScope = 'https://www.googleapis.com/auth/pubsub';
/** The metadata server a workload on Google Cloud gets its token from (`GCE_METADATA_HOST` overrides it). */
const MetadataHost = 'metadata.google.internal';

/** The fields of a service-account key file (the Secret's `token`) that a token exchange needs. */
interface ServiceAccountKey {
  type?: string;
  client_email?: string;
  private_key?: string;
  token_uri?: string;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * Exchanges a service-account key for an access token (OAuth 2.0 JWT bearer grant, RFC 7523):
 * an RS256-signed assertion for the Pub/Sub scope, posted to the key's `token_uri`.
 */
export async function serviceAccountToken(
  keyJson: string,
  options: Parameters<typeof callJson>[2],
  now = Date.now(),
): Promise<string> {
  let key: ServiceAccountKey;
  try {
    key = JSON.parse(keyJson) as ServiceAccountKey;
  } catch {
    throw new Error('invalid GCP credentials: the token is not a JSON key file');
  }
  if (key.type !== 'service_account' || !key.client_email || !key.private_key)
    throw new Error(
      'invalid GCP credentials: a service_account key with client_email and private_key is needed',
    );
  const tokenUri = key.token_uri ?? 'https://oauth2.googleapis.com/token';
  const iat = Math.floor(now / 1000);
  const claims = { iss: key.client_email, scope: PubSubScope, aud: tokenUri, iat, exp: iat + 3600 };
  const unsigned = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key);
  const form = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: `${unsigned}.${b64url(signature)}`,
  });
  const answer = await callJson<{ access_token?: string }>(tokenUri, undefined, {
    ...options,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(form.toString()),
  });
  if (!answer?.access_token) throw new Error('the token endpoint answered without an access_token');
  return answer.access_token;
}

/** The workload's own token from the metadata server (Workload Identity, the node's account). */
async function metadataToken(options: Parameters<typeof callJson>[2]): Promise<string> {
  const host = process.env.GCE_METADATA_HOST || MetadataHost;
  const answer = await callJson<{ access_token?: string }>(
    `http://${host}/computeMetadata/v1/instance/service-accounts/default/token`,
    undefined,
    { ...options, method: 'GET', headers: { 'Metadata-Flavor': 'Google' } },
  );
  if (!answer?.access_token) throw new Error('the metadata server answered without an access_token');
  return answer.access_token;
}

/**
 * `googlepubsub`: the event (Flux's JSON) published to the topic `channel` of the project
 * `address`, the Secret's `headers` as the message's attributes. The Secret's `token` is a
 * service-account key file; without it the workload's own identity (the metadata server) is used.
 * `PUBSUB_EMULATOR_HOST` sends to an emulator, without credentials, as Google's clients do.
 */
export function googlePubSubNotifier(config: ProviderConfig): Notifier {
  if (!config.address) throw new Error('GCP project ID cannot be empty');
  if (!config.channel) throw new Error('GCP Pub/Sub topic ID cannot be empty');
  const topic = `projects/${encodeURIComponent(config.address)}/topics/${encodeURIComponent(config.channel)}`;
  return {
    post: async (event, signal) => {
      const emulator = process.env.PUBSUB_EMULATOR_HOST;
      const base = emulator ? `http://${emulator}` : PubSubApi;
      const options = { signal, transport: config.transport };
      const headers: Record<string, string> = {};
      if (!emulator) {
        const token = config.token
          ? await serviceAccountToken(config.token, options)
          : await metadataToken(options);
        headers.Authorization = `Bearer ${token}`;
      }
      const message = {
        data: Buffer.from(JSON.stringify(event)).toString('base64'),
        ...(Object.keys(config.headers).length ? { attributes: config.headers } : {}),
      };
      try {
        await callJson(`${base}/v1/${topic}:publish`, { messages: [message] }, { ...options, headers });
      } catch (e: unknown) {
        throw new Error(`error publishing to GCP Pub/Sub topic ${topic}: ${toError(e).message}`, {
          cause: e,
        });
      }
    },
  };
}
