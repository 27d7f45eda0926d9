export { ObjectIdentifier, objectChanges } from './automation/changed-objects.ts';
export {
  ensurePullRequest,
  type PullRequestConfig,
  type PullRequestInput,
  type PullRequestResult,
} from './automation/pull-request.ts';
export { SetterChange } from './automation/setters.ts';
export { type CommitSigner, signerFromSecret } from './automation/signing.ts';
export { type ImageControllerOptions, type RunningImageController, setupImageController } from './setup.ts';
