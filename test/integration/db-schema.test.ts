import { type DataSource, QueryFailedError } from 'typeorm';
import { CaseEntity } from '../../db/entities/case.entity';
import { PaymentEntity } from '../../db/entities/payment.entity';
import { NotificationEntity } from '../../db/entities/notification.entity';
import { ProcessDefinitionEntity } from '../../db/entities/process-definition.entity';
import { UserEntity } from '../../db/entities/user.entity';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const TABLES = [
  'attachment_blobs',
  'attachments',
  'batch_items',
  'batches',
  'business_key_sequences',
  'calendar_recompute_jobs',
  'calendar_years',
  'cases',
  'decisions',
  'forms',
  'history_events',
  'idempotency_keys',
  'job_clients',
  'jobs',
  'list_records',
  'login_throttle',
  'message_subscriptions',
  'notification_reads',
  'notifications',
  'objections',
  'payments',
  'process_definitions',
  'quota_reservations',
  'tasks',
  'timer_start_schedules',
  'users',
];

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('db-schema');
});

afterAll(async () => {
  await db?.drop();
});

async function tableNames(ds: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

async function newCase(ds: DataSource, overrides: Partial<CaseEntity> = {}): Promise<CaseEntity> {
  return ds.getRepository(CaseEntity).save({
    processKey: 'schema-test',
    processVersion: 1,
    businessKey: `bk-${Math.random().toString(36).slice(2)}`,
    ...overrides,
  });
}

async function constraintOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof QueryFailedError) return (err.driverError as { constraint?: string }).constraint;
    throw err;
  }
  return undefined;
}

