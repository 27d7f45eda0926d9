import { ImageReflectorReason } from '../../../api/image/v1/index.ts';
import { ConditionReason } from '../../../api/meta/index.ts';
import type { KubeClient, KubeObject } from '../../../runtime/kube/index.ts';
import {
  credentialsFromDockerConfig,
  isLocalRegistryHost,
  type ProxyConfig,
  RegistryClient,
  type RegistryCredentials,
} from '../../../runtime/oci/index.ts';
import { StallingError, TransientError, toError } from '../../../runtime/reconcile/index.ts';
import { readSecret } from '../../../runtime/secrets/index.ts';
import type { ImageRepositoryObject } from '../env.ts';
import type { ImageName } from '../image-name.ts';

const authFailed = (what: string, e: unknown) =>
  new TransientError(ImageReflectorReason.AuthenticationFailed, `${what}: ${toError(e).message}`, {
    cause: e,
  });

// the credentials for the image from one dockerconfigjson Secret
async function dockerConfigCredentials(
  kube: KubeClient,
  namespace: string,
  secret: string,
  image: ImageName,
): Promise<RegistryCredentials | undefined> {
  const data = (await readSecret(kube, namespace, secret)).texts();
  const json = data['.dockerconfigjson'] ?? data['.dockercfg'];
  if (!json) throw new Error(`secret '${namespace}/${secret}' has no '.dockerconfigjson'`);
  return credentialsFromDockerConfig(json, image.host, image.repository);
}

// `spec.secretRef`, then the service account's image pull secrets, as Flux's keychain
async function credentials(
  kube: KubeClient,
  obj: ImageRepositoryObject,
  image: ImageName,
): Promise<RegistryCredentials | undefined> {
  const namespace = obj.metadata?.namespace ?? '';
  if (obj.spec.secretRef?.name)
    return dockerConfigCredentials(kube, namespace, obj.spec.secretRef.name, image);
  if (!obj.spec.serviceAccountName) return undefined;
  const sa = await kube.get<KubeObject & { imagePullSecrets?: { name?: string }[] }>({
    version: 'v1',
    resource: 'serviceaccounts',
    namespace,
    name: obj.spec.serviceAccountName,
  });
  for (const ref of sa.imagePullSecrets ?? []) {
    if (!ref.name) continue;
    const found = await dockerConfigCredentials(kube, namespace, ref.name, image);
    if (found) return found;
  }
  return undefined;
}

/**
 * The registry client of an ImageRepository: credentials (`secretRef` dockerconfigjson or the
 * service account's pull secrets), TLS (`certSecretRef`: `ca.crt`, `tls.crt`, `tls.key`), proxy
 * (`proxySecretRef`: `address`, `username`, `password`) and `insecure` (plain HTTP allowed, as for
 * loopback and private addresses). Cloud providers' workload identity is not available here.
 */
export async function registryClient(
  kube: KubeClient,
  obj: ImageRepositoryObject,
  image: ImageName,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<RegistryClient> {
  const { spec } = obj;
  const namespace = obj.metadata?.namespace ?? '';
  const provider = spec.provider ?? 'generic';
  if (provider !== 'generic')
    throw new StallingError(
      ConditionReason.FeatureGateDisabled,
      `failed to get credential from ${provider}: ${provider} workload identity is not available to tsflux; ` +
        "set spec.secretRef to a docker config secret or use provider 'generic'",
    );
  let creds: RegistryCredentials | undefined;
  try {
    creds = await credentials(kube, obj, image);
  } catch (e: unknown) {
    throw authFailed('failed to configure authentication options', e);
  }
  let tls: Record<string, string> = {};
  if (spec.certSecretRef?.name) {
    try {
      tls = (await readSecret(kube, namespace, spec.certSecretRef.name)).texts();
    } catch (e: unknown) {
      throw authFailed('failed to configure authentication options', e);
    }
  }
  let proxy: ProxyConfig | undefined;
  if (spec.proxySecretRef?.name) {
    try {
      const p = (await readSecret(kube, namespace, spec.proxySecretRef.name)).texts();
      if (!p.address)
        throw new Error(
          `invalid proxy secret '${namespace}/${spec.proxySecretRef.name}': key 'address' is missing`,
        );
      proxy = { url: p.address, username: p.username, password: p.password };
    } catch (e: unknown) {
      throw authFailed('failed to configure proxy', e);
    }
  }
  return new RegistryClient(image.host, {
    httpFallback: spec.insecure === true || isLocalRegistryHost(image.host),
    tlsSkipVerify: spec.insecure === true && !spec.certSecretRef?.name,
    ca: tls['ca.crt'] ?? tls.caFile,
    caWithSystemRoots: true,
    cert: tls['tls.crt'] ?? tls.certFile,
    key: tls['tls.key'] ?? tls.keyFile,
    credentials: creds,
    proxy,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    userAgent: 'tsflux/image-reflector-controller',
  });
}
