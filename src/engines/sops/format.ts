/** The file formats sops reads and writes. */
export const SopsFormat = {
  Yaml: 'yaml',
  Json: 'json',
  Dotenv: 'dotenv',
  Ini: 'ini',
  Binary: 'binary',
} as const;
export type SopsFormat = (typeof SopsFormat)[keyof typeof SopsFormat];

/**
 * The format sops assumes for a path: `.yaml`/`.yml`, `.json`, `.env`, `.ini`, else binary. As in the
 * kustomize-controller, a path ending in `.dockerconfigjson` is JSON.
 */
export function formatFromPath(path: string): SopsFormat {
  if (path.endsWith('.dockerconfigjson') || path.endsWith('.json')) return SopsFormat.Json;
  if (path.endsWith('.yaml') || path.endsWith('.yml')) return SopsFormat.Yaml;
  if (path.endsWith('.env')) return SopsFormat.Dotenv;
  if (path.endsWith('.ini')) return SopsFormat.Ini;
  return SopsFormat.Binary;
}

const markers: [SopsFormat, string][] = [
  [SopsFormat.Yaml, 'mac: ENC['],
  [SopsFormat.Dotenv, 'sops_mac=ENC['],
  [SopsFormat.Ini, '[sops]'],
  [SopsFormat.Json, '"mac": "ENC['],
];

/**
 * Detects a sops-encrypted document by the marker the kustomize-controller looks for (the
 * encrypted `mac` entry as each format writes it) and returns its format, or undefined. Binary
 * files are JSON envelopes, so they are reported as JSON, which reads them the same way.
 */
export function detectSopsFormat(content: Uint8Array | string): SopsFormat | undefined {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('latin1');
  for (const [format, marker] of markers) if (text.includes(marker)) return format;
  return undefined;
}

/** Tells whether the content carries sops' marker for `format` (any format when omitted). */
export function isSopsEncrypted(content: Uint8Array | string, format?: SopsFormat): boolean {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('latin1');
  if (format === undefined) return detectSopsFormat(text) !== undefined;
  const marker = format === SopsFormat.Binary ? '"mac": "ENC[' : markers.find(([f]) => f === format)?.[1];
  return marker !== undefined && text.includes(marker);
}

/**
 * Tells whether a Kubernetes object is a sops-encrypted Secret (kind Secret, apiVersion v1, with a
 * top-level `sops` field), which the kustomize-controller decrypts as a whole JSON document.
 */
export function isEncryptedSecret(obj: Record<string, unknown>): boolean {
  return obj.kind === 'Secret' && obj.apiVersion === 'v1' && obj.sops !== undefined;
}
