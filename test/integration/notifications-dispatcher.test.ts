// The outbox dispatcher against real PostgreSQL, with a local HTTP server as the webhook target.
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Writable } from 'node:stream';
import {
  type NotificationChannel,
  createLogChannel,
  createWebhookChannel,
} from '../../notifications/notification-channels';
import { loadConfig } from '../../config/app-config';
import { createOutboxDispatcher } from '../../notifications/create-dispatcher';
import { OutboxDispatcher, backoffMs } from '../../notifications/outbox-dispatcher';
import { type TestDatabase, createTestDatabase } from '../support/test-database';

let db: TestDatabase;
const quiet = pino({ level: 'silent' });

beforeAll(async () => {
  db = await createTestDatabase('notifications-dispatcher');
});
afterAll(async () => {
  await db?.drop();
});

interface Hook {
  url: string;
  bodies: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A webhook target answering with the given statuses in turn (the last one repeats). */
async function webhook(statuses: number[], delayMs = 0): Promise<Hook> {
  const bodies: Record<string, unknown>[] = [];
  let calls = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const status = statuses[Math.min(calls, statuses.length - 1)] ?? 200;
      calls += 1;
      bodies.push({ ...(JSON.parse(data) as Record<string, unknown>), _status: status });
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

async function enqueue(channel: string, template = 'test'): Promise<string> {
  const key = `test:${randomUUID()}`;
  const rows: { id: string }[] = await db.dataSource.query(
    `INSERT INTO notifications (recipient, channel, template, payload, idempotency_key)
     VALUES ('alice', $1, $2, $3, $4) RETURNING id`,
    [channel, template, JSON.stringify({ n: 1 }), key],
  );
  return rows[0]!.id;
}

interface NotificationRow {
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  sent_at: Date | null;
}

async function rowOf(id: string): Promise<NotificationRow> {
  const rows: NotificationRow[] = await db.dataSource.query(`SELECT * FROM notifications WHERE id = $1`, [
    id,
  ]);
  return rows[0]!;
}

/** Makes a retried row due now, standing in for the backoff delay passing. */
async function makeDue(id: string): Promise<void> {
  await db.dataSource.query(`UPDATE notifications SET next_attempt_at = now() WHERE id = $1`, [id]);
}

/** Only rows created by this test are due: others are pushed into the future. */
async function isolate(): Promise<void> {
  await db.dataSource.query(
    `UPDATE notifications SET next_attempt_at = now() + interval '1 day' WHERE status = 'pending'`,
  );
}

function dispatcher(
  channels: NotificationChannel[],
  extra: Partial<ConstructorParameters<typeof OutboxDispatcher>[0]> = {},
) {
  return new OutboxDispatcher({
    dataSource: db.dataSource,
    channels,
    defaultChannel: channels[0]!.name,
    logger: quiet,
    baseBackoffMs: 1_000,
    ...extra,
  });
}

describe('backoff', () => {
  it('doubles per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((a) => backoffMs(a, 1_000, 30_000))).toEqual([
      1_000, 2_000, 4_000, 8_000, 30_000,
    ]);
  });
});

describe('delivery', () => {
  beforeEach(isolate);

  it('given a log row, when dispatched, then one structured line is written and the row is sent', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const id = await enqueue('log', 'task-assigned');
    const d = dispatcher([createLogChannel(pino(sink))]);

    const result = await d.dispatchOnce();

    expect(result).toEqual({ sent: 1, retried: 0, dead: 0 });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toEqual([
      expect.objectContaining({
        notificationId: id,
        recipient: 'alice',
        template: 'task-assigned',
        payload: { n: 1 },
      }),
    ]);
    const row = await rowOf(id);
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(1);
    expect(row.sent_at).not.toBeNull();
  });

  it('given a webhook row, when dispatched, then the target gets the JSON and the row is sent', async () => {
    const hook = await webhook([200]);
    try {
      const id = await enqueue('webhook', 'decision-made');
      const d = dispatcher([createWebhookChannel({ url: hook.url, timeoutMs: 2_000 })]);

      await d.dispatchOnce();

      expect(hook.bodies).toEqual([
        expect.objectContaining({ id, recipient: 'alice', template: 'decision-made', payload: { n: 1 } }),
      ]);
      expect((await rowOf(id)).status).toBe('sent');
    } finally {
      await hook.close();
    }
  });

  it("given an 'inbox' row, when dispatched, then it goes through the default channel", async () => {
    const hook = await webhook([204]);
    try {
      const id = await enqueue('inbox');
      const d = dispatcher([
        createWebhookChannel({ url: hook.url, timeoutMs: 2_000 }),
        createLogChannel(quiet),
      ]);
      await d.dispatchOnce();
      expect(hook.bodies).toHaveLength(1);
      expect((await rowOf(id)).status).toBe('sent');
    } finally {
      await hook.close();
    }
  });
});

