// Issue 17: a read-model write carrying text PostgreSQL refuses (NUL, lone surrogate) is stored with U+FFFD instead of
// failing, which as an activity error would be retried forever.
import { createCaseActivities } from '../../activities/case/case.activities';
import { type TestDatabase, createTestDatabase } from '../support/test-database';

describe('read model writes with unstorable text', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('read-model-text');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('given variables and history data holding NUL and a lone surrogate, when applied, then they are stored with U+FFFD', async () => {
    const caseId = '00000000-0000-4000-8000-000000000017';
    const activities = createCaseActivities({ dataSource: db.dataSource });
    await activities.applyReadModel({
      caseId,
      workflowId: `case-${caseId}`,
      ops: [
        {
          kind: 'ensureCase',
          processKey: 'p',
          processVersion: 1,
          businessKey: 'bk\u0000',
          variables: { note: 'a\u0000b' },
        },
        {
          kind: 'history',
          idempotencyKey: 'h1',
          type: 'message-correlated',
          elementId: null,
          actor: 'x\ud800',
          data: { 'k\u0000': 'x \ud800' },
          at: new Date().toISOString(),
        },
      ],
    });
    const [row] = await db.dataSource.query<{ business_key: string; variables: { note: string } }[]>(
      'SELECT business_key, variables FROM cases WHERE id = $1',
      [caseId],
    );
    expect(row?.business_key).toBe('bk\uFFFD');
    expect(row?.variables).toEqual({ note: 'a\uFFFDb' });
    const [event] = await db.dataSource.query<{ actor: string; data: unknown }[]>(
      'SELECT actor, data FROM history_events WHERE case_id = $1',
      [caseId],
    );
    expect(event).toEqual({ actor: 'x\uFFFD', data: { 'k\uFFFD': 'x \uFFFD' } });
  });
});
