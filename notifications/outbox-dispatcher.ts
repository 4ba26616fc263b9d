// Polls the notifications outbox and delivers due rows. Rows are claimed with FOR UPDATE SKIP LOCKED and stay
// locked until their outcome is written, so any number of dispatchers never deliver one row twice at once.
import pino, { type Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type NotificationChannel,
  type OutboxMessage,
  PermanentDeliveryError,
} from './notification-channels';
import { sweepOverdueTasks } from './enqueue-notification';
import {
  claimDueNotifications,
  markNotificationDead,
  markNotificationSent,
  type OutboxRow,
  scheduleNotificationRetry,
} from '../db/notifications.repository';

export interface OutboxDispatcherOptions {
  dataSource: DataSource;
  /** by name; rows whose channel is not listed go to `defaultChannel` */
  channels: NotificationChannel[];
  defaultChannel: string;
  maxAttempts?: number;
  /** first retry delay; doubles per attempt up to `maxBackoffMs` */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  pollIntervalMs?: number;
  batchSize?: number;
  /** also enqueue one `task-overdue` row per open task past its due date on every poll */
  sweepOverdue?: boolean;
  logger?: Logger;
}

export interface DispatchResult {
  sent: number;
  retried: number;
  dead: number;
}

/** Delay before attempt `attempts + 1`, given `attempts` already made (>= 1). */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export class OutboxDispatcher {
  private readonly channels = new Map<string, NotificationChannel>();
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: OutboxDispatcherOptions) {
    for (const c of options.channels) this.channels.set(c.name, c);
    if (!this.channels.has(options.defaultChannel))
      throw new Error(`default notification channel '${options.defaultChannel}' is not configured`);
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseBackoffMs = options.baseBackoffMs ?? 5_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 20;
    this.logger = options.logger ?? pino({ name: 'outbox-dispatcher' });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for the batch in flight, so shutdown never leaves a delivery half-recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let full = false;
    try {
      if (this.options.sweepOverdue) await sweepOverdueTasks(this.options.dataSource);
      const r = await this.dispatchOnce();
      full = r.sent + r.retried + r.dead >= this.batchSize;
    } catch (err) {
      this.logger.warn({ err }, 'outbox poll failed');
    }
    // A full batch suggests a backlog: poll again at once.
    this.schedule(full ? 0 : this.pollIntervalMs);
  }

  /** Claims up to one batch of due rows, delivers them and records each outcome. */
  async dispatchOnce(): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, retried: 0, dead: 0 };
    await this.options.dataSource.transaction('READ COMMITTED', async (tx) => {
      const rows = await claimDueNotifications(tx, this.batchSize);
      const outcomes = await Promise.all(rows.map((row) => this.deliver(row)));
      for (const [i, outcome] of outcomes.entries()) {
        const row = rows[i]!;
        result[await this.record(tx, row, outcome)] += 1;
      }
    });
    return result;
  }

  private async deliver(row: OutboxRow): Promise<Error | null> {
    const channel = this.channels.get(row.channel) ?? this.channels.get(this.options.defaultChannel)!;
    const message: OutboxMessage = {
      id: row.id,
      caseId: row.case_id,
      recipient: row.recipient,
      channel: channel.name,
      template: row.template,
      payload: row.payload,
      idempotencyKey: row.idempotency_key,
      attempts: row.attempts + 1,
    };
    try {
      await channel.deliver(message);
      return null;
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  private async record(
    tx: EntityManager,
    row: OutboxRow,
    error: Error | null,
  ): Promise<keyof DispatchResult> {
    const attempts = row.attempts + 1;
    if (!error) {
      await markNotificationSent(tx, row.id, attempts);
      return 'sent';
    }
    if (error instanceof PermanentDeliveryError || attempts >= this.maxAttempts) {
      await markNotificationDead(tx, row.id, attempts, error.message);
      this.logger.error(
        { notificationId: row.id, attempts, err: error.message },
        'notification dead-lettered',
      );
      return 'dead';
    }
    const delay = backoffMs(attempts, this.baseBackoffMs, this.maxBackoffMs);
    await scheduleNotificationRetry(tx, row.id, attempts, error.message, delay);
    return 'retried';
  }
}
