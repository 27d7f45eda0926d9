import type { FluxEvent } from '../../../runtime/events/index.ts';
import { type Notifier, objectTitle, type ProviderConfig, sortedMetadata } from './notifier.ts';
import { postPayload } from './post.ts';

/** The Adaptive Card version Teams renders (Teams supports up to 1.4). */
const CardVersion = '1.4';

/**
 * An Adaptive Card message for a Teams (or Power Automate) incoming webhook
 * (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using):
 * the object as a bold title, the message (in the attention colour for errors), then the
 * metadata as facts with `summary` first.
 */
export function msteamsCard(event: FluxEvent) {
  const facts = sortedMetadata(event);
  const summaryFirst = [
    ...facts.filter(([k]) => k === 'summary'),
    ...facts.filter(([k]) => k !== 'summary'),
  ].map(([title, value]) => ({ title, value }));
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: CardVersion,
          msteams: { width: 'Full' },
          body: [
            {
              type: 'Container',
              items: [
                { type: 'TextBlock', text: objectTitle(event), size: 'large', weight: 'bolder', wrap: true },
                {
                  type: 'TextBlock',
                  text: event.message,
                  wrap: true,
                  ...(event.severity === 'error' ? { color: 'attention' } : {}),
                },
                { type: 'FactSet', facts: summaryFirst },
              ],
            },
          ],
        },
      },
    ],
  };
}

/** `msteams`: an Adaptive Card POSTed to the workflow webhook address. */
export function msteamsNotifier(config: ProviderConfig): Notifier {
  return {
    post: (event, signal) =>
      postPayload(config.address, msteamsCard(event), {
        signal,
        headers: config.headers,
        transport: config.transport,
      }),
  };
}
