import { createHmac } from 'node:crypto';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { postPayload } from './post.ts';

/** Where a batch of one event goes, and the `Authorization` it needs. */
export interface EventHubTarget {
  /** `https://<namespace>/<hub>/messages` (Event Hubs' HTTPS send API). */
  url: string;
  authorization: (now: number) => string;
}

/** A SAS token for `resource` (RFC-style `SharedAccessSignature`), valid for an hour. */
export function sasToken(resource: string, keyName: string, key: string, now: number): string {
  const expiry = Math.floor(now / 1000) + 3600;
  const encoded = encodeURIComponent(resource);
  const sig = createHmac('sha256', key).update(`${encoded}\n${expiry}`).digest('base64');
  return `SharedAccessSignature sr=${encoded}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=${encodeURIComponent(keyName)}`;
}

/** The namespace's host, `.servicebus.windows.net` appended to a short name, as Flux completes it. */
export function eventHubNamespace(namespace: string): string {
  if (namespace.includes('.servicebus.')) return namespace;
  const authority = process.env.AZURE_AUTHORITY_HOST ?? '';
  if (authority.includes('chinacloudapi.cn')) return `${namespace}.servicebus.chinacloudapi.cn`;
  if (authority.includes('microsoftonline.us')) return `${namespace}.servicebus.usgovcloudapi.net`;
  return `${namespace}.servicebus.windows.net`;
}

/**
 * The Event Hub a Provider names: with a connection string as `address` (`Endpoint=sb://...;
 * SharedAccessKeyName=...;SharedAccessKey=...;EntityPath=<hub>`), signed with its key; otherwise
 * `address` is the hub, `channel` the namespace and the Secret's `token` a JWT.
 */
export function eventHubTarget(config: ProviderConfig): EventHubTarget {
  if (!config.address) throw new Error('invalid authentication options: endpoint URL cannot be empty');
  if (config.address.includes('SharedAccessKey')) {
    if (config.token)
      throw new Error(
        'invalid authentication options: jwt token and SAS authentication cannot be set at the same time',
      );
    const parts = new Map<string, string>();
    for (const part of config.address.split(';')) {
      const at = part.indexOf('=');
      if (at > 0) parts.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
    }
    const endpoint = parts.get('endpoint');
    const keyName = parts.get('sharedaccesskeyname');
    const key = parts.get('sharedaccesskey');
    const hub = parts.get('entitypath');
    if (!endpoint || !keyName || !key || !hub)
      throw new Error(
        'failed to create a eventhub using SAS: the connection string needs Endpoint, SharedAccessKeyName, SharedAccessKey and EntityPath',
      );
    // `sb://` is the AMQP endpoint; its HTTPS twin takes the same host (an `http(s)://` endpoint is kept, for emulators)
    const base = new URL(endpoint.replace(/^sb:\/\//, 'https://'));
    const resource = `${base.protocol}//${base.host}/${hub}`;
    return {
      url: `${resource}/messages`,
      authorization: (now) => sasToken(resource, keyName, key, now),
    };
  }
  if (!config.token)
    throw new Error(
      'failed to create a eventhub using managed identity: workload identity is not supported by tsflux yet; set a token',
    );
  if (!config.channel)
    throw new Error(
      'failed to create a eventhub using authentication token: the namespace (channel) cannot be empty',
    );
  const token = config.token;
  return {
    url: `https://${eventHubNamespace(config.channel)}/${encodeURIComponent(config.address)}/messages`,
    authorization: () => `Bearer ${token}`,
  };
}

/**
 * `azureeventhub`: the event (Flux's JSON) sent to the Event Hub as one message, through Event
 * Hubs' HTTPS API rather than AMQP (the same hub, the same body). Commit-status-only events are
 * not sent.
 */
export function azureEventHubNotifier(config: ProviderConfig): Notifier {
  const target = eventHubTarget(config);
  return {
    post: async (event, signal) => {
      if (event.metadata?.commit_status === 'update') return;
      await postPayload(target.url, event, {
        signal,
        transport: config.transport,
        headers: {
          ...config.headers,
          Authorization: target.authorization(Date.now()),
          'Content-Type': 'application/atom+xml;type=entry;charset=utf-8',
        },
      });
    },
  };
}
