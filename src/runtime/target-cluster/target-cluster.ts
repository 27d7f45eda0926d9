import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toError } from '../../engines/errors/index.ts';
import { KubeClient, loadKubeconfig, RestMapper } from '../kube/index.ts';
import { redactor } from '../logging/index.ts';

/** The client an applier (a Kustomization, a HelmRelease) acts with, and how to release it. */
export interface TargetCluster {
  kube: KubeClient;
  mapper: RestMapper;
  /** The controller's own cluster (impersonated or not), where its owned-object cache applies. */
  local: boolean;
  close(): void;
}

/** Where an applier acts, as its spec and the controller's flags say. */
export interface TargetClusterSpec {
  /** The applier's namespace: where its service account and kubeconfig Secret are. */
  namespace: string;
  /** `spec.serviceAccountName`. */
  serviceAccountName?: string;
  /** `--default-service-account`: impersonated when the spec names none. */
  defaultServiceAccount?: string;
  /** `spec.kubeConfig`. */
  kubeConfig?: { secretRef?: { name: string; key?: string }; configMapRef?: unknown };
  /** The user agent of the clients made here (the controller's name). */
  userAgent: string;
}

/**
 * A target cluster that cannot be reached as the spec asks (an unreadable or empty kubeconfig
 * Secret, an unsupported reference): the caller words it as its kind's failure.
 */
export class TargetClusterError extends Error {
  override name = 'TargetClusterError';
}

/** The user Flux impersonates for a service account. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/**
 * The cluster an applier acts on, as Flux decides for both its appliers: a remote cluster from
 * the kubeconfig in `kubeConfig.secretRef` (key `value` or `value.yaml` unless named), or the
 * controller's own (`local`, with its shared mapper); impersonating `serviceAccountName` (or the
 * `--default-service-account`) on either. Without either, the controller's own client itself.
 */
export async function targetCluster(
  local: { kube: KubeClient; mapper: RestMapper },
  spec: TargetClusterSpec,
): Promise<TargetCluster> {
  const sa = spec.serviceAccountName || spec.defaultServiceAccount;
  const impersonate = sa ? { user: serviceAccountUser(spec.namespace, sa) } : undefined;
  if (spec.kubeConfig?.configMapRef) throw new TargetClusterError('kubeConfig.configMapRef is not supported');
  if (spec.kubeConfig?.secretRef) {
    const access = await remoteAccess(local.kube, spec.namespace, spec.kubeConfig.secretRef);
    const kube = new KubeClient(access, { impersonate, userAgent: spec.userAgent });
    return { kube, mapper: new RestMapper(kube), local: false, close: () => kube.close() };
  }
  if (!impersonate) return { kube: local.kube, mapper: local.mapper, local: true, close: () => {} };
  const kube = new KubeClient(local.kube.access, {
    impersonate,
    rateLimiter: local.kube.rateLimiter,
    userAgent: spec.userAgent,
  });
  return { kube, mapper: local.mapper, local: true, close: () => kube.close() };
}

async function remoteAccess(
  kube: KubeClient,
  namespace: string,
  ref: { name: string; key?: string },
): Promise<KubeClient['access']> {
  let secret: { data?: Record<string, string> };
  try {
    secret = await kube.get({ version: 'v1', resource: 'secrets', namespace, name: ref.name });
  } catch (e: unknown) {
    throw new TargetClusterError(
      `unable to read KubeConfig secret '${namespace}/${ref.name}' error: ${toError(e).message}`,
      { cause: e },
    );
  }
  const keys = ref.key ? [ref.key] : ['value', 'value.yaml'];
  const key = keys.find((k) => secret.data?.[k] !== undefined);
  if (!key)
    throw new TargetClusterError(
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
    throw new TargetClusterError(`failed to load kubeconfig: ${toError(e).message}`, { cause: e });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
