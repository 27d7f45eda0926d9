import { type ImageRef, ImageReflectorReason } from '../../../api/image/v1/index.ts';
import { ConditionReason } from '../../../api/meta/index.ts';
import { parseLabelSelector } from '../../../engines/selector/index.ts';
import type { KubeObject } from '../../../runtime/kube/index.ts';
import { StallingError, TransientError, toError, WaitingError } from '../../../runtime/reconcile/index.ts';
import type { ImageEnv, ImagePolicyObject, ImageRepositoryObject } from '../env.ts';
import { reflectDigest } from './digest.ts';
import { InvalidPolicyError, selectTag } from './select.ts';

/** How long a policy waits for its repository's first scan before looking again. */
const DependencyRetryMs = 10_000;

/** What one run of an ImagePolicy learns. */
export interface PolicyRun {
  env: ImageEnv;
  signal: AbortSignal;
  /** The latest reference before this run, for the change event. */
  previous?: ImageRef;
}

// `accessFrom.namespaceSelectors` of a repository in another namespace: any selector matching the
// policy's namespace labels grants access (Flux's ACL)
async function checkAccess(env: ImageEnv, policy: ImagePolicyObject, repo: ImageRepositoryObject) {
  const from = policy.metadata?.namespace ?? '';
  const key = `${repo.metadata?.namespace}/${repo.metadata?.name}`;
  const denied = (why: string) =>
    new StallingError('AccessDenied', `failed to get the referred ImageRepository: ${why}`);
  if (env.noCrossNamespaceRefs)
    throw denied(`cannot access 'ImageRepository/${key}', cross-namespace references have been blocked`);
  const selectors = repo.spec.accessFrom?.namespaceSelectors ?? [];
  if (selectors.length === 0)
    throw denied(`access denied: '${key}' can't be accessed due to missing ACL labels on 'accessFrom'`);
  const ns = await env.kube.get<KubeObject>({ version: 'v1', resource: 'namespaces', name: from });
  const labels = ns.metadata?.labels ?? {};
  const granted = selectors.some((s) =>
    parseLabelSelector(
      Object.entries(s.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    ).matches(labels),
  );
  if (!granted)
    throw denied(
      `access denied: '${key}' can't be accessed due to ACL labels mismatch on namespace '${from}'`,
    );
}

/** Flux's words for a resolved policy (Ready's message) and for a change (the event). */
export const resolvedMessage = (image: string, tag: string) =>
  `Latest image tag for '${image}' resolved to ${tag}`;
export const updatedMessage = (image: string, from: string, to: string) =>
  `Latest image tag for '${image}' updated from ${from} to ${to}`;

/**
 * The one step of an ImagePolicy: its ImageRepository (same namespace unless granted by the
 * repository's `accessFrom`) must have scanned; its stored tags are read from disk and the policy
 * picks the latest, with its digest when `digestReflectionPolicy` asks for it. `latestRef` takes
 * the result and `observedPreviousRef` the reference it replaces.
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
      `failed to get the referred ImageRepository: referenced ImageRepository does not exist: imagerepositories.image.toolkit.fluxcd.io "${ref.name}" not found`,
    );
  if (namespace !== obj.metadata?.namespace) await checkAccess(env, obj, repo);
  const stored = await env.tags.read(namespace, ref.name);
  if (!stored || !repo.status?.lastScanResult)
    throw new WaitingError(
      ImageReflectorReason.DependencyNotReady,
      DependencyRetryMs,
      'referenced ImageRepository has not been scanned yet',
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
  await reflectDigest(env, obj, repo, latest, prev, run.signal);
  // as Flux: any change of the reference, its digest included, keeps the one it replaces
  if (
    prev &&
    (prev.name !== latest.name || prev.tag !== latest.tag || (prev.digest ?? '') !== (latest.digest ?? ''))
  )
    obj.status.observedPreviousRef = prev;
  obj.status.latestRef = latest;
}
