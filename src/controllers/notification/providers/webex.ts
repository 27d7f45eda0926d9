import type { FluxEvent } from '../../../runtime/events/index.ts';
import { type Notifier, objectTitle, type ProviderConfig, sortedMetadata } from './notifier.ts';
import { postPayload } from './post.ts';

/** The message in Webex markdown: a bold title with a status emoji, the text, the metadata quoted. */
export function webexMarkdown(event: FluxEvent): string {
  const emoji = event.severity === 'error' ? '💣' : '✅';
  const lines = [`${emoji} **${objectTitle(event)}**`, event.message];
  for (const [k, v] of sortedMetadata(event)) lines.push(`>**${k}**: ${v}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `webex`: a bot's message through the Messages API (https://developer.webex.com/docs/api/v1/messages):
 * POSTed to the address (`https://webexapis.com/v1/messages`), the room ID from `channel`, the bot's
 * access token from the Secret's `token` as a bearer token.
 */
export function webexNotifier(config: ProviderConfig): Notifier {
  const headers: Record<string, string> = { ...config.headers };
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  return {
    post: (event, signal) =>
      postPayload(
        config.address,
        { roomId: config.channel || undefined, markdown: webexMarkdown(event) },
        { signal, headers, transport: config.transport },
      ),
  };
}
