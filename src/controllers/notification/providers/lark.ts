import type { FluxEvent } from '../../../runtime/events/index.ts';
import { type Notifier, objectTitle, type ProviderConfig, sortedMetadata } from './notifier.ts';
import { postPayload } from './post.ts';

/**
 * A Lark (Feishu) interactive card for a custom bot's webhook
 * (https://open.larksuite.com/document/client-docs/bot-v3/add-custom-bot): a wide card whose
 * header is the object with a status emoji, turquoise for info and red for errors, and one
 * `lark_md` block with the message in bold, then the metadata as `key: value` lines.
 */
export function larkPayload(event: FluxEvent) {
  const error = event.severity === 'error';
  const lines = sortedMetadata(event)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
  return {
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: {
        title: { tag: 'plain_text', content: `${error ? '🚨' : '💫'} ${objectTitle(event)}` },
        template: error ? 'red' : 'turquoise',
      },
      elements: [{ tag: 'div', text: { tag: 'lark_md', content: `**${event.message}**\n\n${lines}` } }],
    },
  };
}

/** `lark`: the card POSTed to the bot's webhook address (its token is in the URL). */
export function larkNotifier(config: ProviderConfig): Notifier {
  return {
    post: (event, signal) =>
      postPayload(config.address, larkPayload(event), {
        signal,
        headers: config.headers,
        transport: config.transport,
      }),
  };
}
