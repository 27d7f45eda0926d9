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

/**
 * How an ImageRepository lists `status.lastScanResult.latestTags` (beyond Flux, which always lists
 * the 10 greatest tags in reverse lexical order; image-reflector#595, #443): `count` how many (1
 * to {@link MaxLatestTags}, default 10) and `order` which come first: `scan` (Flux's, the
 * default), `semver` (highest version first, tags that are no version left out),
 * `alphabetical-asc`/`-desc` and `numerical-asc`/`-desc` (first the tag an ImagePolicy of that
 * order would pick, then the next it would pick; numerical leaves out tags that are no number).
 */
export const LatestTagsAnnotation = {
  Count: 'image.tsflux.io/latest-tags-count',
  Order: 'image.tsflux.io/latest-tags-order',
} as const;

/** The most tags `latestTags` may list: the status stays small whatever the annotation asks. */
export const MaxLatestTags = 100;
