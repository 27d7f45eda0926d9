import type {
  ImagePolicy,
  ImagePolicySpec,
  ImageRepository,
  ImageRepositorySpec,
  ImageUpdateAutomation,
  ImageUpdateAutomationSpec,
} from '../../api/image/v1/index.ts';
import type { Informer } from '../../runtime/cache/index.ts';
import type { EventRecorder } from '../../runtime/events/index.ts';
import type { KubeClient, KubeObject, ResourceRef } from '../../runtime/kube/index.ts';
import type { Logger } from '../../runtime/logging/index.ts';
import { cacheReaches, loadObject } from '../../runtime/reconcile/index.ts';
import type { TagStore } from './tag-store.ts';

/** An ImageRepository as the controller reads it. */
export type ImageRepositoryObject = Omit<ImageRepository, 'spec'> &
  KubeObject & { spec: ImageRepositorySpec };
/** An ImagePolicy as the controller reads it. */
export type ImagePolicyObject = Omit<ImagePolicy, 'spec'> & KubeObject & { spec: ImagePolicySpec };
/** An ImageUpdateAutomation as the controller reads it. */
export type ImageUpdateAutomationObject = Omit<ImageUpdateAutomation, 'spec'> &
  KubeObject & { spec: ImageUpdateAutomationSpec };

/** The API group of the three image kinds. */
export const ImageGroup = 'image.toolkit.fluxcd.io';

/** What the image controllers' reconciles share. */
export interface ImageEnv {
  kube: KubeClient;
  logger: Logger;
  informerOf<T extends KubeObject = KubeObject>(kind: string): Informer<T>;
  /** Events of ImageRepository and ImagePolicy, as `image-reflector-controller`. */
  reflectorRecorder: EventRecorder;
  /** Events of ImageUpdateAutomation, as `image-automation-controller`. */
  automationRecorder: EventRecorder;
  tags: TagStore;
  noCrossNamespaceRefs: boolean;
  recordDuration(obj: KubeObject, seconds: number): void;
}

const plurals = {
  ImageRepository: 'imagerepositories',
  ImagePolicy: 'imagepolicies',
  ImageUpdateAutomation: 'imageupdateautomations',
} as const;

/**
 * The first step of each image kind's reconcile: the object of a request from the manager's
 * cache, as a private copy with its kind and apiVersion, and its API reference; undefined when
 * it is gone.
 */
export function loadImageObject<T extends KubeObject>(
  env: ImageEnv,
  req: { namespace?: string; name: string },
  kind: keyof typeof plurals,
): { obj: T; ref: ResourceRef } | undefined {
  const obj = loadObject(env.informerOf<T>(kind), req, { kind, apiVersion: `${ImageGroup}/v1` });
  if (!obj) return undefined;
  const ref = {
    group: ImageGroup,
    version: 'v1',
    resource: plurals[kind],
    namespace: req.namespace,
    name: req.name,
  };
  return { obj, ref };
}

/**
 * The exit's `onPatched` for an image kind: waits until the manager's cache holds the status just
 * written, so the next reconcile of the object (a finalizer's watch event often queues one while
 * the first runs) never starts from an older status: a repository would scan again.
 */
export function statusWritten(
  env: ImageEnv,
  req: { namespace?: string; name: string },
  kind: keyof typeof plurals,
): (updated: KubeObject) => Promise<void> {
  const informer = env.informerOf(kind);
  return (updated) =>
    cacheReaches(informer, req.namespace, req.name, updated.metadata?.resourceVersion ?? '0');
}
