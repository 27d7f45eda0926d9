import { toError } from '../../../engines/errors/index.ts';
import type { KubeClient } from '../../../runtime/kube/index.ts';
import { readSecret, type SecretData } from '../common/secrets.ts';
import type { HelmHttpOptions } from './http-getter.ts';

/** The HelmRepository fields that shape how it is reached. */
export interface HelmRepositoryAccess {
  url: string;
  secretRef?: { name: string };
  certSecretRef?: { name: string };
  passCredentials?: boolean;
  /** An OCI repository (`type: oci`): `secretRef` never carries TLS keys then. */
  oci?: boolean;
}

/** What {@link helmClientOptions} found, and whether TLS came from the deprecated `secretRef` keys. */
export interface HelmClientOptions {
  http: Omit<HelmHttpOptions, 'timeoutMs' | 'signal' | 'maxBytes'>;
  deprecatedTls: boolean;
  basicAuth?: { username: string; password: string };
}

/** Reads a Secret through the redactor, failing with Flux's wording (`failed to get <what> '<ns>/<name>': ...`). */
async function fetchSecret(
  kube: KubeClient,
  namespace: string,
  name: string,
  what: string,
): Promise<SecretData> {
  try {
    return await readSecret(kube, namespace, name);
  } catch (e: unknown) {
    const why = toError(e).message.replace(/^failed to get secret '[^']*': /, '');
    throw new Error(`failed to get ${what} '${namespace}/${name}': ${why}`, { cause: e });
  }
}

function tlsOf(secret: SecretData): { ca?: string; cert?: string; key?: string } {
  const pick = (key: string, legacy: string) => secret.text(key) ?? secret.text(legacy);
  return { ca: pick('ca.crt', 'caFile'), cert: pick('tls.crt', 'certFile'), key: pick('tls.key', 'keyFile') };
}

function checkPair(tls: { cert?: string; key?: string }, where: string): void {
  if (!!tls.cert !== !!tls.key)
    throw new Error(
      `failed to construct Helm client's TLS config: secret '${where}' must contain both 'tls.crt' and 'tls.key', or neither`,
    );
}

/**
 * The client options of a HelmRepository, as Flux's `GetClientOpts` builds them: basic auth from
 * `secretRef` (`username`/`password`), TLS from `certSecretRef` (`ca.crt`, `tls.crt`, `tls.key`,
 * or the legacy `caFile`/`certFile`/`keyFile`), or, deprecated, TLS keys found in `secretRef`
 * when there is no `certSecretRef`. Every Secret value goes through the redactor.
 */
export async function helmClientOptions(
  kube: KubeClient,
  namespace: string,
  repo: HelmRepositoryAccess,
): Promise<HelmClientOptions> {
  const out: HelmClientOptions = {
    http: { repositoryUrl: repo.url, passCredentials: repo.passCredentials === true },
    deprecatedTls: false,
  };
  if (repo.secretRef?.name) {
    const secret = await fetchSecret(kube, namespace, repo.secretRef.name, 'authentication secret');
    const username = secret.text('username');
    const password = secret.text('password');
    if (username !== undefined || password !== undefined) {
      if (!username || password === undefined)
        throw new Error(
          `failed to configure Helm client: invalid '${namespace}/${repo.secretRef.name}' secret data: required fields 'username' and 'password'`,
        );
      out.basicAuth = { username, password };
      out.http.basicAuth = out.basicAuth;
    }
    // the deprecated TLS keys of secretRef apply to HTTP repositories only
    if (!repo.certSecretRef?.name && !repo.oci) {
      const tls = tlsOf(secret);
      if (tls.ca || tls.cert || tls.key) {
        checkPair(tls, `${namespace}/${repo.secretRef.name}`);
        Object.assign(out.http, tls);
        out.deprecatedTls = true;
      }
    }
  }
  if (repo.certSecretRef?.name) {
    const secret = await fetchSecret(kube, namespace, repo.certSecretRef.name, 'TLS authentication secret');
    const tls = tlsOf(secret);
    checkPair(tls, `${namespace}/${repo.certSecretRef.name}`);
    if (!tls.ca && !tls.cert)
      throw new Error(
        `failed to construct Helm client's TLS config: secret '${namespace}/${repo.certSecretRef.name}' must contain at least one of 'ca.crt' or the 'tls.crt' and 'tls.key' pair`,
      );
    Object.assign(out.http, tls);
  }
  // `insecure` only concerns OCI registries (plain HTTP), never certificate checks of a default repository
  return out;
}
