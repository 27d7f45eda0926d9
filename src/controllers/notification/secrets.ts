import { isNotFound, type KubeClient, type KubeObject } from '../../runtime/kube/index.ts';
import { redactor } from '../../runtime/logging/index.ts';

type SecretObject = KubeObject & { data?: Record<string, string> };

/**
 * Reads a Secret a Provider or Receiver references, decoded to text. Every value is registered
 * with the shared redactor before anything else sees it: tokens, HMAC keys and webhook URLs with
 * a secret in their path never reach a log line, an event or a condition. Throws a lowercase,
 * Flux-worded error when the Secret cannot be read.
 */
export async function readSecretText(
  kube: KubeClient,
  namespace: string,
  name: string,
): Promise<Record<string, string>> {
  let secret: SecretObject;
  try {
    secret = await kube.get<SecretObject>({ version: 'v1', resource: 'secrets', namespace, name });
  } catch (e: unknown) {
    const why = isNotFound(e) ? `secrets "${name}" not found` : (e as Error).message;
    throw new Error(`failed to read secret '${namespace}/${name}': ${why}`, { cause: e });
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) {
    out[k] = Buffer.from(v, 'base64').toString('utf8');
    redactor.addSecret(out[k].trim());
  }
  return out;
}
