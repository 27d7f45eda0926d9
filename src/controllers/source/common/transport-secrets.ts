import type { KubeClient } from '../../../runtime/kube/index.ts';
import type { ProxyConfig } from '../../../runtime/oci/index.ts';
import { readSecret } from './secrets.ts';

/** The TLS material of `spec.certSecretRef` (Bucket, OCIRepository). */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * Reads `spec.certSecretRef`: `ca.crt`, `tls.crt` and `tls.key`, or the deprecated `caFile`,
 * `certFile` and `keyFile` keys. A client certificate without its key (or the reverse), or a
 * Secret with none of them, is an error, as in Flux.
 */
export async function readTlsSecret(kube: KubeClient, namespace: string, name: string): Promise<TlsMaterial> {
  const secret = await readSecret(kube, namespace, name);
  const pick = (key: string, legacy: string) => secret.text(key) ?? secret.text(legacy);
  const tls: TlsMaterial = {
    ca: pick('ca.crt', 'caFile'),
    cert: pick('tls.crt', 'certFile'),
    key: pick('tls.key', 'keyFile'),
  };
  if (!!tls.cert !== !!tls.key)
    throw new Error(`secret '${namespace}/${name}' must contain both 'tls.crt' and 'tls.key', or neither`);
  if (!tls.ca && !tls.cert)
    throw new Error(
      `secret '${namespace}/${name}' must contain at least one of 'ca.crt' or the 'tls.crt' and 'tls.key' pair`,
    );
  return tls;
}

/**
 * Reads `spec.proxySecretRef`: `address` (required, an http(s) URL) and optional `username` and
 * `password`.
 */
export async function readProxySecret(
  kube: KubeClient,
  namespace: string,
  name: string,
): Promise<ProxyConfig> {
  const secret = await readSecret(kube, namespace, name);
  const address = secret.text('address');
  if (!address) throw new Error(`secret '${namespace}/${name}': key 'address' not found`);
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new Error(`secret '${namespace}/${name}': invalid proxy address`);
  }
  const username = secret.text('username');
  const password = secret.text('password');
  if ((username === undefined) !== (password === undefined))
    throw new Error(
      `secret '${namespace}/${name}': both 'username' and 'password' are needed for proxy auth`,
    );
  return { url: url.href, username, password };
}
