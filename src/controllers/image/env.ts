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
import type { KubeClient, KubeObject } from '../../runtime/kube/index.ts';
import type { Logger } from '../../runtime/logging/index.ts';
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

/** The API reference of one image object. */
export function imageRef(plural: string, namespace: string, name: string) {
  return { group: ImageGroup, version: 'v1', resource: plural, namespace, name };
}
