import { toError } from '../errors/index.ts';
import { decryptValue } from './cipher.ts';
import { emitDotenvTree, parseDotenvTree } from './dotenv-store.ts';
import { SopsFormat } from './format.ts';
import { emitIniTree, parseIniTree } from './ini-store.ts';
import { emitJsonTree, parseJsonTree } from './json-store.ts';
import { dataKey, type SopsKeys } from './keys.ts';
import {
  extractFlatMetadata,
  extractNestedMetadata,
  extractSectionMetadata,
  type SopsMetadata,
} from './metadata.ts';
import type { Branch } from './tree.ts';
import { decryptTree } from './walk.ts';
import { emitYamlTrees, parseYamlTrees } from './yaml-store.ts';

/** Options of {@link decrypt}. */
export interface DecryptOptions {
  /** The encrypted document's format. */
  format: SopsFormat;
  /** The format to print the cleartext in; defaults to `format`. */
  outputFormat?: SopsFormat;
  /** Private keys to recover the data key with. */
  keys: SopsKeys;
  /**
   * Verify the MAC over the cleartext, as `sops -d` does (default true). Note that the
   * kustomize-controller does not check it, because kustomize may have injected data into the
   * Secrets it decrypts; pass false to match that.
   */
  checkMac?: boolean;
}

/** A decryption failure; the message never holds key material or cleartext. */
export class SopsDecryptError extends Error {}

function load(text: string, format: SopsFormat): { docs: Branch[]; md: SopsMetadata } {
  if (format === SopsFormat.Dotenv) {
    const doc = parseDotenvTree(text);
    return { docs: [doc], md: extractFlatMetadata(doc) };
  }
  if (format === SopsFormat.Ini) {
    const doc = parseIniTree(text);
    return { docs: [doc], md: extractSectionMetadata(doc) };
  }
  const docs = format === SopsFormat.Yaml ? parseYamlTrees(text) : [parseJsonTree(text)];
  return { docs, md: extractNestedMetadata(docs) };
}

function emit(docs: Branch[], format: SopsFormat): Uint8Array {
  switch (format) {
    case SopsFormat.Yaml:
      return Buffer.from(emitYamlTrees(docs), 'utf8');
    case SopsFormat.Json:
      return Buffer.from(emitJsonTree(docs[0] ?? { items: [] }), 'utf8');
    case SopsFormat.Ini:
      return Buffer.from(emitIniTree(docs[0] ?? { items: [] }), 'utf8');
    case SopsFormat.Dotenv:
      return Buffer.from(emitDotenvTree(docs[0] ?? { items: [] }), 'utf8');
    case SopsFormat.Binary: {
      if (docs.length !== 1)
        throw new Error('error emitting binary store: there must be exactly one tree branch');
      const data = (docs[0] as Branch).items.find((it) => it.key === 'data');
      if (!data) throw new Error('error emitting binary store: no binary data found in tree');
      if (data.value instanceof Uint8Array) return data.value;
      if (typeof data.value !== 'string')
        throw new Error("error emitting binary store: 'data' key in tree does not have a string value");
      return Buffer.from(data.value, 'utf8');
    }
  }
}

/**
 * Decrypts a sops document (YAML, JSON, dotenv or binary) and returns the cleartext printed the
 * way `sops -d` prints it: recovers the data key from an age or PGP entry, decrypts every value
 * with its path as additional data, honours the selection rules (`unencrypted_suffix`,
 * `encrypted_regex`, ...), and verifies the MAC unless told not to. Errors are
 * {@link SopsDecryptError}s with Flux-style messages (`failed to load encrypted YAML data: ...`,
 * `cannot get sops data key: ...`, `error decrypting sops tree: ...`,
 * `failed to verify sops data integrity: ...`) that never carry secrets.
 */
export async function decrypt(content: Uint8Array | string, options: DecryptOptions): Promise<Uint8Array> {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  const inName = formatName(options.format);
  let loaded: { docs: Branch[]; md: SopsMetadata };
  try {
    loaded = load(text, options.format);
  } catch (e: unknown) {
    throw new SopsDecryptError(`failed to load encrypted ${inName} data: ${toError(e).message}`);
  }
  const { docs, md } = loaded;
  let key: Uint8Array;
  try {
    key = await dataKey(md, options.keys);
  } catch (e: unknown) {
    throw new SopsDecryptError(toError(e).message);
  }
  let mac: string;
  try {
    mac = decryptTree(docs, md, key);
  } catch (e: unknown) {
    throw new SopsDecryptError(`error decrypting sops tree: Error walking tree: ${toError(e).message}`);
  }
  if (options.checkMac !== false) {
    let original: unknown;
    try {
      original = decryptValue(md.mac, key, md.lastModified);
    } catch (e: unknown) {
      throw new SopsDecryptError(`failed to verify sops data integrity: ${toError(e).message}`);
    }
    if (original !== mac) {
      throw new SopsDecryptError(
        `failed to verify sops data integrity: ${original === '' ? 'no MAC' : 'the MAC does not match the content (the file was changed after encryption)'}`,
      );
    }
  }
  const out = options.outputFormat ?? options.format;
  try {
    return emit(docs, out);
  } catch (e: unknown) {
    throw new SopsDecryptError(
      `failed to emit encrypted ${inName} file as decrypted ${formatName(out)}: ${toError(e).message}`,
    );
  }
}

function formatName(f: SopsFormat): string {
  return f === SopsFormat.Yaml ? 'YAML' : f === SopsFormat.Json ? 'JSON' : f === SopsFormat.Ini ? 'INI' : f;
}
