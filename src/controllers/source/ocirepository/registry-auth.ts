import { toError } from '../../../engines/errors/index.ts';
import { isNotFound, type KubeClient, type KubeObject } from '../../../runtime/kube/index.ts';
import { redactor } from '../../../runtime/logging/index.ts';
import { credentialsFromDockerConfig, type RegistryCredentials } from '../../../runtime/oci/index.ts';
import { readSecret, type SecretData } from '../common/secrets.ts';

const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
const DOCKER_CFG = 'kubernetes.io/dockercfg';

/** Where the credentials came from; `anonymous` when no pull secret was configured at all. */
export interface RegistryAuth {
  credentials?: RegistryCredentials;
  /** No `secretRef` and no image pull secrets of the service account: Flux's anonymous keychain. */
  anonymous: boolean;
}

type ServiceAccount = KubeObject & { imagePullSecrets?: { name?: string }[] };

/**
 * The registry credentials of an OCIRepository, as Flux's keychain finds them: the `secretRef`
 * Secret first, then the `imagePullSecrets` of `serviceAccountName`, each a Secret of type
 * `kubernetes.io/dockerconfigjson` (or the legacy `kubernetes.io/dockercfg`); the first one with
 * an entry for `host` wins, other types are ignored. Every value found is registered with the
 * redactor (the password inside `auth` included). A missing Secret or ServiceAccount throws.
 */
export async function resolveRegistryAuth(
  kube: KubeClient,
  namespace: string,
  repo: { host: string; repository: string },
  spec: { secretRef?: { name: string }; serviceAccountName?: string },
): Promise<RegistryAuth> {
  const secrets: SecretData[] = [];
  if (spec.secretRef?.name) secrets.push(await readSecret(kube, namespace, spec.secretRef.name));
  if (spec.serviceAccountName) {
    let sa: ServiceAccount;
    try {
      sa = await kube.get<ServiceAccount>({
        version: 'v1',
        resource: 'serviceaccounts',
        namespace,
        name: spec.serviceAccountName,
      });
    } catch (e: unknown) {
      const why = isNotFound(e)
        ? `serviceaccounts "${spec.serviceAccountName}" not found`
        : toError(e).message;
      throw new Error(`failed to get service account '${namespace}/${spec.serviceAccountName}': ${why}`, {
        cause: e,
      });
    }
    for (const ref of sa.imagePullSecrets ?? [])
      if (ref.name) secrets.push(await readSecret(kube, namespace, ref.name));
  }
  if (secrets.length === 0) return { anonymous: true };
  for (const secret of secrets) {
    const credentials = credentialsOf(secret, repo.host, repo.repository);
    if (!credentials) continue;
    for (const value of [credentials.password, credentials.identityToken])
      if (value) redactor.addSecret(value);
    // the `auth` form of the same pair, as it sits in the Secret and in Basic headers
    if (credentials.password)
      redactor.addSecret(
        Buffer.from(`${credentials.username ?? ''}:${credentials.password}`).toString('base64'),
      );
    return { credentials, anonymous: false };
  }
  return { anonymous: false };
}

function credentialsOf(
  secret: SecretData,
  host: string,
  repository: string,
): RegistryCredentials | undefined {
  if (secret.type === DOCKER_CONFIG_JSON) {
    const json = secret.text('.dockerconfigjson');
    return json === undefined ? undefined : credentialsFromDockerConfig(json, host, repository);
  }
  if (secret.type === DOCKER_CFG) {
    // the legacy format is the `auths` map alone
    const cfg = secret.text('.dockercfg');
    return cfg === undefined ? undefined : credentialsFromDockerConfig(`{"auths":${cfg}}`, host, repository);
  }
  return undefined;
}
