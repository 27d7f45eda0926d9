import { SourceReason } from '../../../api/source/v1/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import { isNotFound, type KubeClient, type KubeObject } from '../../../runtime/kube/index.ts';
import { redactor } from '../../../runtime/logging/index.ts';
import { TransientError } from '../../../runtime/reconcile/index.ts';

type SecretObject = KubeObject & { type?: string; data?: Record<string, string> };

/** A Secret's type and its decoded values (`data` base64-decoded). */
export interface SecretData {
  type?: string;
  data: Record<string, Buffer>;
  /** A value as UTF-8 text, or undefined. */
  text(key: string): string | undefined;
}

/**
 * Reads a Secret a source references and decodes it. Every value is registered with the shared
 * redactor first, so no log line, event or condition can ever carry it. A missing Secret is an
 * `AuthenticationFailed` failure worded as Flux words it.
 */
export async function readSecret(kube: KubeClient, namespace: string, name: string): Promise<SecretData> {
  let secret: SecretObject;
  try {
    secret = await kube.get<SecretObject>({ version: 'v1', resource: 'secrets', namespace, name });
  } catch (e: unknown) {
    const why = isNotFound(e) ? `secrets "${name}" not found` : toError(e).message;
    throw new TransientError(
      SourceReason.AuthenticationFailed,
      `failed to get secret '${namespace}/${name}': ${why}`,
      { cause: e },
    );
  }
  const data: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) {
    data[k] = Buffer.from(v, 'base64');
    const text = data[k].toString('utf8');
    redactor.addSecret(text);
    // a multi-line value (a key file) may surface one line at a time
    for (const line of text.split('\n')) if (line.length >= 16) redactor.addSecret(line.trim());
  }
  return { type: secret.type, data, text: (k) => data[k]?.toString('utf8') };
}
