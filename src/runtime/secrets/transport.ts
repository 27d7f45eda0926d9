import type { ProxyConfig } from '../oci/index.ts';
import type { SecretData } from './read-secret.ts';

/** The TLS material of a `certSecretRef`: a CA to trust, and a client certificate with its key. */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * Reads a `certSecretRef` Secret (`ref` is `namespace/name`, for messages): `ca.crt`, `tls.crt`
 * and `tls.key`, or the deprecated `caFile`, `certFile` and `keyFile` keys. A client certificate
 * without its key (or the reverse), or a Secret with none of them, is an error, as in Flux.
 */
export function tlsMaterialOf(secret: SecretData, ref: string): TlsMaterial {
  const pick = (key: string, legacy: string) => secret.text(key) ?? secret.text(legacy);
  const tls: TlsMaterial = {
    ca: pick('ca.crt', 'caFile'),
    cert: pick('tls.crt', 'certFile'),
    key: pick('tls.key', 'keyFile'),
  };
  if (!!tls.cert !== !!tls.key)
    throw new Error(`secret '${ref}' must contain both 'tls.crt' and 'tls.key', or neither`);
  if (!tls.ca && !tls.cert)
    throw new Error(
      `secret '${ref}' must contain at least one of 'ca.crt' or the 'tls.crt' and 'tls.key' pair`,
    );
  return tls;
}

/**
 * Reads a `proxySecretRef` Secret (`ref` is `namespace/name`, for messages): `address` (required,
 * a URL) and optional `username` and `password`, which go together.
 */
export function proxySettingsOf(secret: SecretData, ref: string): ProxyConfig {
  const address = secret.text('address');
  if (!address) throw new Error(`secret '${ref}': key 'address' not found`);
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new Error(`secret '${ref}': invalid proxy address`);
  }
  const username = secret.text('username');
  const password = secret.text('password');
  if ((username === undefined) !== (password === undefined))
    throw new Error(`secret '${ref}': both 'username' and 'password' are needed for proxy auth`);
  return { url: url.href, username, password };
}
