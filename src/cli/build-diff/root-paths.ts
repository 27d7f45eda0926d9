import * as nodePath from 'node:path';

/**
 * A root-confined filesystem names files relative to its root (`tmp/app/base`), but the user
 * typed `/tmp/app`: puts the root back on every quoted path under the built directory `rel`
 * (relative to `root`) in an engine message, so the message names the paths the user gave.
 */
export function withRoot(message: string, root: string, rel: string): string {
  if (rel === '' || rel === '.') return message;
  const escaped = rel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return message.replace(
    new RegExp(`(['"])(${escaped}(?:/[^'"]*)?)\\1`, 'g'),
    (_, q: string, p: string) => `${q}${nodePath.join(root, p)}${q}`,
  );
}
