import { decrypt } from './decrypt.ts';
import { formatFromPath, isSopsEncrypted, SopsFormat } from './format.ts';
import type { SopsKeys } from './keys.ts';

/** The largest file the kustomize-controller decrypts in place (5 MiB). */
export const MaxEncryptedFileSize = 5 << 20;

/** A file a kustomization refers to that may be sops-encrypted, with the format to read it as. */
export interface DecryptionTarget {
  /** The path as written in kustomization.yaml, relative to its directory unless absolute. */
  path: string;
  format: SopsFormat;
}

/** The parts of a kustomization.yaml that name files to decrypt before the build. */
export interface KustomizationFileRefs {
  secretGenerator?: { files?: string[]; envs?: string[] }[];
  patches?: { path?: string }[];
}

/**
 * Lists the files the kustomize-controller decrypts in place before building, for one
 * kustomization file: each secretGenerator `files` entry (`key=path` or `path`; format from the
 * key), each `envs` file (dotenv unless its name says otherwise) and each local patch path (format
 * from the path). The caller resolves paths inside the source root and recurses into resources.
 */
export function decryptionTargets(kus: KustomizationFileRefs): DecryptionTarget[] {
  const out: DecryptionTarget[] = [];
  for (const gen of kus.secretGenerator ?? []) {
    for (const src of gen.files ?? []) {
      const eq = src.indexOf('=');
      const key = eq < 0 ? src : src.slice(0, eq);
      out.push({ path: eq < 0 ? src : src.slice(eq + 1), format: formatFromPath(key) });
    }
    for (const env of gen.envs ?? []) {
      const format = formatFromPath(env);
      out.push({ path: env, format: format === SopsFormat.Binary ? SopsFormat.Dotenv : format });
    }
  }
  for (const patch of kus.patches ?? []) {
    if (!patch.path || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(patch.path)) continue;
    out.push({ path: patch.path, format: formatFromPath(patch.path) });
  }
  return out;
}

/**
 * Decrypts a referenced file's content when it carries the sops marker of `format` (else returns
 * undefined and the file stays as it is), printing the cleartext in the same format. The MAC is
 * not checked, as in the kustomize-controller. Throws for content over {@link MaxEncryptedFileSize}.
 */
export async function decryptFileIfEncrypted(
  content: Uint8Array,
  format: SopsFormat,
  keys: SopsKeys,
): Promise<Uint8Array | undefined> {
  if (content.length > MaxEncryptedFileSize) {
    throw new Error(
      `cannot decrypt file with size (${content.length} bytes) exceeding limit (${MaxEncryptedFileSize})`,
    );
  }
  if (!isSopsEncrypted(content, format)) return undefined;
  return decrypt(content, { format, keys, checkMac: false });
}
