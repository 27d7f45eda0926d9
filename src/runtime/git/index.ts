export { type GitAuth, gitEnvironment } from './auth.ts';
export {
  type CheckoutOptions,
  checkout,
  commitMessage,
  GitError,
  lsRemote,
  type RemoteOptions,
  redact,
  shortMessage,
} from './client.ts';
export { type CommitSigning, commitFiles, type GitSignature, pushRefspec } from './commit-push.ts';
export {
  DEFAULT_BRANCH,
  type GitRef,
  parseLsRemote,
  RefNotFoundError,
  type ResolvedRef,
  resolveRef,
} from './refs.ts';
export { SignatureError, type TrustedKeys, verifySignature } from './signatures.ts';
