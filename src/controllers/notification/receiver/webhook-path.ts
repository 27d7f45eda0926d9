import { createHash } from 'node:crypto';

/**
 * A Receiver's `status.webhookPath`, exactly as Flux computes it: `/hook/` and the hex SHA-256 of
 * the token, the Receiver's name and its namespace concatenated. The path is unguessable without
 * the token, and the token itself never appears in it.
 */
export function webhookPath(token: string, name: string, namespace: string): string {
  return `/hook/${createHash('sha256')
    .update(token + name + namespace)
    .digest('hex')}`;
}
