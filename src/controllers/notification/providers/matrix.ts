import { createHash } from 'node:crypto';
import type { FluxEvent } from '../../../runtime/events/index.ts';
import { type Notifier, objectTitle, type ProviderConfig, sortedMetadata } from './notifier.ts';
import { postPayload } from './post.ts';

/** The plain-text body: the object with a status emoji, the message, the metadata as a list. */
export function matrixBody(event: FluxEvent): string {
  const emoji = event.severity === 'error' ? '🚨' : '💫';
  const metadata = sortedMetadata(event)
    .map(([k, v]) => `- ${k}: ${v}\n`)
    .join('');
  return `${emoji} ${objectTitle(event)}\n${event.message}\n${metadata}`;
}

/**
 * The message's URL on the homeserver (the client-server API's
 * `PUT /_matrix/client/r0/rooms/{roomId}/send/m.room.message/{txnId}`). The transaction ID is the
 * SHA-1 of the event, so a retried send of the same event is deduplicated by the server.
 */
export function matrixUrl(address: string, roomId: string, event: FluxEvent): string {
  const txnId = createHash('sha1').update(JSON.stringify(event)).digest('hex');
  return `${address.replace(/\/+$/, '')}/_matrix/client/r0/rooms/${roomId}/send/m.room.message/${txnId}`;
}

/**
 * `matrix`: an `m.text` message PUT into the room named by `channel` on the homeserver at
 * `address`, with the Secret's `token` (the bot's access token) as a bearer token.
 */
export function matrixNotifier(config: ProviderConfig): Notifier {
  if (!config.channel) throw new Error("matrix requires a 'channel' (the room ID)");
  const room = config.channel;
  const headers: Record<string, string> = { ...config.headers };
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  return {
    post: (event, signal) =>
      postPayload(
        matrixUrl(config.address, room, event),
        { body: matrixBody(event), msgtype: 'm.text' },
        { signal, headers, method: 'PUT', transport: config.transport },
      ),
  };
}
