import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KustomizationReason } from '../../api/kustomize/v1/index.ts';
import { toError } from '../../engines/errors/index.ts';
import { KubeClient, loadKubeconfig, RestMapper } from '../../runtime/kube/index.ts';
import { redactor } from '../../runtime/logging/index.ts';
import type { KustomizationObject, KustomizeEnv } from './env.ts';
import { failure } from './failures.ts';

/** The client a Kustomization applies with, and how to release it. */
export interface TargetCluster {
  kube: KubeClient;
  mapper: RestMapper;
  /** The controller's own cluster (impersonated or not), where its owned-object cache applies. */
  local: boolean;
  close(): void;
}

/** The user Flux impersonates for a service account. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/**
 * The cluster a Kustomization applies to, as Flux decides: a remote cluster from the kubeconfig
 * in `spec.kubeConfig.secretRef` (key `value` or `value.yaml` unless named), or the controller's
 * own; impersonating `spec.serviceAccountName` (or `--default-service-account`) on either.
 */
export async function targetCluster(env: KustomizeEnv, obj: KustomizationObject): Promise<TargetCluster> {
  const namespace = obj.metadata?.namespace ?? '';
  const sa = obj.spec.serviceAccountName || env.defaultServiceAccount;
  const impersonate = sa ? { user: serviceAccountUser(namespace, sa) } : undefined;
  const kubeConfig = obj.spec.kubeConfig;
  if (kubeConfig?.configMapRef)
    throw failure(obj, KustomizationReason.ReconciliationFailed, 'kubeConfig.configMapRef is not supported');
  if (kubeConfig?.secretRef) {
    const access = await remoteAccess(env, obj, kubeConfig.secretRef);
    const kube = new KubeClient(access, { impersonate, userAgent: 'kustomize-controller' });
    return { kube, mapper: new RestMapper(kube), local: false, close: () => kube.close() };
  }
  if (!impersonate) return { kube: env.kube, mapper: env.mapper, local: true, close: () => {} };
  const kube = new KubeClient(env.kube.access, {
    impersonate,
    rateLimiter: env.kube.rateLimiter,
    userAgent: 'kustomize-controller',
  });
  return { kube, mapper: env.mapper, local: true, close: () => kube.close() };
}

async function remoteAccess(
  env: KustomizeEnv,
  obj: KustomizationObject,
  ref: { name: string; key?: string },
): Promise<KubeClient['access']> {
  const namespace = obj.metadata?.namespace ?? '';
  let secret: { data?: Record<string, string> };
  try {
    secret = await env.kube.get({ version: 'v1', resource: 'secrets', namespace, name: ref.name });
  } catch (e: unknown) {
    throw failure(
      obj,
      KustomizationReason.ReconciliationFailed,
      `unable to read KubeConfig secret '${namespace}/${ref.name}' error: ${toError(e).message}`,
      e,
    );
  }
  const keys = ref.key ? [ref.key] : ['value', 'value.yaml'];
  const key = keys.find((k) => secret.data?.[k] !== undefined);
  if (!key)
    throw failure(
      obj,
      KustomizationReason.ReconciliationFailed,
      `KubeConfig secret '${namespace}/${ref.name}' does not contain a '${keys.join("' or '")}' key with a kubeconfig`,
    );
  const text = Buffer.from(secret.data?.[key] ?? '', 'base64').toString('utf8');
  // a kubeconfig's tokens and keys must never reach a message
  for (const m of text.matchAll(/(?:token|client-key-data|password):\s*(\S+)/g))
    if (m[1]) redactor.addSecret(m[1]);
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-kubeconfig-'));
  try {
    const file = join(dir, 'kubeconfig');
    writeFileSync(file, text, { mode: 0o600 });
    return loadKubeconfig(file);
  } catch (e: unknown) {
    throw failure(
      obj,
      KustomizationReason.ReconciliationFailed,
      `failed to load kubeconfig: ${toError(e).message}`,
      e,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
