import { parseDuration } from '../../api/meta/index.ts';
import type { Alert, AlertSpec, Provider, ProviderSpec } from '../../api/notification/v1beta3/index.ts';
import type { FluxEvent } from '../../runtime/events/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import type { NotificationEnv } from './env.ts';
import { providerConfig } from './provider-config.ts';
import { providerTypeOf } from './provider-type.ts';
import { ChangeRequestCommentTypes, ChangeRequestKey, notifierFor } from './providers/index.ts';
import { notificationOf } from './templates.ts';

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
 * Delivers one event through one Alert: resolves the Alert's Provider (skipped when missing or
 * suspended; a change-request comment Provider takes only events naming a change request), builds
 * its notifier and posts within the Provider's timeout. Never throws: a failure, after the
 * notifier's retries, is logged, recorded as a Warning event on the Alert and counted in the
 * Provider's metrics, with every secret redacted.
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
  const notification = notificationOf(env, alert, event);
  if (ChangeRequestCommentTypes.has(provider.spec.type) && !notification.metadata?.[ChangeRequestKey]) {
    log.debug('skipping event without a change request for a change request comment provider');
    return;
  }
  const labels = { name: providerName, namespace, type: providerTypeOf(provider) };
  const started = performance.now();
  try {
    const config = await providerConfig(env, provider, { alert, event: notification });
    const notifier = notifierFor(labels.type, config);
    await notifier.post(notification, AbortSignal.timeout(providerTimeoutMs(provider)));
    env.deliveries?.record(labels, 'success', (performance.now() - started) / 1000);
    log.debug('notification sent', { eventReason: event.reason });
  } catch (e: unknown) {
    const err = toError(e);
    env.deliveries?.record(labels, 'failure', (performance.now() - started) / 1000);
    log.error(err, 'failed to send notification', {
      involvedObject: `${event.involvedObject.kind}/${event.involvedObject.namespace}/${event.involvedObject.name}`,
    });
    env.recorder.event(alert, 'Warning', 'NotificationFailed', `failed to send notification: ${err.message}`);
  }
}
