export { type GitAuth, gitEnvironment } from './auth.ts';
export { type CheckoutOptions, checkout, GitError, lsRemote, type RemoteOptions, redact } from './client.ts';
export {
  DEFAULT_BRANCH,
  type GitRef,
  parseLsRemote,
  RefNotFoundError,
  type ResolvedRef,
  resolveRef,
} from './refs.ts';
