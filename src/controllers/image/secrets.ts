import { isNotFound, type KubeClient, type KubeObject } from '../../runtime/kube/index.ts';
import { redactor } from '../../runtime/logging/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';

type SecretObject = KubeObject & { data?: Record<string, string> };

/**
 * A Secret an image object references (registry credentials, TLS, proxy, git credentials), decoded
 * to text, every value registered with the redactor first so none reaches a log, an event or a
 * condition. Throws a lowercase, Flux-worded error when it cannot be read.
 */
export async function readSecretData(
  kube: KubeClient,
  namespace: string,
  name: string,
): Promise<Record<string, string>> {
  let secret: SecretObject;
  try {
    secret = await kube.get<SecretObject>({ version: 'v1', resource: 'secrets', namespace, name });
  } catch (e: unknown) {
    const why = isNotFound(e) ? `secrets "${name}" not found` : toError(e).message;
    throw new Error(`failed to get secret '${namespace}/${name}': ${why}`, { cause: e });
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) {
    out[k] = Buffer.from(v, 'base64').toString('utf8');
    if (out[k].trim()) redactor.addSecret(out[k].trim());
  }
  return out;
}
