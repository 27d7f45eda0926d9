import { alertmanagerNotifier } from './alertmanager.ts';
import { azureDevOpsNotifier } from './azuredevops.ts';
import { azureEventHubNotifier } from './azureeventhub.ts';
import { bitbucketNotifier } from './bitbucket.ts';
import { bitbucketServerNotifier } from './bitbucketserver.ts';
import { datadogNotifier } from './datadog.ts';
import { discordNotifier } from './discord.ts';
import { emailNotifier } from './email.ts';
import { genericNotifier } from './generic.ts';
import { genericHmacNotifier } from './generic-hmac.ts';
import { giteaNotifier } from './gitea.ts';
import { giteaPullRequestCommentNotifier } from './gitea-pull-request-comment.ts';
import { githubNotifier } from './github.ts';
import { githubDispatchNotifier } from './github-dispatch.ts';
import { githubPullRequestCommentNotifier } from './github-pull-request-comment.ts';
import { gitlabNotifier } from './gitlab.ts';
import { gitlabMergeRequestCommentNotifier } from './gitlab-merge-request-comment.ts';
import { googlechatNotifier } from './googlechat.ts';
import { googlePubSubNotifier } from './googlepubsub.ts';
import { grafanaNotifier } from './grafana.ts';
import { larkNotifier } from './lark.ts';
import { matrixNotifier } from './matrix.ts';
import { msteamsNotifier } from './msteams.ts';
import { natsNotifier } from './nats.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { opsgenieNotifier } from './opsgenie.ts';
import { otelNotifier } from './otel.ts';
import { pagerdutyNotifier } from './pagerduty.ts';
import { rocketNotifier } from './rocket.ts';
import { sentryNotifier } from './sentry.ts';
import { slackNotifier } from './slack.ts';
import { telegramNotifier } from './telegram.ts';
import { webexNotifier } from './webex.ts';
import { zulipNotifier } from './zulip.ts';

export { bitbucketNotifier } from './bitbucket.ts';
export { bitbucketServerCommits } from './bitbucketserver.ts';
export { commentMarker } from './change-request-comment.ts';
export { commitHash, parseGitAddress } from './git-forge.ts';
export { gitHubAppOf } from './github-app.ts';
export { serviceAccountToken } from './googlepubsub.ts';
export type { Transport } from './http.ts';
export { ChangeRequestKey } from './markdown-post.ts';
export type { Notifier, ProviderConfig } from './notifier.ts';
export { traceId } from './otel.ts';
export { hostOf } from './post.ts';

/** The Provider types this controller delivers to, one file each. */
const builders: Record<string, (config: ProviderConfig) => Notifier> = {
  generic: genericNotifier,
  'generic-hmac': genericHmacNotifier,
  slack: slackNotifier,
  msteams: msteamsNotifier,
  discord: discordNotifier,
  rocket: rocketNotifier,
  googlechat: googlechatNotifier,
  webex: webexNotifier,
  telegram: telegramNotifier,
  lark: larkNotifier,
  matrix: matrixNotifier,
  zulip: zulipNotifier,
  opsgenie: opsgenieNotifier,
  pagerduty: pagerdutyNotifier,
  alertmanager: alertmanagerNotifier,
  grafana: grafanaNotifier,
  datadog: datadogNotifier,
  sentry: sentryNotifier,
  // beyond Flux: selected with the notification.tsflux.io/type annotation
  email: emailNotifier,
  github: githubNotifier,
  gitlab: gitlabNotifier,
  gitea: giteaNotifier,
  bitbucketserver: bitbucketServerNotifier,
  bitbucket: bitbucketNotifier,
  azuredevops: azureDevOpsNotifier,
  githubdispatch: githubDispatchNotifier,
  githubpullrequestcomment: githubPullRequestCommentNotifier,
  gitlabmergerequestcomment: gitlabMergeRequestCommentNotifier,
  giteapullrequestcomment: giteaPullRequestCommentNotifier,
  googlepubsub: googlePubSubNotifier,
  azureeventhub: azureEventHubNotifier,
  nats: natsNotifier,
  otel: otelNotifier,
};

/** The types that write a commit status keyed by `commitStatusExpr` or Flux's default key. */
export const CommitStatusTypes: ReadonlySet<string> = new Set([
  'github',
  'gitlab',
  'gitea',
  'bitbucketserver',
  'bitbucket',
  'azuredevops',
]);

/** The types that comment on the change request an event names, and only on such events. */
export const ChangeRequestCommentTypes: ReadonlySet<string> = new Set([
  'githubpullrequestcomment',
  'gitlabmergerequestcomment',
  'giteapullrequestcomment',
]);

/** The types whose service has a well-known endpoint, so `address` may be left out. */
const addressOptional = new Set(['telegram']);

/** Whether a Provider of `type` cannot deliver without an `address`. */
export const needsAddress = (type: string) => !addressOptional.has(type);

/** A Provider type the API accepts but this controller cannot deliver to yet. */
export class UnsupportedProviderError extends Error {}

/** Whether `type` has a notifier here. */
export const isSupportedProvider = (type: string) => Object.hasOwn(builders, type);

/**
 * The notifier of a Provider type, or {@link UnsupportedProviderError} for the types the API
 * accepts that are not built yet: a clear message, never a crash.
 */
export function notifierFor(type: string, config: ProviderConfig): Notifier {
  const build = builders[type];
  if (!build) throw new UnsupportedProviderError(`provider type '${type}' is not supported yet by tsflux`);
  return build(config);
}
