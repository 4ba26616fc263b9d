import { type CaseTimer, caseStateQuery } from '../../workflows/messages';
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

interface Item {
  caseId: string;
  status: string;
  error?: string;
}

describe('API batches', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-batches');
    for (const f of ['user-task', 'message-catch', 'publicity-with-objections'])
      await t.deploy(fixtureXml(f));
  });
  afterAll(async () => {
    await t?.close();
  });

  const run = async (body: object, user: string) =>
    t
      .http()
      .post('/api/v1/batches')
      .set('Authorization', await t.as(user))
      .send(body);
  const history = async (caseId: string) =>
    (
      await t
        .http()
        .get(`/api/v1/cases/${caseId}/history`)
        .set('Authorization', await t.as('admin'))
    ).body as { type: string; actor?: string; data: Record<string, unknown> }[];

  async function reviewCases(n: number, district = 'lixia') {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = await t.startCase('user-task', { district });
      await t.openTasks(c.id, 'city-reviewer1');
      ids.push(c.id);
    }
    return ids;
  }

  it('given open review tasks, when a complete-task batch runs, then each item reports and one failure hides nothing', async () => {
    const ready = await reviewCases(3);
    const noTask = await t.startCase('message-catch', {});
    const ghost = '00000000-0000-4000-8000-000000000000';
    const caseIds = [ready[0]!, noTask.id, ready[1]!, ghost, ready[2]!];
    const res = await run(
      {
        title: 'district list approval',
        caseIds,
        action: { type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } },
      },
      'city-reviewer1',
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      title: 'district list approval',
      action: { type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } },
      createdBy: 'city-reviewer1',
      createdAt: expect.any(String),
    });
    const items = res.body.items as Item[];
    expect(items.map((i) => i.caseId)).toEqual(caseIds);
    expect(items.map((i) => i.status)).toEqual(['done', 'failed', 'done', 'failed', 'done']);
    expect(items[1]?.error).toContain('review');
    expect(items[3]?.error).toContain('not found');

    for (const id of ready) {
      const events = await history(id);
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'batch',
          actor: 'city-reviewer1',
          data: expect.objectContaining({ batchId: res.body.id }),
        }),
      );
    }
    const again = await t
      .http()
      .get(`/api/v1/batches/${res.body.id}`)
      .set('Authorization', await t.as('city-reviewer1'));
    expect(again.status).toBe(200);
    expect(
      (again.body.items as Item[])
        .filter((i) => i.status === 'done')
        .map((i) => i.caseId)
        .sort(),
    ).toEqual([...ready].sort());
    const rows: { status: string }[] = await t.database.dataSource.query(
      'select status from batch_items where batch_id = $1',
      [res.body.id],
    );
    expect(rows.every((r) => r.status !== 'pending')).toBe(true);
  });

  it('given a caller who may not complete the tasks, when a complete-task batch runs, then every item fails with its reason', async () => {
    const ids = await reviewCases(2);
    const res = await run(
      {
        title: 'not mine',
        caseIds: ids,
        action: { type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } },
      },
      // sees every case, is no candidate of the review (expert1 would not even see the cases: not found)
      'finance1',
    );
    expect(res.status).toBe(201);
    for (const item of res.body.items as Item[]) {
      expect(item.status).toBe('failed');
      expect(item.error).toMatch(/candidate/);
    }
    const other = await run(
      {
        title: 'other district',
        caseIds: ids,
        action: { type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } },
      },
      'shizhong-reviewer',
    );
    expect(
      (other.body.items as Item[]).every((i) => i.status === 'failed' && /not found/.test(i.error ?? '')),
    ).toBe(true);
  });

  it('given cases waiting for the list, when a message batch publishes it, then all start together; one not waiting fails', async () => {
    const waiting = [await t.startCase('message-catch', {}), await t.startCase('message-catch', {})];
    for (const c of waiting)
      await t.eventually(
        async () =>
          (
            await t
              .http()
              .get(`/api/v1/cases/${c.id}`)
              .set('Authorization', await t.as('admin'))
          ).body as { activeElements: string[] },
        (b) => b.activeElements.includes('published'),
      );
    const [busy] = await reviewCases(1);
    const res = await run(
      {
        title: 'publicity list 7',
        caseIds: [...waiting.map((c) => c.id), busy!],
        action: { type: 'message', name: 'publish-list', variables: { listNo: 7 } },
      },
      'orgdept1',
    );
    expect(res.status).toBe(201);
    expect((res.body.items as Item[]).map((i) => i.status)).toEqual(['done', 'done', 'failed']);
    expect((res.body.items as Item[])[2]?.error).toMatch(/not waiting/);
  });

  it('given 3 cases waiting for the publicity list, when a message batch publishes it, then every period starts at the same instant', async () => {
    // given
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await t.startCase('publicity-with-objections', {}));
    const state = (id: string) => t.temporal.client.workflow.getHandle(`case-${id}`).query(caseStateQuery);
    for (const c of cases)
      await t.eventually(
        // the query handler exists once the workflow has loaded its definition
        () => state(c.id).catch(() => null),
        (s) => s?.case.activeElements.includes('waitList') ?? false,
      );
    // when
    const res = await run(
      {
        title: 'publicity list 8',
        caseIds: cases.map((c) => c.id),
        action: { type: 'message', name: 'publish-list', variables: {} },
      },
      'orgdept1',
    );
    expect((res.body.items as Item[]).map((i) => i.status)).toEqual(['done', 'done', 'done']);
    // then each `period` timer was armed at one instant and so closes at one deadline
    const periods: CaseTimer[] = [];
    for (const c of cases) {
      const s = await t.eventually(
        () => state(c.id),
        (v) => v.timers.some((x) => x.elementId === 'period' && x.at !== undefined),
      );
      periods.push(s.timers.find((x) => x.elementId === 'period')!);
    }
    const [first] = periods;
    expect(first?.from).toEqual(expect.any(String));
    expect(periods.map((p) => p.from)).toEqual([first?.from, first?.from, first?.from]);
    expect(periods.map((p) => p.at)).toEqual([first?.at, first?.at, first?.at]);
    // and the instant is in each case's history: the batch row and the period's activation
    for (const c of cases) {
      const h = await history(c.id);
      expect(h.find((e) => e.type === 'batch')?.data).toMatchObject({ at: first?.from });
      expect(
        h.find((e) => e.type === 'element-activated' && (e as { elementId?: string }).elementId === 'period'),
      ).toMatchObject({ at: first?.from });
    }
  });

  it('given a district reviewer, when running a message batch, then 403', async () => {
    const res = await run(
      {
        title: 'x',
        caseIds: ['00000000-0000-4000-8000-000000000000'],
        action: { type: 'message', name: 'm', variables: {} },
      },
      'lixia-reviewer',
    );
    expect(res.status).toBe(403);
  });

  it('given bad input, when running a batch, then 400 names the fields; an unknown batch is 404', async () => {
    const res = await run({ title: '', caseIds: [], action: { type: 'delete-everything' } }, 'admin');
    expect(res.status).toBe(400);
    const fields = (res.body.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'caseIds', 'action.type']));
    const missing = await t
      .http()
      .get('/api/v1/batches/00000000-0000-4000-8000-000000000000')
      .set('Authorization', await t.as('admin'));
    expect(missing.status).toBe(404);
  });
});
