// Builds the outbox dispatcher from validated config: the webhook channel is the default when a URL is set,
// otherwise notifications go to the log.
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { type NotificationChannel, createLogChannel, createWebhookChannel } from './notification-channels';
import { OutboxDispatcher } from './outbox-dispatcher';

export type NotifyConfig = Pick<
  AppConfig,
  'notifyWebhookUrl' | 'notifyWebhookTimeoutMs' | 'notifyMaxAttempts' | 'notifyPollIntervalMs'
>;

export function createOutboxDispatcher(
  dataSource: DataSource,
  config: NotifyConfig,
  logger?: Logger,
): OutboxDispatcher {
  const log = createLogChannel(logger);
  const channels: NotificationChannel[] = [log];
  if (config.notifyWebhookUrl)
    channels.push(
      createWebhookChannel({ url: config.notifyWebhookUrl, timeoutMs: config.notifyWebhookTimeoutMs }),
    );
  return new OutboxDispatcher({
    dataSource,
    channels,
    defaultChannel: config.notifyWebhookUrl ? 'webhook' : 'log',
    maxAttempts: config.notifyMaxAttempts,
    pollIntervalMs: config.notifyPollIntervalMs,
    sweepOverdue: true,
    ...(logger ? { logger } : {}),
  });
}
