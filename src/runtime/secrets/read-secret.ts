import { toError } from '../../engines/errors/index.ts';
import { isNotFound, type KubeClient, type KubeObject } from '../kube/index.ts';
import { redactor } from '../logging/index.ts';

type SecretObject = KubeObject & { type?: string; data?: Record<string, string> };

/** A Secret's type and its decoded values (`data` base64-decoded). */
export interface SecretData {
  type?: string;
  data: Record<string, Buffer>;
  /** A value as UTF-8 text, or undefined. */
  text(key: string): string | undefined;
  /** Every value as UTF-8 text. */
  texts(): Record<string, string>;
}

/**
 * Reads a Secret an object references (credentials, TLS, proxy, tokens, HMAC keys) and decodes
 * it. Every value is registered with the shared redactor before anything else sees it, so no log
 * line, event, condition or metric label can carry it. A Secret that cannot be read throws an
 * error worded as Flux words it: `failed to get secret 'ns/name': secrets "name" not found`;
 * controllers wrap it in their own outcome (a source's AuthenticationFailed, for example).
 */
export async function readSecret(kube: KubeClient, namespace: string, name: string): Promise<SecretData> {
  let secret: SecretObject;
  try {
    secret = await kube.get<SecretObject>({ version: 'v1', resource: 'secrets', namespace, name });
  } catch (e: unknown) {
    const why = isNotFound(e) ? `secrets "${name}" not found` : toError(e).message;
    throw new Error(`failed to get secret '${namespace}/${name}': ${why}`, { cause: e });
  }
  const data: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) {
    data[k] = Buffer.from(v, 'base64');
    const text = data[k].toString('utf8');
    if (text.trim()) redactor.addSecret(text.trim());
    // a multi-line value (a key file) may surface one line at a time
    for (const line of text.split('\n')) if (line.trim().length >= 16) redactor.addSecret(line.trim());
  }
  const text = (k: string) => data[k]?.toString('utf8');
  const texts = () => Object.fromEntries(Object.keys(data).map((k) => [k, data[k].toString('utf8')]));
  return { type: secret.type, data, text, texts };
}
