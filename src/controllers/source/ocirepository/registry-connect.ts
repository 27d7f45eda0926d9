import { ConditionReason } from '../../../api/meta/index.ts';
import { SourceReason } from '../../../api/source/v1/index.ts';
import { isLocalRegistryHost, RegistryClient } from '../../../runtime/oci/index.ts';
import { StallingError } from '../../../runtime/reconcile/index.ts';
import type { SourceRun } from '../common/source-kind.ts';
import { readProxySecret, readTlsSecret, type TlsMaterial } from '../common/transport-secrets.ts';
import type { RepositoryUrl } from './artifact-ref.ts';
import { failed, type OCIRepositoryObject } from './object.ts';
import { type RegistryAuth, resolveRegistryAuth } from './registry-auth.ts';
import { transientFailure } from './transient-failure.ts';

/** Credentials, proxy and TLS of the object, each failure worded and classified as Flux does. */
export async function connect(
  obj: OCIRepositoryObject,
  run: SourceRun,
  repo: RepositoryUrl,
): Promise<RegistryClient> {
  const { spec } = obj;
  const namespace = obj.metadata?.namespace ?? '';
  let auth: RegistryAuth;
  try {
    auth = await resolveRegistryAuth(run.env.kube, namespace, repo, spec);
  } catch (e: unknown) {
    throw transientFailure(obj, SourceReason.AuthenticationFailed, 'failed to get credential', e);
  }
  let proxy: Awaited<ReturnType<typeof readProxySecret>> | undefined;
  if (spec.proxySecretRef?.name) {
    try {
      proxy = await readProxySecret(run.env.kube, namespace, spec.proxySecretRef.name);
    } catch (e: unknown) {
      throw transientFailure(obj, SourceReason.AuthenticationFailed, 'failed to get proxy address', e);
    }
  }
  const provider = spec.provider ?? 'generic';
  if (auth.anonymous && provider !== 'generic') {
    if (spec.serviceAccountName) {
      throw failed(
        obj,
        new StallingError(
          ConditionReason.FeatureGateDisabled,
          'to use spec.serviceAccountName for provider authentication please enable the ObjectLevelWorkloadIdentity feature gate in the controller',
        ),
      );
    }
    throw failed(
      obj,
      new StallingError(
        SourceReason.AuthenticationFailed,
        `failed to get credential from ${provider}: ${provider} workload identity is not available to tsflux: ` +
          'no cloud metadata or token service is reachable; set spec.secretRef to a docker config secret or ' +
          "use provider 'generic'",
      ),
    );
  }
  let tls: TlsMaterial = {};
  if (spec.certSecretRef?.name) {
    try {
      tls = await readTlsSecret(run.env.kube, namespace, spec.certSecretRef.name);
    } catch (e: unknown) {
      throw transientFailure(
        obj,
        SourceReason.AuthenticationFailed,
        `failed to generate transport for '${spec.url}'`,
        e,
      );
    }
  }
  return new RegistryClient(repo.host, {
    httpFallback: spec.insecure === true || isLocalRegistryHost(repo.host),
    // Flux skips verification only for `insecure` without a certSecretRef
    tlsSkipVerify: spec.insecure === true && !spec.certSecretRef?.name,
    ca: tls.ca,
    caWithSystemRoots: true,
    cert: tls.cert,
    key: tls.key,
    credentials: auth.credentials,
    proxy,
    timeoutMs: run.timeoutMs,
    signal: run.signal,
    userAgent: 'tsflux/source-controller',
  });
}
