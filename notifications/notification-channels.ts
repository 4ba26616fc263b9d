// Delivery channels for the outbox dispatcher. A channel throws to ask for a retry; `permanent` errors go
// straight to the dead letter (e.g. a 4xx that no retry will fix).
import pino, { type Logger } from 'pino';

export interface OutboxMessage {
  id: string;
  caseId: string | null;
  recipient: string;
  channel: string;
  template: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  attempts: number;
}

export interface NotificationChannel {
  readonly name: string;
  deliver(message: OutboxMessage): Promise<void>;
}

export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** One structured line per notification; for development and as the fallback when no webhook is configured. */
export function createLogChannel(logger: Logger = pino({ name: 'notifications' })): NotificationChannel {
  return {
    name: 'log',
    deliver(message) {
      logger.info(
        {
          notificationId: message.id,
          caseId: message.caseId,
          recipient: message.recipient,
          template: message.template,
          payload: message.payload,
        },
        'notification',
      );
      return Promise.resolve();
    },
  };
}

export interface WebhookChannelOptions {
  url: string;
  timeoutMs: number;
}

/** POSTs the message as JSON; `Idempotency-Key` lets the receiver drop a redelivery after a lost answer. */
export function createWebhookChannel(options: WebhookChannelOptions): NotificationChannel {
  return {
    name: 'webhook',
    async deliver(message) {
      let res: Response;
      try {
        res = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
          body: JSON.stringify({
            id: message.id,
            caseId: message.caseId,
            recipient: message.recipient,
            template: message.template,
            payload: message.payload,
            idempotencyKey: message.idempotencyKey,
          }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (err) {
        const e = err as Error;
        throw new Error(
          e.name === 'TimeoutError'
            ? `webhook timed out after ${options.timeoutMs} ms`
            : `webhook: ${e.message}`,
        );
      }
      await res.body?.cancel().catch(() => undefined);
      if (res.ok) return;
      // 408 and 429 are worth retrying like 5xx; other 4xx will not improve.
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      const msg = `webhook answered HTTP ${res.status}`;
      throw retryable ? new Error(msg) : new PermanentDeliveryError(msg);
    },
  };
}
