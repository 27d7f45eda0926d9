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
 * Reads Slack's answer: `chat.postMessage` answers HTTP 200 with `{"ok": false, "error": ...}`
 * when it refused the message (an unknown channel, a revoked token), which is a failure; an
 * incoming webhook answers plain `ok`.
 */
export function slackAnswerError(body: Buffer): string | undefined {
  let answer: unknown;
  try {
    answer = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!answer || typeof answer !== 'object' || (answer as { ok?: unknown }).ok !== false) return undefined;
  const error = (answer as { error?: unknown }).error;
  return `slack responded with error: ${typeof error === 'string' ? error : 'unknown error'}`;
}

/**
 * `slack`: an incoming webhook, or `chat.postMessage` with the Secret's `token` as a bearer token,
 * whose `ok: false` answer is a failure (not retried: Slack refused the message itself).
 */
export function slackNotifier(config: ProviderConfig): Notifier {
  const headers: Record<string, string> = { ...config.headers };
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  return {
    post: async (event, signal) => {
      const body = await postPayload(config.address, slackPayload(event, config), {
        signal,
        headers,
        transport: config.transport,
      });
      const refused = slackAnswerError(body);
      if (refused) throw new Error(refused);
    },
  };
}
