import type { KubeObject } from '../../api/meta/index.ts';
import { toError } from '../errors/index.ts';
import { decrypt, SopsDecryptError } from './decrypt.ts';
import { detectSopsFormat, formatFromPath, isEncryptedSecret, SopsFormat } from './format.ts';
import type { SopsKeys } from './keys.ts';

const DECRYPT_ANNOTATION = 'kustomize.toolkit.fluxcd.io/decrypt';

/** Tells whether the object opts out of decryption (`kustomize.toolkit.fluxcd.io/decrypt: disabled`, any case). */
export function decryptionDisabled(obj: KubeObject): boolean {
  const annotations = (obj.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
  return (annotations?.[DECRYPT_ANNOTATION] ?? '').toLowerCase() === 'disabled';
}

function describe(obj: KubeObject): string {
  const meta = (obj.metadata ?? {}) as { namespace?: string; name?: string };
  return `'${meta.namespace ?? ''}/${meta.name ?? ''}' ${String(obj.kind ?? '')}`;
}

/**
 * Decrypts one resource of a kustomize build as the kustomize-controller does for the SOPS
 * provider, returning the decrypted object or undefined when there is nothing to decrypt:
 * - a sops-encrypted `v1` Secret (top-level `sops` field) is decrypted as a whole JSON document;
 * - any other Secret has each `data` entry that holds a sops document (detected by its encrypted
 *   `mac` marker, e.g. from a secretGenerator) decrypted and re-encoded in the format its key
 *   name implies (`.yaml`, `.json`, `.env`, `.dockerconfigjson`, else binary).
 * Objects annotated `kustomize.toolkit.fluxcd.io/decrypt: disabled` are skipped. The MAC is not
 * checked, as in Flux (kustomize may have added fields). Errors carry Flux's wording and no secrets.
 */
export async function decryptResource(obj: KubeObject, keys: SopsKeys): Promise<KubeObject | undefined> {
  if (decryptionDisabled(obj)) return undefined;
  if (isEncryptedSecret(obj)) {
    let out: Uint8Array;
    try {
      out = await decrypt(JSON.stringify(obj), { format: SopsFormat.Json, keys, checkMac: false });
    } catch (e: unknown) {
      throw new SopsDecryptError(`failed to decrypt and format ${describe(obj)} data: ${toError(e).message}`);
    }
    return JSON.parse(Buffer.from(out).toString('utf8')) as KubeObject;
  }
  if (obj.kind !== 'Secret') return undefined;
  const data = obj.data as Record<string, string> | undefined;
  if (!data || typeof data !== 'object') return obj;
  const decoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    decoded[key] = value;
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) continue;
    const bytes = Buffer.from(value, 'base64');
    const format = detectSopsFormat(bytes);
    if (format === undefined) continue;
    let out: Uint8Array;
    try {
      out = await decrypt(bytes, { format, outputFormat: formatFromPath(key), keys, checkMac: false });
    } catch (e: unknown) {
      const meta = (obj.metadata ?? {}) as { namespace?: string; name?: string };
      throw new SopsDecryptError(
        `failed to decrypt and format '${meta.namespace ?? ''}/${meta.name ?? ''}' Secret field '${key}': ${toError(e).message}`,
      );
    }
    decoded[key] = Buffer.from(out).toString('base64');
  }
  return { ...obj, data: decoded };
}
