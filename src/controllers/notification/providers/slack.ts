import type { FluxEvent } from '../../../runtime/events/index.ts';
import { type Notifier, objectTitle, type ProviderConfig, sortedMetadata } from './notifier.ts';
import { postPayload } from './post.ts';

/** Slack's "attachment" message (https://api.slack.com/reference/messaging/attachments), as Flux sends it. */
export function slackPayload(event: FluxEvent, config: Pick<ProviderConfig, 'username' | 'channel'>) {
  return {
    channel: config.channel ?? '',
    username: config.username || event.reportingController,
    icon_url: '',
    icon_emoji: '',
    attachments: [
      {
        color: event.severity === 'error' ? 'danger' : 'good',
        author_name: objectTitle(event),
        text: event.message,
        mrkdwn_in: ['text'],
        fields: sortedMetadata(event).map(([title, value]) => ({ title, value, short: false })),
      },
    ],
  };
}

/**
 * `slack`: an incoming webhook, or `chat.postMessage` with the Secret's `token` as a bearer token
 * (that API answers 200 with `ok: false` on failure; tsflux does not read that answer yet).
 */
export function slackNotifier(config: ProviderConfig): Notifier {
  const headers: Record<string, string> = { ...config.headers };
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  return {
    post: (event, signal) => postPayload(config.address, slackPayload(event, config), { signal, headers }),
  };
}
