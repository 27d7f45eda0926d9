import { ImageAutomationReason } from '../../../api/image/v1/index.ts';
import { parseDuration } from '../../../api/meta/index.ts';
import type { GitRepository, GitRepositorySpec } from '../../../api/source/v1/index.ts';
import type { GitAuth } from '../../../runtime/git/index.ts';
import type { KubeObject } from '../../../runtime/kube/index.ts';
import { StallingError, TransientError, toError, WaitingError } from '../../../runtime/reconcile/index.ts';
import { readSecret } from '../../../runtime/secrets/index.ts';
import type { ImageEnv, ImageUpdateAutomationObject } from '../env.ts';

/** A GitRepository as the automation reads it. */
export type GitRepositoryObject = Omit<GitRepository, 'spec'> & KubeObject & { spec: GitRepositorySpec };

/** The automation's source: the GitRepository, its credentials and git timeout. */
export interface GitSource {
  repo: GitRepositoryObject;
  url: string;
  auth: GitAuth;
  timeoutMs: number;
}

/**
 * Credentials of the GitRepository from its `secretRef` (HTTPS `username`/`password`,
 * `bearerToken`, `ca.crt`; SSH `identity`, `known_hosts` and the key's `password`) and
 * `proxySecretRef` (`address`), read as the source controller reads them.
 */
async function gitAuth(env: ImageEnv, repo: GitRepositoryObject): Promise<GitAuth> {
  const namespace = repo.metadata?.namespace ?? '';
  const auth: GitAuth = {};
  if (repo.spec.secretRef?.name) {
    const s = (await readSecret(env.kube, namespace, repo.spec.secretRef.name)).texts();
    if (repo.spec.url.startsWith('ssh://')) {
      Object.assign(auth, { identity: s.identity, knownHosts: s.known_hosts, identityPassword: s.password });
    } else {
      Object.assign(auth, { username: s.username, password: s.password, bearerToken: s.bearerToken });
      auth.caFile = s['ca.crt'] ?? s.caFile;
    }
  }
  if (repo.spec.proxySecretRef?.name) {
    const p = (await readSecret(env.kube, namespace, repo.spec.proxySecretRef.name)).texts();
    if (p.address) {
      const u = new URL(p.address);
      if (p.username) u.username = encodeURIComponent(p.username);
      if (p.password) u.password = encodeURIComponent(p.password);
      auth.proxy = u.href;
    }
  }
  return auth;
}

/**
 * The GitRepository `spec.sourceRef` names (same namespace unless given; another namespace is
 * refused under `--no-cross-namespace-refs`), with its credentials.
 */
export async function gitSource(env: ImageEnv, obj: ImageUpdateAutomationObject): Promise<GitSource> {
  const ref = obj.spec.sourceRef;
  const namespace = ref.namespace || obj.metadata?.namespace || '';
  if (ref.kind !== 'GitRepository')
    throw new StallingError(
      ImageAutomationReason.InvalidSourceConfiguration,
      `source kind '${ref.kind}' not supported: invalid source configuration`,
    );
  if (env.noCrossNamespaceRefs && namespace !== obj.metadata?.namespace)
    throw new StallingError(
      'AccessDenied',
      `can't access '${ref.kind}/${namespace}/${ref.name}', cross-namespace references have been blocked`,
    );
  const repo = env.informerOf<GitRepositoryObject>('GitRepository').get(namespace, ref.name);
  if (!repo)
    throw new WaitingError(
      ImageAutomationReason.SourceManagerFailed,
      10_000,
      `failed configuring source manager: referenced git repository does not exist: gitrepositories.source.toolkit.fluxcd.io "${ref.name}" not found`,
    );
  let auth: GitAuth;
  try {
    auth = await gitAuth(env, repo);
  } catch (e: unknown) {
    throw new TransientError(
      ImageAutomationReason.SourceManagerFailed,
      `failed configuring source manager: ${toError(e).message}`,
      { cause: e },
    );
  }
  return { repo, url: repo.spec.url, auth, timeoutMs: parseDuration(repo.spec.timeout ?? '60s') };
}
