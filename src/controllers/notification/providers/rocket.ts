import type { FluxEvent } from '../../../runtime/events/index.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { postPayload } from './post.ts';
import { slackPayload } from './slack.ts';

/** Rocket.Chat's attachment colours as Flux sends them: blue for info, red for errors. */
const RocketColors = { info: '#0076D7', error: '#FF0000' };

/**
 * Rocket.Chat's incoming webhooks read Slack's attachment format
 * (https://docs.rocket.chat/use-rocket.chat/workspace-administration/integrations), so the message
 * is Slack's with hex colours, and the username is only the Provider's (no sender fallback).
 */
export function rocketPayload(event: FluxEvent, config: Pick<ProviderConfig, 'username' | 'channel'>) {
  const slack = slackPayload(event, config);
  const color = event.severity === 'error' ? RocketColors.error : RocketColors.info;
  return {
    ...slack,
    username: config.username ?? '',
    attachments: slack.attachments.map((a) => ({ ...a, color })),
  };
}

/** `rocket`: the payload POSTed to the Rocket.Chat webhook address. */
export function rocketNotifier(config: ProviderConfig): Notifier {
  return {
    post: (event, signal) =>
      postPayload(config.address, rocketPayload(event, config), {
        signal,
        headers: config.headers,
        transport: config.transport,
      }),
  };
}
