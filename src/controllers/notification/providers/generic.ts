import type { FluxEvent } from '../../../runtime/events/index.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { postPayload } from './post.ts';

/** Headers every generic delivery carries: the Secret's, then the sending controller's name. */
export function genericHeaders(config: ProviderConfig, event: FluxEvent): Record<string, string> {
  return { ...config.headers, 'gotk-component': event.reportingController };
}

/**
 * `generic`: the event itself, in Flux's JSON format, POSTed to the address with the Secret's
 * headers (so a receiver written for Flux reads tsflux's deliveries unchanged).
 */
export function genericNotifier(config: ProviderConfig): Notifier {
  return {
    post: (event, signal) =>
      postPayload(config.address, event, {
        signal,
        headers: genericHeaders(config, event),
        transport: config.transport,
      }),
  };
}
