import { createHmac } from 'node:crypto';
import { genericHeaders } from './generic.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { postPayload } from './post.ts';

/**
 * `generic-hmac`: as `generic`, signed: `X-Signature: sha256=<hex HMAC-SHA256 of the body>` keyed
 * with the Secret's `token`, so the receiver can tell the event came from this controller.
 */
export function genericHmacNotifier(config: ProviderConfig): Notifier {
  if (!config.token) throw new Error("generic-hmac requires a 'token' in the provider's secret");
  const key = config.token;
  return {
    post: (event, signal) => {
      const body = Buffer.from(JSON.stringify(event));
      const signature = createHmac('sha256', key).update(body).digest('hex');
      return postPayload(config.address, undefined, {
        signal,
        transport: config.transport,
        body,
        headers: { ...genericHeaders(config, event), 'X-Signature': `sha256=${signature}` },
      });
    },
  };
}