describe('retry and dead letter', () => {
  beforeEach(isolate);

  it('given a webhook answering 500 twice, when retried after backoff, then the third attempt sends', async () => {
    const hook = await webhook([500, 500, 200]);
    try {
      const id = await enqueue('webhook');
      const d = dispatcher([createWebhookChannel({ url: hook.url, timeoutMs: 2_000 })], { maxAttempts: 5 });

      const before = Date.now();
      expect(await d.dispatchOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
      let row = await rowOf(id);
      expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'webhook answered HTTP 500' });
      expect(row.next_attempt_at.getTime()).toBeGreaterThanOrEqual(before + 900);
      // Not due yet: nothing is delivered.
      expect(await d.dispatchOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });

      await makeDue(id);
      const second = Date.now();
      await d.dispatchOnce();
      row = await rowOf(id);
      expect(row.attempts).toBe(2);
      // The second delay doubles the first.
      expect(row.next_attempt_at.getTime()).toBeGreaterThanOrEqual(second + 1_900);

      await makeDue(id);
      expect(await d.dispatchOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
      row = await rowOf(id);
      expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
      expect(hook.bodies.map((b) => b._status)).toEqual([500, 500, 200]);
    } finally {
      await hook.close();
    }
  });

  it('given a webhook that always fails, when max attempts are used up, then the row is dead', async () => {
    const hook = await webhook([503]);
    try {
      const id = await enqueue('webhook');
      const d = dispatcher([createWebhookChannel({ url: hook.url, timeoutMs: 2_000 })], { maxAttempts: 3 });
      for (let i = 0; i < 3; i++) {
        await makeDue(id);
        await d.dispatchOnce();
      }
      expect(await rowOf(id)).toMatchObject({
        status: 'dead',
        attempts: 3,
        last_error: 'webhook answered HTTP 503',
      });
      await makeDue(id);
      await d.dispatchOnce();
      expect(hook.bodies).toHaveLength(3);
    } finally {
      await hook.close();
    }
  });

  it('given a webhook that times out, when dispatched, then the timeout is the recorded error', async () => {
    const hook = await webhook([200], 1_000);
    try {
      const id = await enqueue('webhook');
      const d = dispatcher([createWebhookChannel({ url: hook.url, timeoutMs: 100 })]);
      await d.dispatchOnce();
      expect(await rowOf(id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_error: 'webhook timed out after 100 ms',
      });
    } finally {
      await hook.close();
    }
  });

  it('given a 400 answer, when dispatched, then the row is dead at once', async () => {
    const hook = await webhook([400]);
    try {
      const id = await enqueue('webhook');
      const d = dispatcher([createWebhookChannel({ url: hook.url, timeoutMs: 2_000 })], { maxAttempts: 5 });
      await d.dispatchOnce();
      expect(await rowOf(id)).toMatchObject({ status: 'dead', attempts: 1 });
    } finally {
      await hook.close();
    }
  });
});

describe('concurrency and lifecycle', () => {
  beforeEach(isolate);

  it('given two dispatchers polling at once, when 60 rows are due, then each is delivered exactly once', async () => {
    const hook = await webhook([200], 20);
    try {
      const ids = await Promise.all(Array.from({ length: 60 }, () => enqueue('webhook')));
      const make = () =>
        dispatcher([createWebhookChannel({ url: hook.url, timeoutMs: 5_000 })], { batchSize: 7 });
      const a = make();
      const b = make();
      const drain = async (d: OutboxDispatcher) => {
        let total = 0;
        for (;;) {
          const r = await d.dispatchOnce();
          if (r.sent + r.retried + r.dead === 0) return total;
          total += r.sent;
        }
      };

      const [na, nb] = await Promise.all([drain(a), drain(b)]);

      expect(na + nb).toBe(60);
      expect(na).toBeGreaterThan(0);
      expect(nb).toBeGreaterThan(0);
      const delivered = hook.bodies.map((x) => x.id as string);
      expect(new Set(delivered).size).toBe(delivered.length);
      expect(delivered.sort()).toEqual([...ids].sort());
    } finally {
      await hook.close();
    }
  });

  it('given a started dispatcher, when stopped, then it delivers what was due and polls no more', async () => {
    const id = await enqueue('log');
    const d = dispatcher([createLogChannel(quiet)], { pollIntervalMs: 20 });
    d.start();
    const deadline = Date.now() + 5_000;
    while ((await rowOf(id)).status !== 'sent' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    await d.stop();
    expect((await rowOf(id)).status).toBe('sent');

    const later = await enqueue('log');
    await new Promise((r) => setTimeout(r, 150));
    expect((await rowOf(later)).status).toBe('pending');
  });
});

describe('configuration', () => {
  beforeEach(isolate);

  it('given NOTIFY_WEBHOOK_URL, when the dispatcher is built from config, then inbox rows go to the webhook', async () => {
    const hook = await webhook([200]);
    try {
      const config = loadConfig({ NOTIFY_WEBHOOK_URL: hook.url, NOTIFY_MAX_ATTEMPTS: '2' });
      expect(config).toMatchObject({
        notifyWebhookUrl: hook.url,
        notifyMaxAttempts: 2,
        notifyWebhookTimeoutMs: 5_000,
      });
      const id = await enqueue('inbox');

      await createOutboxDispatcher(db.dataSource, config, quiet).dispatchOnce();

      expect(hook.bodies.map((b) => b.id)).toEqual([id]);
    } finally {
      await hook.close();
    }
  });

  it('given a bad NOTIFY_WEBHOOK_URL, when config loads, then the error names the variable', () => {
    expect(() => loadConfig({ NOTIFY_WEBHOOK_URL: 'ftp://x' })).toThrow(
      /NOTIFY_WEBHOOK_URL="ftp:\/\/x" is invalid/,
    );
    expect(() => loadConfig({ NOTIFY_MAX_ATTEMPTS: '0' })).toThrow(/NOTIFY_MAX_ATTEMPTS/);
  });
});
