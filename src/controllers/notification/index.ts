export { webhookPath } from './receiver/webhook-path.ts';
export {
  type NotificationControllerOptions,
  type RunningNotificationController,
  setupNotificationController,
} from './setup.ts';
