/**
 * Annotations tsflux reads on image kinds, beyond Flux's API (the CRDs stay Flux's).
 */

/**
 * The pull requests an ImageUpdateAutomation opens after pushing to a branch other than its
 * checkout branch (docs/image-pull-requests.md): `provider` (`github`, `gitea`, `gitlab`) turns
 * them on, `secret` names a Secret of the automation's namespace holding `token`, and `api`
 * overrides the API base URL derived from the GitRepository's host.
 */
export const PullRequestAnnotation = {
  Provider: 'image.tsflux.io/pull-request-provider',
  Secret: 'image.tsflux.io/pull-request-secret',
  Api: 'image.tsflux.io/pull-request-api',
} as const;
