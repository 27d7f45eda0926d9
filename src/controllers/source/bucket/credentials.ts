import { ConditionReason } from '../../../api/meta/index.ts';
import type { BucketSpec } from '../../../api/source/v1/index.ts';
import { SourceReason } from '../../../api/source/v1/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import type { KubeClient } from '../../../runtime/kube/index.ts';
import { StallingError, TransientError } from '../../../runtime/reconcile/index.ts';
import { readSecret, type SecretData } from '../common/secrets.ts';
import { readProxySecret, readTlsSecret } from '../common/transport-secrets.ts';
import type { S3Options } from './s3-client.ts';

/** What an S3 client of a Bucket is built from, read from the referenced Secrets. */
export type BucketCredentials = Pick<S3Options, 'accessKey' | 'secretKey' | 'ca' | 'cert' | 'key' | 'proxy'>;

const message = (e: unknown) => toError(e).message;

const authFailed = (text: string, cause?: unknown) =>
  new TransientError(SourceReason.AuthenticationFailed, text, { cause });

/**
 * Flux's `setupCredentials` and provider checks for a Bucket, in Flux's order and words: the
 * `serviceAccountName` feature gate, the credentials Secret, the proxy and TLS Secrets (a missing
 * or malformed one is AuthenticationFailed, retried), then what the provider needs. Every Secret
 * value is registered with the redactor by `readSecret` before anything can print it. Providers
 * that need a cloud identity service tsflux cannot reach stall with a message naming what is
 * missing and how to get going instead.
 */
export async function resolveCredentials(
  kube: KubeClient,
  namespace: string,
  spec: BucketSpec,
): Promise<BucketCredentials> {
  const provider = spec.provider ?? 'generic';
  if (provider !== 'generic' && spec.serviceAccountName)
    throw new StallingError(
      ConditionReason.FeatureGateDisabled,
      'to use spec.serviceAccountName for provider authentication please enable the ObjectLevelWorkloadIdentity feature gate in the controller',
    );

  let secret: SecretData | undefined;
  if (spec.secretRef?.name) secret = await readSecret(kube, namespace, spec.secretRef.name);
  if (spec.sts?.secretRef?.name) {
    try {
      await readSecret(kube, namespace, spec.sts.secretRef.name);
    } catch (e: unknown) {
      throw authFailed(message(e).replace(/^failed to get secret/, 'failed to get STS secret'), e);
    }
  }
  const creds: BucketCredentials = {};
  if (spec.proxySecretRef?.name) {
    try {
      creds.proxy = await readProxySecret(kube, namespace, spec.proxySecretRef.name);
    } catch (e: unknown) {
      throw authFailed(`failed to get proxy URL: ${message(e)}`, e);
    }
  }
  if (spec.certSecretRef?.name) {
    try {
      Object.assign(creds, await readTlsSecret(kube, namespace, spec.certSecretRef.name));
    } catch (e: unknown) {
      throw authFailed(`failed to get TLS config: ${message(e)}`, e);
    }
  }

  const secretName = spec.secretRef?.name ?? '';
  switch (provider) {
    case 'gcp':
      if (secret && secret.data.serviceaccount === undefined)
        throw authFailed(`invalid '${secretName}' secret data: required fields 'serviceaccount'`);
      throw unsupported(
        'gcp',
        secret
          ? 'the Google Cloud Storage JSON API is not implemented by tsflux'
          : 'gcp workload identity is not available to tsflux: no metadata server or token service is reachable',
        'HMAC keys in spec.secretRef (accesskey, secretkey)',
      );
    case 'azure':
      if (secret && !validAzureSecret(secret))
        throw authFailed(
          `invalid '${secretName}' secret data: requires a 'clientId' or 'accountKey' field, a combination of 'tenantId', 'clientId' and 'clientSecret', or 'tenantId', 'clientId' and 'clientCertificate'`,
        );
      throw unsupported(
        'azure',
        secret
          ? 'the Azure Blob Storage API is not implemented by tsflux'
          : 'azure workload identity is not available to tsflux: no managed identity or federated token is reachable',
        'an S3 gateway in front of the storage account and its keys in spec.secretRef',
      );
  }

  // generic and aws both speak S3 with static keys
  if (secret && (secret.data.accesskey === undefined || secret.data.secretkey === undefined))
    throw authFailed(`invalid '${secretName}' secret data: required fields 'accesskey' and 'secretkey'`);
  if (spec.sts)
    throw new StallingError(
      SourceReason.AuthenticationFailed,
      `sts provider '${spec.sts.provider}' is not supported by tsflux: set spec.secretRef with 'accesskey' and 'secretkey' instead`,
    );
  if (secret) {
    const accessKey = secret.text('accesskey') ?? '';
    const secretKey = secret.text('secretkey') ?? '';
    // as in Flux, an empty key pair means anonymous requests
    if (accessKey && secretKey) Object.assign(creds, { accessKey, secretKey });
  } else if (provider === 'aws') {
    throw new StallingError(
      SourceReason.AuthenticationFailed,
      "AWS authentication failed: aws workload identity is not available to tsflux: no IRSA or pod identity token and no instance metadata service is reachable; set spec.secretRef with 'accesskey' and 'secretkey'",
    );
  }
  return creds;
}

function validAzureSecret(secret: SecretData): boolean {
  const has = (k: string) => secret.data[k] !== undefined;
  return has('clientId') || has('accountKey') || has('sasKey') || has('authorityHost');
}

function unsupported(provider: string, why: string, instead: string): StallingError {
  return new StallingError(
    SourceReason.AuthenticationFailed,
    `failed to create the ${provider} bucket client: ${why}; use provider 'generic' with ${instead}`,
  );
}
