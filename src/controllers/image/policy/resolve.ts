import { type ImageRef, ImageReflectorReason } from '../../../api/image/v1/index.ts';
import { ConditionReason } from '../../../api/meta/index.ts';
import { parseLabelSelector } from '../../../engines/selector/index.ts';
import type { KubeObject } from '../../../runtime/kube/index.ts';
import { StallingError, TransientError, toError, WaitingError } from '../../../runtime/reconcile/index.ts';
import type { ImageEnv, ImagePolicyObject, ImageRepositoryObject } from '../env.ts';
import { InvalidPolicyError, selectTag } from './select.ts';

/** How long a policy waits for its repository's first scan before looking again. */
const DependencyRetryMs = 10_000;

/** What one run of an ImagePolicy learns. */
export interface PolicyRun {
  env: ImageEnv;
  /** The latest reference before this run, for the change event. */
  previous?: ImageRef;
}

// `accessFrom.namespaceSelectors` of a repository in another namespace: any selector matching the
// policy's namespace labels grants access (Flux's ACL)
async function checkAccess(env: ImageEnv, policy: ImagePolicyObject, repo: ImageRepositoryObject) {
  const from = policy.metadata?.namespace ?? '';
  const denied = (why: string) =>
    new StallingError(
      'AccessDenied',
      `cannot access '${repo.kind ?? 'ImageRepository'}/${repo.metadata?.namespace}/${repo.metadata?.name}': ${why}`,
    );
  if (env.noCrossNamespaceRefs) throw denied('cross-namespace references are not allowed');
  const selectors = repo.spec.accessFrom?.namespaceSelectors ?? [];
  if (selectors.length === 0) throw denied('no access granted: spec.accessFrom is not set');
  const ns = await env.kube.get<KubeObject>({ version: 'v1', resource: 'namespaces', name: from });
  const labels = ns.metadata?.labels ?? {};
  const granted = selectors.some((s) =>
    parseLabelSelector(
      Object.entries(s.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    ).matches(labels),
  );
  if (!granted) throw denied(`namespace '${from}' is not selected by spec.accessFrom`);
}

/** Flux's words for a resolved policy (Ready's message) and for a change (the event). */
export const resolvedMessage = (image: string, tag: string) =>
  `Latest image tag for '${image}' resolved to ${tag}`;
export const updatedMessage = (image: string, from: string, to: string) =>
  `Latest image tag for '${image}' updated from ${from} to ${to}`;

/**
 * The one step of an ImagePolicy: its ImageRepository (same namespace unless granted by the
 * repository's `accessFrom`) must have scanned; its stored tags are read from disk and the policy
 * picks the latest. `latestRef` takes the result and `observedPreviousRef` the reference it
 * replaces.
 */
export async function resolvePolicy(obj: ImagePolicyObject, run: PolicyRun): Promise<void> {
  const { env } = run;
  const ref = obj.spec.imageRepositoryRef;
  const namespace = ref.namespace || obj.metadata?.namespace || '';
  const repo = env.informerOf<ImageRepositoryObject>('ImageRepository').get(namespace, ref.name);
  if (!repo)
    throw new WaitingError(
      ImageReflectorReason.DependencyNotReady,
      DependencyRetryMs,
      `referenced ImageRepository '${namespace}/${ref.name}' not found`,
    );
  if (namespace !== obj.metadata?.namespace) await checkAccess(env, obj, repo);
  const stored = await env.tags.read(namespace, ref.name);
  if (!stored || !repo.status?.lastScanResult)
    throw new WaitingError(
      ImageReflectorReason.DependencyNotReady,
      DependencyRetryMs,
      `referenced ImageRepository '${namespace}/${ref.name}' has not been scanned yet`,
    );
  let tag: string;
  try {
    tag = selectTag(stored.tags, obj.spec);
  } catch (e: unknown) {
    if (e instanceof InvalidPolicyError) throw new StallingError('InvalidPolicy', e.message);
    throw new TransientError(
      ConditionReason.ReconciliationFailed,
      `cannot determine latest tag for policy: ${toError(e).message}`,
    );
  }
  obj.status ??= {};
  run.previous = obj.status.latestRef;
  const latest: ImageRef = { name: repo.spec.image, tag };
  const prev = obj.status.latestRef;
  if (prev && (prev.name !== latest.name || prev.tag !== latest.tag)) obj.status.observedPreviousRef = prev;
  obj.status.latestRef = latest;
}
