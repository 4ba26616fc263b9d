import { CaseEntity } from '../../db/entities/case.entity';
import { appendHistory, appendHistoryEvents, listHistory } from '../../db/history.repository';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('db-history');
});

afterAll(async () => {
  await db?.drop();
});

async function newCase(): Promise<CaseEntity> {
  return db.dataSource.getRepository(CaseEntity).save({
    processKey: 'history-test',
    processVersion: 1,
    businessKey: `bk-${Math.random().toString(36).slice(2)}`,
  });
}

describe('appendHistory', () => {
  it('numbers events 1, 2, 3 per case and keeps each case apart', async () => {
    // given two cases
    const a = await newCase();
    const b = await newCase();
    // when events are appended to both
    await appendHistory(db.dataSource.manager, {
      caseId: a.id,
      type: 'created',
      actor: 'alice',
      data: { x: 1 },
    });
    await appendHistory(db.dataSource.manager, { caseId: b.id, type: 'created' });
    await appendHistory(db.dataSource.manager, { caseId: a.id, type: 'task-completed', elementId: 'review' });
    // then each case has its own gap-free sequence with the fields kept
    const history = await listHistory(db.dataSource.manager, a.id);
    expect(history.map((e) => [e.seq, e.type, e.elementId, e.actor])).toEqual([
      [1, 'created', null, 'alice'],
      [2, 'task-completed', 'review', null],
    ]);
    expect(history[0]?.data).toEqual({ x: 1 });
    expect((await listHistory(db.dataSource.manager, b.id)).map((e) => e.seq)).toEqual([1]);
  });

  it('writes nothing twice for the same idempotency key (activity retry or replay)', async () => {
    // given an event recorded under a key
    const c = await newCase();
    const key = `case-${c.id}:el-7:payment`;
    const first = await appendHistory(db.dataSource.manager, {
      caseId: c.id,
      type: 'payment',
      idempotencyKey: key,
      data: { a: 1 },
    });
    // when the same append is retried
    const again = await appendHistory(db.dataSource.manager, {
      caseId: c.id,
      type: 'payment',
      idempotencyKey: key,
      data: { a: 1 },
    });
    // then the first event is returned and no row is added
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.event.id).toBe(first.event.id);
    expect(await listHistory(db.dataSource.manager, c.id)).toHaveLength(1);
  });

  it('gives gap-free seq under 20 concurrent appends, half of them retries', async () => {
    // given one case
    const c = await newCase();
    // when 20 appends race on separate connections, 10 keyed distinctly and 10 duplicating those keys
    const appends = Array.from({ length: 20 }, (_, i) =>
      appendHistory(db.dataSource.manager, {
        caseId: c.id,
        type: 'tick',
        data: { i },
        idempotencyKey: `${c.id}:k${i % 10}`,
      }),
    );
    const results = await Promise.all(appends);
    // then exactly 10 rows exist, numbered 1..10, one per key
    expect(results.filter((r) => r.created)).toHaveLength(10);
    const history = await listHistory(db.dataSource.manager, c.id);
    expect(history.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(history.map((e) => e.idempotencyKey)).size).toBe(10);
  });

  it('gives gap-free seq under 20 concurrent unkeyed appends', async () => {
    const c = await newCase();
    await Promise.all(
      Array.from({ length: 20 }, () => appendHistory(db.dataSource.manager, { caseId: c.id, type: 'tick' })),
    );
    const seqs = (await listHistory(db.dataSource.manager, c.id)).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("joins the caller's transaction and rolls back with it", async () => {
    // given a case with one event
    const c = await newCase();
    await appendHistory(db.dataSource.manager, { caseId: c.id, type: 'created' });
    // when an append happens inside a transaction that then fails
    await expect(
      db.dataSource.transaction(async (tx) => {
        await appendHistory(tx, { caseId: c.id, type: 'doomed' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    // then it left nothing, and the next append takes seq 2
    await appendHistory(db.dataSource.manager, { caseId: c.id, type: 'next' });
    expect((await listHistory(db.dataSource.manager, c.id)).map((e) => [e.seq, e.type])).toEqual([
      [1, 'created'],
      [2, 'next'],
    ]);
  });
});

describe('appendHistoryEvents', () => {
  it('appends in order after the existing events, skips keys already recorded and leaves no seq gap', async () => {
    // given a case with one keyed event
    const c = await newCase();
    await appendHistory(db.dataSource.manager, {
      caseId: c.id,
      type: 'created',
      idempotencyKey: `${c.id}:k1`,
    });
    // when three events are appended at once, the first of them a retry of k1
    const n = await db.dataSource.transaction('READ COMMITTED', (tx) =>
      appendHistoryEvents(tx, c.id, [
        { type: 'created', idempotencyKey: `${c.id}:k1` },
        { type: 'task-completed', elementId: 'review', actor: 'alice', idempotencyKey: `${c.id}:k2` },
        { type: 'case-completed', data: { ok: true }, idempotencyKey: `${c.id}:k3` },
      ]),
    );
    // then two rows were written, numbered 2 and 3 in the given order
    expect(n).toBe(2);
    expect(
      (await listHistory(db.dataSource.manager, c.id)).map((e) => [
        e.seq,
        e.type,
        e.elementId,
        e.actor,
        e.data,
      ]),
    ).toEqual([
      [1, 'created', null, null, {}],
      [2, 'task-completed', 'review', 'alice', {}],
      [3, 'case-completed', null, null, { ok: true }],
    ]);
  });
});
