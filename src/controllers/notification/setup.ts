import { type ControllerDeps, componentRecorder, kindController } from '../../runtime/controller/index.ts';
import { DeliveryMetrics } from './delivery-metrics.ts';
import type { NotificationEnv } from './env.ts';
import { startEventServer } from './event-server.ts';
import { reconcileReceiver } from './receiver/reconcile.ts';
import { startReceiverServer } from './receiver/server.ts';

/** What the notification controller needs from the manager. */
export interface NotificationControllerOptions extends ControllerDeps {
  noCrossNamespaceRefs: boolean;
  /** Where the event server listens (Flux's notification-controller `--events-addr`); port 0 picks one. */
  eventsListenAddr: string;
  /** `--receiver-addr`: where the webhook receivers listen; port 0 picks one. */
  receiverAddr: string;
  /** `--rate-limit-interval`: one identical event per object per interval. */
  rateLimitIntervalMs: number;
  /** Where `gcr` Receivers read Google's ID-token keys; Google's URL unless a test serves its own. */
  googleCertsUrl?: string;
}

/** The running notification controller: its two servers' addresses and a stop that drains them. */
export interface RunningNotificationController {
  /** The event endpoint's URL, for this process's recorders when `--events-addr` is unset. */
  eventsUrl: string;
  receiverPort: number;
  stop(): Promise<void>;
}

/**
 * Starts the notification controller: the event server (Flux's event JSON in, Alerts matched,
 * Providers called), the webhook receiver server, and one controller loop for Receivers. Alerts
 * and Providers (v1beta3) have no status in Flux's API: they are read from the manager's informers
 * when an event arrives, and a delivery's failure is logged and recorded as an event on its Alert.
 */
export async function setupNotificationController(
  options: NotificationControllerOptions,
): Promise<RunningNotificationController> {
  // its own events are not posted to an event endpoint: that endpoint is this controller
  const recorder = componentRecorder({ ...options, eventsAddr: undefined }, 'notification-controller');
  const env: NotificationEnv = {
    kube: options.kube,
    informerOf: options.informerOf,
    logger: options.logger,
    recorder,
    noCrossNamespaceRefs: options.noCrossNamespaceRefs,
    recordDuration: (o, seconds) => options.controllerMetrics.recordDuration(o, seconds),
    deliveries: new DeliveryMetrics(options.metrics),
  };
  const events = await startEventServer(
    { ...env, logger: options.logger.withValues({ component: 'event-server' }) },
    options.eventsListenAddr,
    options.rateLimitIntervalMs,
  );
  const receivers = await startReceiverServer(
    { ...env, logger: options.logger.withValues({ component: 'receiver-server' }) },
    options.receiverAddr,
    { googleCertsUrl: options.googleCertsUrl },
  );
  const controller = kindController(
    options,
    {
      name: 'receiver',
      group: 'notification.toolkit.fluxcd.io',
      kind: 'Receiver',
      informer: options.informerOf('Receiver'),
    },
    { reconcile: (req, ctx) => reconcileReceiver(env, req, ctx) },
  );
  await controller.start();
  options.logger.info(`event endpoint on ${events.url}, webhook receivers on port ${receivers.port}`);
  return {
    eventsUrl: events.url,
    receiverPort: receivers.port,
    async stop() {
      await controller.stop();
      await receivers.stop();
      await events.stop();
      await recorder.close();
    },
  };
}
