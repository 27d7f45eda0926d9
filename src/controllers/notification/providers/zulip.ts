import { basicAuthorization } from './basic-auth.ts';
import { markdownPost } from './markdown-post.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { postPayload } from './post.ts';

/** Where Zulip's send-message API lives on a server (https://zulip.com/api/send-message). */
export function zulipEndpoint(address: string): string {
  const url = new URL(address);
  url.pathname = '/api/v1/messages';
  return url.toString();
}

/** `channel` as Zulip's `<stream>/<topic>`, refused when either part is missing. */
export function zulipTarget(channel: string | undefined): { stream: string; topic: string } {
  const at = (channel ?? '').indexOf('/');
  const stream = at < 0 ? '' : (channel ?? '').slice(0, at);
  const topic = at < 0 ? '' : (channel ?? '').slice(at + 1);
  if (!stream || !topic)
    throw new Error(`invalid zulip channel: expected <channel>/<topic>, got '${channel ?? ''}'`);
  return { stream, topic };
}

/**
 * `zulip`: a stream message sent to the server at `address` as a form (`type=stream`, `to`,
 * `topic`, `content` in Markdown), authenticated as the bot with the Secret's `username` (its
 * e-mail) and `password` (its API key) in basic auth.
 */
export function zulipNotifier(config: ProviderConfig): Notifier {
  const url = zulipEndpoint(config.address);
  const { stream, topic } = zulipTarget(config.channel);
  const headers: Record<string, string> = {
    ...config.headers,
    'Content-Type': 'application/x-www-form-urlencoded',
  };
  if (config.username || config.password)
    headers.Authorization = basicAuthorization(config.username ?? '', config.password ?? '');
  return {
    post: (event, signal) => {
      const form = new URLSearchParams({ type: 'stream', to: stream, topic, content: markdownPost(event) });
      return postPayload(url, undefined, {
        signal,
        headers,
        body: Buffer.from(form.toString()),
        transport: config.transport,
      });
    },
  };
}
