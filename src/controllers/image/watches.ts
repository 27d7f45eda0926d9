import type { Informer } from '../../runtime/cache/index.ts';
import { type Controller, referencesIndex } from '../../runtime/controller/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import type { ImagePolicyObject, ImageRepositoryObject, ImageUpdateAutomationObject } from './env.ts';

const scanRevision = (o: KubeObject) => (o as ImageRepositoryObject).status?.lastScanResult?.revision;
const latestRef = (o: KubeObject) => {
  const ref = (o as ImagePolicyObject).status?.latestRef;
  return ref ? `${ref.name}:${ref.tag}@${ref.digest ?? ''}` : undefined;
};

/**
 * Re-queues the ImagePolicies of an ImageRepository when its scan's revision changes (new or
 * removed tags, or the first scan): a policy has no interval of its own and resolves again then.
 */
export function watchRepositories(
  controller: Controller,
  repositories: Informer<ImageRepositoryObject>,
  policies: Informer<ImagePolicyObject>,
): void {
  const map = referencesIndex(policies, 'image.imageRepositoryRef', (p) => {
    const ref = (p as ImagePolicyObject).spec?.imageRepositoryRef;
    if (!ref?.name) return [];
    return [ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name];
  });
  controller.watch(repositories, map, {
    create: (o) => scanRevision(o) !== undefined,
    update: (old, o) => scanRevision(old) !== scanRevision(o),
    delete: () => false,
  });
}

/**
 * Re-queues the ImageUpdateAutomations of a namespace when one of its ImagePolicies resolves to
 * a new reference, so a new image is committed at once rather than at the next interval (the
 * selector is applied by the automation's own run).
 */
export function watchPolicies(
  controller: Controller,
  policies: Informer<ImagePolicyObject>,
  automations: Informer<ImageUpdateAutomationObject>,
): void {
  const map = (p: KubeObject) =>
    automations.list(p.metadata?.namespace).map((a) => `${a.metadata?.namespace}/${a.metadata?.name}`);
  controller.watch(policies, map, {
    create: (o) => latestRef(o) !== undefined,
    update: (old, o) => latestRef(old) !== latestRef(o),
    delete: () => false,
  });
}