describe('migrations', () => {
  it('create every table of the read model', async () => {
    // given a fresh database with migrations applied (beforeAll)
    // then
    expect(await tableNames(db.dataSource)).toEqual(TABLES);
  });

  it('match the entities exactly: the schema builder finds nothing to change', async () => {
    // when TypeORM compares entity metadata with the migrated schema
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    // then
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('revert cleanly and apply again', async () => {
    // given a second database migrated up
    const other = await createTestDatabase('db-schema-down');
    try {
      // when every migration is reverted
      const applied = async (): Promise<number> =>
        (await other.dataSource.query(`SELECT count(*)::int AS n FROM typeorm_migrations`))[0].n as number;
      expect(await applied()).toBeGreaterThan(0);
      while ((await applied()) > 0) await other.dataSource.undoLastMigration({ transaction: 'each' });
      // then nothing is left but the migrations table
      expect(await tableNames(other.dataSource)).toEqual([]);
      const functions = await other.dataSource.query(`SELECT proname FROM pg_proc WHERE proname LIKE 'rf_%'`);
      expect(functions).toEqual([]);
      // and up again restores the schema
      await other.dataSource.runMigrations({ transaction: 'each' });
      expect(await tableNames(other.dataSource)).toEqual(TABLES);
    } finally {
      await other.drop();
    }
  });
});

describe('history_events', () => {
  it('refuses UPDATE and DELETE with a clear message', async () => {
    // given one event
    const c = await newCase(db.dataSource);
    await db.dataSource.query(`INSERT INTO history_events (case_id, seq, type) VALUES ($1, 1, 'created')`, [
      c.id,
    ]);
    // when changed or removed, then refused
    await expect(
      db.dataSource.query(`UPDATE history_events SET type = 'x' WHERE case_id = $1`, [c.id]),
    ).rejects.toThrow('history_events is append-only: UPDATE refused');
    await expect(
      db.dataSource.query(`DELETE FROM history_events WHERE case_id = $1`, [c.id]),
    ).rejects.toThrow('history_events is append-only: DELETE refused');
    // and the row is intact
    const rows = await db.dataSource.query(`SELECT type FROM history_events WHERE case_id = $1`, [c.id]);
    expect(rows).toEqual([{ type: 'created' }]);
  });
});

describe('unique constraints', () => {
  it('refuse a second case with the same business key in the same process only', async () => {
    // given a case with business key BK-1 in process A
    await newCase(db.dataSource, { processKey: 'uniq-a', businessKey: 'BK-1' });
    // when the same key is used in process B, then it is accepted
    await expect(
      newCase(db.dataSource, { processKey: 'uniq-b', businessKey: 'BK-1' }),
    ).resolves.toBeDefined();
    // when it is used again in process A, then it is refused by the named constraint
    expect(await constraintOf(newCase(db.dataSource, { processKey: 'uniq-a', businessKey: 'BK-1' }))).toBe(
      'uq_cases_process_key_business_key',
    );
  });

  it('keep one payment row per (case, tranche, status) and one per idempotency key', async () => {
    const c = await newCase(db.dataSource);
    const payments = db.dataSource.getRepository(PaymentEntity);
    // given a paid first tranche
    const paid = await payments.save({
      caseId: c.id,
      tranche: 'first',
      percent: 50,
      amountFen: 5_000_000,
      status: 'paid',
      idempotencyKey: `${c.id}:pay-1`,
    });
    // then amounts and percents come back as numbers
    const reread = await payments.findOneByOrFail({ id: paid.id });
    expect(reread.amountFen).toBe(5_000_000);
    expect(reread.percent).toBe(50);
    // when the same tranche is paid again under another key, then refused
    expect(
      await constraintOf(
        payments.save({
          caseId: c.id,
          tranche: 'first',
          amountFen: 1,
          status: 'paid',
          idempotencyKey: `${c.id}:pay-2`,
        }),
      ),
    ).toBe('uq_payments_case_id_tranche_status');
    // when the same idempotency key is reused, then refused
    expect(
      await constraintOf(
        payments.save({
          caseId: c.id,
          tranche: 'second',
          amountFen: 1,
          status: 'paid',
          idempotencyKey: `${c.id}:pay-1`,
        }),
      ),
    ).toBe('uq_payments_idempotency_key');
    // and a claw-back of the same tranche is a separate, negative row
    await expect(
      payments.save({
        caseId: c.id,
        tranche: 'first',
        amountFen: -5_000_000,
        status: 'clawback',
        idempotencyKey: `${c.id}:claw-1`,
      }),
    ).resolves.toBeDefined();
  });

  it('refuse claw-backs that are not negative and payments that are', async () => {
    const c = await newCase(db.dataSource);
    const payments = db.dataSource.getRepository(PaymentEntity);
    expect(
      await constraintOf(
        payments.save({
          caseId: c.id,
          tranche: 't',
          amountFen: 100,
          status: 'clawback',
          idempotencyKey: `${c.id}:c`,
        }),
      ),
    ).toBe('ck_payments_amount_sign');
    expect(
      await constraintOf(
        payments.save({
          caseId: c.id,
          tranche: 't',
          amountFen: -100,
          status: 'paid',
          idempotencyKey: `${c.id}:p`,
        }),
      ),
    ).toBe('ck_payments_amount_sign');
  });

  it('refuse duplicate outbox idempotency keys, usernames and definition versions', async () => {
    const notifications = db.dataSource.getRepository(NotificationEntity);
    const n = { recipient: 'u', channel: 'inbox', template: 't', idempotencyKey: 'wf-1:el-1:notify' };
    await notifications.save({ ...n });
    expect(await constraintOf(notifications.save({ ...n }))).toBe('uq_notifications_idempotency_key');

    const users = db.dataSource.getRepository(UserEntity);
    await users.save({ username: 'dup-user', passwordHash: 'x', roles: ['admin'] });
    expect(await constraintOf(users.save({ username: 'dup-user', passwordHash: 'y' }))).toBe(
      'uq_users_username',
    );

    const defs = db.dataSource.getRepository(ProcessDefinitionEntity);
    const d = { key: 'k', name: 'n', xml: '<x/>', graph: {}, deployedBy: 'admin' };
    await defs.save({ ...d, version: 1, contentHash: 'h1' });
    expect(await constraintOf(defs.save({ ...d, version: 1, contentHash: 'h2' }))).toBe(
      'uq_process_definitions_key_version',
    );
    expect(await constraintOf(defs.save({ ...d, version: 2, contentHash: 'h1' }))).toBe(
      'uq_process_definitions_key_content_hash',
    );
  });
});

describe('inbox indexes', () => {
  async function plan(sql: string, params: unknown[]): Promise<string> {
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      // The tables are tiny; forbid sequential scans so the planner shows which index can serve the query.
      await runner.query(`SET LOCAL enable_seqscan = off`);
      const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${sql}`, params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('serve open tasks by candidate group, by assignee and by case', async () => {
    // given 1000 open tasks spread over 50 candidate groups, vacuumed as autovacuum would
    const c = await newCase(db.dataSource);
    await db.dataSource.query(
      `INSERT INTO tasks (case_id, element_id, element_instance_key, name, candidate_groups, process_key, due_at)
       SELECT $1, 'review', 'k' || g, 'Review', ARRAY['group-' || (g % 50)], 'p', now() + g * interval '1 hour'
       FROM generate_series(1, 1000) g`,
      [c.id],
    );
    await db.dataSource.query(`VACUUM ANALYZE tasks`); // also flushes the GIN pending list
    // then each inbox query shape can use its index
    const groups = ['group-7', 'group-8'];
    const inbox = `SELECT id FROM tasks WHERE state = 'open' AND candidate_groups && $1::text[]`;
    expect(await plan(inbox, [groups])).toContain('ix_tasks_candidate_groups_open');
    expect(await plan(`${inbox} ORDER BY due_at LIMIT 20`, [groups])).toMatch(
      /ix_tasks_candidate_groups_open|ix_tasks_open_due_at/,
    );
    expect(await plan(`SELECT id FROM tasks WHERE assignee = $1 AND state = 'open'`, ['alice'])).toContain(
      'ix_tasks_assignee_state',
    );
    expect(await plan(`SELECT id FROM tasks WHERE case_id = $1`, [c.id])).toMatch(
      /ix_tasks_case_id|uq_tasks_case_id_element_instance_key/,
    );
    expect(await plan(`SELECT id FROM cases WHERE active_elements && $1::text[]`, [['review']])).toContain(
      'ix_cases_active_elements',
    );
  });
});
