import { parse } from 'yaml';
import { dirName, joinPath, type VirtualFS } from '../fs/index.ts';
import { decryptFileIfEncrypted, decryptionTargets, type SopsKeys } from '../sops/index.ts';
import { findKustomizationFile } from './generator.ts';

/**
 * The sops-encrypted files a build reads, decrypted, as the kustomize-controller does before it
 * builds: the secretGenerator `files`/`envs` and local patch files of the root kustomization and
 * of every local kustomization it reaches through `resources` and `components`. Returns the
 * cleartext by path, to lay over the artifact; files that are not encrypted are left out.
 */
export async function decryptReferencedFiles(
  fs: VirtualFS,
  rootFile: { path: string; content: string },
  keys: SopsKeys,
): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  const seen = new Set<string>();
  const visit = async (file: string, text: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const dir = dirName(file);
    let k: Record<string, any>;
    try {
      k = (parse(text) ?? {}) as Record<string, any>;
    } catch {
      return; // the build reports a broken kustomization with its own message
    }
    for (const target of decryptionTargets(k)) {
      const path = joinPath(dir, target.path);
      if (!fs.exists(path) || fs.isDir(path) || out[path]) continue;
      const clear = await decryptFileIfEncrypted(fs.readBytes(path), target.format, keys);
      if (clear) out[path] = clear;
    }
    const refs = [...asStrings(k.resources), ...asStrings(k.bases), ...asStrings(k.components)];
    for (const ref of refs) {
      if (/^[a-z]+:\/\//.test(ref)) continue;
      let sub: string;
      try {
        sub = joinPath(dir, ref);
      } catch {
        continue;
      }
      if (!fs.isDir(sub)) continue;
      const child = findKustomizationFile(fs, sub);
      if (child) await visit(child, fs.readFile(child));
    }
  };
  await visit(rootFile.path, rootFile.content);
  return out;
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
