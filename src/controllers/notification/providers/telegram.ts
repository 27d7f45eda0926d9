import type { FluxEvent } from '../../../runtime/events/index.ts';
import { type Notifier, type ProviderConfig, sortedMetadata } from './notifier.ts';
import { postPayload } from './post.ts';

/** The public Bot API server, used when the Provider names no address. */
export const TelegramApi = 'https://api.telegram.org';

/** The characters MarkdownV2 reserves (https://core.telegram.org/bots/api#markdownv2-style). */
const Reserved = /[\\.\-_[\]()~>`#+=|{}!*]/g;

/** `text` with every MarkdownV2 reserved character backslash-escaped, so it shows as written. */
export function telegramEscape(text: string): string {
  return text.replace(Reserved, (c) => `\\${c}`);
}

/** The message in MarkdownV2: a bold `emoji kind/name/namespace` heading, the text, metadata as a list. */
export function telegramText(event: FluxEvent): string {
  const o = event.involvedObject;
  const emoji = event.severity === 'error' ? '🚨' : '💫';
  const heading = `${emoji} ${(o.kind ?? '').toLowerCase()}/${o.name ?? ''}/${o.namespace ?? ''}`;
  const metadata = sortedMetadata(event)
    .map(([k, v]) => `\\- *${telegramEscape(k)}*: ${telegramEscape(v)}\n`)
    .join('');
  return `*${telegramEscape(heading)}*\n${telegramEscape(event.message)}\n${metadata}`;
}

/**
 * `telegram`: the Bot API's `sendMessage` (https://core.telegram.org/bots/api#sendmessage) at
 * `<server>/bot<token>/sendMessage`, the server being the Provider's address when set (a local Bot
 * API server; tsflux's addition) or the public one. `channel` is the chat ID, optionally
 * `chat:thread` for a forum topic. The URL holds the token: errors name only the host.
 */
export function telegramNotifier(config: ProviderConfig): Notifier {
  if (!config.channel) throw new Error("telegram requires a 'channel' (the chat ID)");
  if (!config.token) throw new Error("telegram requires a 'token' in the provider's secret");
  const base = (config.address || TelegramApi).replace(/\/+$/, '');
  const url = `${base}/bot${config.token}/sendMessage`;
  const [chatId, thread] = config.channel.split(/:(.*)/s);
  return {
    post: (event, signal) =>
      postPayload(
        url,
        {
          chat_id: chatId,
          ...(thread !== undefined ? { message_thread_id: thread } : {}),
          text: telegramText(event),
          parse_mode: 'MarkdownV2',
        },
        { signal, headers: config.headers, transport: config.transport },
      ),
  };
}
