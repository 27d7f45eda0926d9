import type { FluxEvent } from '../../../runtime/events/index.ts';
import { type Notifier, objectTitle, type ProviderConfig, sortedMetadata } from './notifier.ts';
import { postPayload } from './post.ts';

/**
 * A Google Chat card message (the `cards` format of
 * https://developers.google.com/workspace/chat/api/reference/rest/v1/cards-v1): the object as the
 * header's title and the sender as its subtitle, the message (red for errors) in a first section,
 * then the metadata as key-value widgets in a second one when there is any.
 */
export function googlechatPayload(event: FluxEvent) {
  const text = event.severity === 'error' ? `<font color="#ff0000">${event.message}</font>` : event.message;
  const sections: { widgets: unknown[] }[] = [{ widgets: [{ textParagraph: { text } }] }];
  const metadata = sortedMetadata(event);
  if (metadata.length)
    sections.push({
      widgets: metadata.map(([topLabel, content]) => ({
        keyValue: { topLabel, content, contentMultiline: false },
      })),
    });
  return {
    cards: [{ header: { title: objectTitle(event), subtitle: event.reportingController }, sections }],
  };
}

/** `googlechat`: the card POSTed to the space's incoming webhook address (its key is in the URL). */
export function googlechatNotifier(config: ProviderConfig): Notifier {
  return {
    post: (event, signal) =>
      postPayload(config.address, googlechatPayload(event), {
        signal,
        headers: config.headers,
        transport: config.transport,
      }),
  };
}
