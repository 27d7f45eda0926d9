import type { KubeClient } from '../../../runtime/kube/index.ts';
import type { ProxyConfig } from '../../../runtime/oci/index.ts';
import { proxySettingsOf, type TlsMaterial, tlsMaterialOf } from '../../../runtime/secrets/index.ts';
import { readSecret } from './secrets.ts';

export type { TlsMaterial };

/**
 * Reads `spec.certSecretRef` (Bucket, OCIRepository): `ca.crt`, `tls.crt` and `tls.key`, or the
 * deprecated `caFile`, `certFile` and `keyFile` keys, as the runtime parses them.
 */
export async function readTlsSecret(kube: KubeClient, namespace: string, name: string): Promise<TlsMaterial> {
  return tlsMaterialOf(await readSecret(kube, namespace, name), `${namespace}/${name}`);
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
  return proxySettingsOf(await readSecret(kube, namespace, name), `${namespace}/${name}`);
}
