import type { Notifier, ProviderConfig } from './notifier.ts';
import { postPayload } from './post.ts';
import { slackPayload } from './slack.ts';

/** Discord's Slack-compatible endpoint: the webhook URL with `/slack` appended when it lacks it. */
export function discordAddress(address: string): string {
  const url = new URL(address);
  if (!url.pathname.endsWith('/slack')) url.pathname = `${url.pathname.replace(/\/$/, '')}/slack`;
  return url.toString();
}

/**
 * `discord`: Discord webhooks accept Slack's message format on their `/slack` path
 * (https://discord.com/developers/docs/resources/webhook#execute-slackcompatible-webhook), so the
 * payload is Slack's, without a channel (a Discord webhook belongs to one).
 */
export function discordNotifier(config: ProviderConfig): Notifier {
  const url = discordAddress(config.address);
  return {
    post: (event, signal) =>
      postPayload(url, slackPayload(event, { username: config.username }), {
        signal,
        transport: config.transport,
        headers: config.headers,
      }),
  };
}
