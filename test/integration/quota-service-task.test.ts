// The `quota` built-in on real PostgreSQL: places are shared by every case of a (quota, period, grade), taken at
// most once per case, and never more than the limit, even when reservations race.
import { ApplicationFailure } from '@temporalio/common';
import { builtinServiceTasks } from '../../activities/case/service-tasks';
import { CaseEntity } from '../../db/entities/case.entity';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
const quota = builtinServiceTasks.quota!;

beforeAll(async () => {
  db = await createTestDatabase('quota-service-task');
});
afterAll(async () => {
  await db?.drop();
});

async function newCase(): Promise<string> {
  const row = await db.dataSource.getRepository(CaseEntity).save({
    processKey: 'quota-test',
    processVersion: 1,
    businessKey: `bk-${Math.random().toString(36).slice(2)}`,
  });
  return row.id;
}

const reserve = (caseId: string, key: string, inputs: Record<string, unknown>) =>
  quota({
    dataSource: db.dataSource,
    caseId,
    workflowId: `case-${caseId}`,
    key,
    elementId: 'reserveQuota',
    taskType: 'quota',
    headers: {},
    inputs: { quota: 'q01', ...inputs },
    idempotencyKey: `case-${caseId}:${key}`,
  });

const errorType = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err instanceof ApplicationFailure ? (err.type ?? undefined) : 'not an ApplicationFailure';
  }
};

describe('quota service task', () => {
  it('given 12 cases racing for 5 places, when they reserve at once, then exactly 5 get slots 1..5 and 7 are refused', async () => {
    // given
    const cases = await Promise.all(Array.from({ length: 12 }, () => newCase()));
    // when
    const results = await Promise.allSettled(
      cases.map((id) => reserve(id, '7', { period: '2040', grade: 'A', limit: 5 })),
    );
    // then
    const slots = results
      .filter((r): r is PromiseFulfilledResult<Record<string, unknown> | void> => r.status === 'fulfilled')
      .map((r) => (r.value as { quotaSlot: number }).quotaSlot)
      .sort();
    expect(slots).toEqual([1, 2, 3, 4, 5]);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(7);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ApplicationFailure);
      expect((r.reason as ApplicationFailure).type).toBe('QUOTA_EXHAUSTED');
      expect((r.reason as ApplicationFailure).nonRetryable).toBe(true);
    }
    const [{ n }] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM quota_reservations WHERE quota = 'q01' AND period = '2040' AND grade = 'A'`,
    )) as [{ n: number }];
    expect(n).toBe(5);
  });

  it('given a case holding a place, when the activity is retried or the element runs again, then it keeps its one place', async () => {
    const caseId = await newCase();
    const first = await reserve(caseId, '3', { period: '2041', grade: 'B', limit: 10 });
    // when: the same activity again (retry/replay), and a later visit with a new element-instance key
    const retried = await reserve(caseId, '3', { period: '2041', grade: 'B', limit: 10 });
    const again = await reserve(caseId, '9', { period: 2041, grade: 'B', limit: 10 });
    // then
    expect(first).toEqual({ quotaSlot: 1 });
    expect(retried).toEqual({ quotaSlot: 1 });
    expect(again).toEqual({ quotaSlot: 1 });
    const rows = (await db.dataSource.query(`SELECT slot FROM quota_reservations WHERE case_id = $1`, [
      caseId,
    ])) as unknown[];
    expect(rows).toHaveLength(1);
    const history = (await db.dataSource.query(
      `SELECT data FROM history_events WHERE case_id = $1 AND type = 'quota-reserved'`,
      [caseId],
    )) as { data: Record<string, unknown> }[];
    expect(history.map((h) => h.data)).toEqual([
      { quota: 'q01', period: '2041', grade: 'B', slot: 1, limit: 10 },
    ]);
  });

  it('given a full grade in one year, when another year or grade is asked, then those are independent', async () => {
    const [a, b, c] = [await newCase(), await newCase(), await newCase()];
    await reserve(a, '1', { period: '2042', grade: 'C', limit: 1 });
    expect(await errorType(reserve(b, '1', { period: '2042', grade: 'C', limit: 1 }))).toBe(
      'QUOTA_EXHAUSTED',
    );
    expect(await reserve(b, '2', { period: '2043', grade: 'C', limit: 1 })).toEqual({ quotaSlot: 1 });
    expect(await reserve(c, '1', { period: '2042', grade: 'B', limit: 1 })).toEqual({ quotaSlot: 1 });
  });

  it('given a place in one grade, when the case asks for another grade of the same year, then it is an incident, not a second place', async () => {
    const caseId = await newCase();
    await reserve(caseId, '1', { period: '2044', grade: 'A', limit: 5 });
    expect(await errorType(reserve(caseId, '2', { period: '2044', grade: 'B', limit: 10 }))).toBe(
      'INVALID_PARAMETER',
    );
  });

  it.each([
    [{ period: '2045', grade: 'A' }, 'limit'],
    [{ period: '', grade: 'A', limit: 5 }, 'period'],
    [{ period: '2045', limit: 5 }, 'grade'],
    [{ period: '2045', grade: 'A', limit: 2.5 }, 'limit'],
  ])('given bad inputs %j, when reserving, then an INVALID_PARAMETER names %s', async (inputs, field) => {
    const caseId = await newCase();
    await expect(reserve(caseId, '1', inputs)).rejects.toMatchObject({
      type: 'INVALID_PARAMETER',
      message: expect.stringContaining(field) as unknown,
    });
  });
});
