import { parse as parseYaml } from 'yaml';
import { parseDuration } from '../../api/meta/index.ts';
import type { Alert, AlertSpec, Provider, ProviderSpec } from '../../api/notification/v1beta3/index.ts';
import type { FluxEvent } from '../../runtime/events/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import { redactor } from '../../runtime/logging/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import { readSecret } from '../../runtime/secrets/index.ts';
import type { NotificationEnv } from './env.ts';
import { alertNotification } from './event-metadata.ts';
import { needsAddress, notifierFor, type ProviderConfig } from './providers/index.ts';

/** An Alert as the informers hold it. */
export type AlertObject = Omit<Alert, 'spec'> & KubeObject & { spec: AlertSpec };
/** A Provider as the informers hold it. */
export type ProviderObject = Omit<Provider, 'spec'> & KubeObject & { spec: ProviderSpec };

/** Flux's delivery timeout when a Provider sets none. */
export const DefaultProviderTimeoutMs = 15_000;

/** A Provider's `spec.timeout`, or Flux's default. */
export function providerTimeoutMs(provider: ProviderObject): number {
  return provider.spec.timeout ? parseDuration(provider.spec.timeout) : DefaultProviderTimeoutMs;
}

/**
 * Resolves a Provider's delivery settings: the spec, overridden by its Secret's `address`,
 * `token`, `username`, `password` and `headers` (a YAML map). Every Secret value is registered
 * with the redactor as it is read.
 */
export async function providerConfig(
  env: NotificationEnv,
  provider: ProviderObject,
): Promise<ProviderConfig> {
  const namespace = provider.metadata?.namespace ?? '';
  const config: ProviderConfig = {
    address: provider.spec.address ?? '',
    username: provider.spec.username,
    channel: provider.spec.channel,
    headers: {},
  };
  if (provider.spec.secretRef) {
    const data = (await readSecret(env.kube, namespace, provider.spec.secretRef.name)).texts();
    if (data.address) config.address = data.address.trim();
    if (data.token) config.token = data.token.trim();
    if (data.username) config.username = data.username;
    if (data.password) config.password = data.password;
    if (data.headers) {
      const parsed: unknown = parseYaml(data.headers);
      if (parsed && typeof parsed === 'object')
        for (const [k, v] of Object.entries(parsed)) {
          config.headers[k] = String(v);
          // header values are credentials more often than not (API keys)
          redactor.addSecret(config.headers[k]);
        }
      else throw new Error("failed to read headers from secret: 'headers' is not a map");
    }
  }
  if (!config.address && needsAddress(provider.spec.type)) throw new Error('provider has no address');
  return config;
}

/**
 * Delivers one event through one Alert: resolves the Alert's Provider (skipped when missing or
 * suspended), builds its notifier and posts within the Provider's timeout. Never throws: a
 * failure, after the notifier's retries, is logged and recorded as a Warning event on the Alert,
 * with every secret redacted.
 */
export async function deliver(env: NotificationEnv, alert: AlertObject, event: FluxEvent): Promise<void> {
  const namespace = alert.metadata?.namespace ?? '';
  const providerName = alert.spec.providerRef.name;
  const log = env.logger.withValues({
    alert: `${namespace}/${alert.metadata?.name}`,
    provider: `${namespace}/${providerName}`,
  });
  const provider = env.informerOf<ProviderObject>('Provider').get(namespace, providerName);
  if (!provider) {
    log.error(new Error(`provider '${namespace}/${providerName}' not found`), 'failed to read provider');
    return;
  }
  if (provider.spec.suspend) return;
  try {
    const config = await providerConfig(env, provider);
    const notifier = notifierFor(provider.spec.type, config);
    await notifier.post(
      alertNotification(event, alert.spec),
      AbortSignal.timeout(providerTimeoutMs(provider)),
    );
    log.debug('notification sent', { eventReason: event.reason });
  } catch (e: unknown) {
    const err = toError(e);
    log.error(err, 'failed to send notification', {
      involvedObject: `${event.involvedObject.kind}/${event.involvedObject.namespace}/${event.involvedObject.name}`,
    });
    env.recorder.event(alert, 'Warning', 'NotificationFailed', `failed to send notification: ${err.message}`);
  }
}
