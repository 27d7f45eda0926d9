import type { FluxEvent } from '../../../runtime/events/index.ts';
import { sortedMetadata } from './notifier.ts';

/**
 * The metadata key naming the pull/merge request an event is about: the comment providers read
 * it, so it is not repeated in the text.
 */
export const ChangeRequestKey = 'changeRequest';

/**
 * The event as a Markdown post, the text Flux sends to Markdown-rendering services (Zulip, the
 * pull-request comment providers): a "Flux Status" heading, a severity emoji with
 * `Kind/namespace/name`, the message, then the metadata (but the change request) as a list.
 */
export function markdownPost(event: FluxEvent): string {
  const o = event.involvedObject;
  const emoji = event.severity === 'error' ? '⚠️' : 'ℹ️';
  const metadata = sortedMetadata(event)
    .filter(([k]) => k !== ChangeRequestKey)
    .map(([k, v]) => `* \`${k}\`: ${v}\n`)
    .join('');
  return `## Flux Status\n\n${emoji} ${o.kind ?? ''}/${o.namespace ?? ''}/${o.name ?? ''}\n\n${event.message}\n\nMetadata:\n${metadata}`;
}
