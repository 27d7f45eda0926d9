import { type ControllerDeps, componentRecorder, kindController } from '../../runtime/controller/index.ts';
import { reconcileImageUpdateAutomation } from './automation/reconcile.ts';
import {
  type ImageEnv,
  ImageGroup,
  type ImagePolicyObject,
  type ImageRepositoryObject,
  type ImageUpdateAutomationObject,
} from './env.ts';
import { reconcileImagePolicy } from './policy/reconcile.ts';
import { reconcileImageRepository } from './repository/reconcile.ts';
import { TagStore } from './tag-store.ts';
import { watchPolicies, watchRepositories } from './watches.ts';

/** What the image controllers need from the manager. */
export interface ImageControllerOptions extends ControllerDeps {
  /** Where the reflector keeps its tag database (one file per ImageRepository). */
  tagsPath: string;
  /** `--no-cross-namespace-refs`. */
  noCrossNamespaceRefs: boolean;
}

/** The running image controllers; `stop` lets in-flight reconciles finish. */
export interface RunningImageController {
  stop(): Promise<void>;
}

/**
 * Starts Flux's two image controllers as one: the reflector (ImageRepository and ImagePolicy,
 * events as `image-reflector-controller`) and the automation (ImageUpdateAutomation, events as
 * `image-automation-controller`), one controller loop per kind on the manager's informers. A
 * policy resolves again when its repository's scan changes; an automation runs again when a
 * policy of its namespace changes.
 */
export async function setupImageController(options: ImageControllerOptions): Promise<RunningImageController> {
  const env: ImageEnv = {
    kube: options.kube,
    logger: options.logger,
    informerOf: options.informerOf,
    reflectorRecorder: componentRecorder(options, 'image-reflector-controller'),
    automationRecorder: componentRecorder(options, 'image-automation-controller'),
    tags: new TagStore(options.tagsPath),
    noCrossNamespaceRefs: options.noCrossNamespaceRefs,
    recordDuration: (o, seconds) => options.controllerMetrics.recordDuration(o, seconds),
  };
  const repositories = options.informerOf<ImageRepositoryObject>('ImageRepository');
  const policies = options.informerOf<ImagePolicyObject>('ImagePolicy');
  const automations = options.informerOf<ImageUpdateAutomationObject>('ImageUpdateAutomation');
  const repositoryController = kindController(
    options,
    { name: 'imagerepository', group: ImageGroup, kind: 'ImageRepository', informer: repositories },
    { reconcile: (req, ctx) => reconcileImageRepository(env, req, ctx) },
  );
  const policyController = kindController(
    options,
    { name: 'imagepolicy', group: ImageGroup, kind: 'ImagePolicy', informer: policies },
    { reconcile: (req, ctx) => reconcileImagePolicy(env, req, ctx) },
  );
  const automationController = kindController(
    options,
    {
      name: 'imageupdateautomation',
      group: ImageGroup,
      kind: 'ImageUpdateAutomation',
      informer: automations,
    },
    { reconcile: (req, ctx) => reconcileImageUpdateAutomation(env, req, ctx) },
  );
  watchRepositories(policyController, repositories, policies);
  watchPolicies(automationController, policies, automations);
  const controllers = [repositoryController, policyController, automationController];
  for (const c of controllers) await c.start();
  return {
    async stop() {
      for (const c of controllers) await c.stop();
      await env.reflectorRecorder.close();
      await env.automationRecorder.close();
    },
  };
}
