// Lists as official acts (POST /lists): a publicity list and an approval list with comments, their numbered records,
// the Excel notice, and the refusals (roles, bad input) that change nothing.
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { caseStateQuery } from '../../workflows/messages';
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

interface RecordItem {
  caseId: string;
  status: string;
  code?: string;
  decision: string | null;
  comment: string | null;
}
interface ListRecord {
  id: string;
  number: string;
  year: number;
  seq: number;
  title: string;
  kind: string;
  comment: string | null;
  publicity: { start: string; end: string; days: number; calendar: string; closesAt: string } | null;
  items: RecordItem[];
}

const binary = (res: Response & { on?: never }, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('API lists', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-lists');
    for (const f of ['user-task', 'publicity-with-objections']) await t.deploy(fixtureXml(f));
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = async (body: object, user: string) =>
    t
      .http()
      .post('/api/v1/lists')
      .set('Authorization', await t.as(user))
      .send(body);
  const get = async (path: string, user: string) =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set('Authorization', await t.as(user));
  const history = async (caseId: string) =>
    (await get(`/cases/${caseId}/history`, 'admin')).body as {
      type: string;
      actor?: string;
      data: Record<string, unknown>;
    }[];
  const state = (id: string) => t.temporal.client.workflow.getHandle(`case-${id}`).query(caseStateQuery);
  const waitingForList = async (n: number) => {
    const cases = [];
    for (let i = 0; i < n; i++) cases.push(await t.startCase('publicity-with-objections', {}));
    for (const c of cases)
      await t.eventually(
        () => state(c.id).catch(() => null),
        (s) => s?.case.activeElements.includes('waitList') ?? false,
      );
    return cases;
  };
  const reviewCases = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = await t.startCase('user-task', { district: 'lixia' });
      await t.openTasks(c.id, 'city-reviewer1');
      ids.push(c.id);
    }
    return ids;
  };
  const total = async () => ((await get('/lists', 'admin')).body as { total: number }).total;

  it('given cases waiting for the publicity list, when the organization department publishes it with a comment, then the record is numbered, holds the period, and each history carries its comment', async () => {
    const cases = await waitingForList(2);
    const before = await total();
    const res = await post(
      {
        title: '2026年第三批人才认定公示',
        processKey: 'publicity-with-objections',
        elementId: 'waitList',
        comment: '经审核，拟认定以下人选，现予公示。',
        items: [{ caseId: cases[0]!.id }, { caseId: cases[1]!.id, comment: '材料齐全，拟予认定。' }],
      },
      'orgdept1',
    );
    expect(res.status).toBe(201);
    const r = res.body as ListRecord;
    expect(r.number).toBe(`〔${r.year}〕第${r.seq}号`);
    expect(r).toMatchObject({ kind: 'publish', title: '2026年第三批人才认定公示' });
    expect(r.items.map((i) => [i.status, i.comment])).toEqual([
      ['done', '经审核，拟认定以下人选，现予公示。'],
      ['done', '材料齐全，拟予认定。'],
    ]);
    expect(await total()).toBe(before + 1);
    // the period is the process's timer: 5 working days from the day the cases received the list
    const timer = (
      await t.eventually(
        () => state(cases[0]!.id),
        (s) => s.timers.some((x) => x.elementId === 'period' && x.at !== undefined),
      )
    ).timers.find((x) => x.elementId === 'period')!;
    expect(r.publicity).toMatchObject({ days: 5, calendar: 'cn-workday' });
    expect(new Date(r.publicity!.closesAt).getTime()).toBe(new Date(timer.at!).getTime());
    // the history shows the comment and the list, never a batch id as a comment
    const h0 = (await history(cases[0]!.id)).find((e) => e.type === 'batch');
    expect(h0?.data).toMatchObject({ comment: '经审核，拟认定以下人选，现予公示。', listNumber: r.number });
    const h1 = (await history(cases[1]!.id)).find((e) => e.type === 'batch');
    expect(h1?.data).toMatchObject({ comment: '材料齐全，拟予认定。', title: r.title });
    // and the record reads back, in the list and alone
    expect((await get(`/lists/${r.id}`, 'city-reviewer1')).body).toMatchObject({ number: r.number });
    const listed = (await get('/lists', 'orgdept1')).body as { items: { id: string; done: number }[] };
    expect(listed.items.find((i) => i.id === r.id)?.done).toBe(2);
  });

  it('given open review tasks, when an approval list decides them with comments, then each completion carries its comment and a case without a task fails by its code', async () => {
    const ids = await reviewCases(3);
    const ended = (await reviewCases(1))[0]!;
    const first = await post(
      {
        title: 'ended first',
        processKey: 'user-task',
        elementId: 'review',
        items: [{ caseId: ended, decision: 'pass' }],
      },
      'city-reviewer1',
    );
    expect(first.status).toBe(201);
    const res = await post(
      {
        title: '区县审核结果',
        processKey: 'user-task',
        elementId: 'review',
        comment: '符合条件',
        items: [
          { caseId: ids[0], decision: 'pass' },
          { caseId: ids[1], decision: 'reject', comment: '学历证明不符' },
          { caseId: ended, decision: 'pass' },
          { caseId: ids[2], decision: 'pass' },
        ],
      },
      'city-reviewer1',
    );
    expect(res.status).toBe(201);
    const r = res.body as ListRecord;
    expect(r.kind).toBe('approve');
    expect(r.items.map((i) => [i.status, i.decision, i.code ?? null])).toEqual([
      ['done', 'pass', null],
      ['done', 'reject', null],
      ['failed', 'pass', 'TASK_NOT_OPEN'],
      ['done', 'pass', null],
    ]);
    expect(r.seq).toBeGreaterThan((first.body as ListRecord).seq);
    const completed = async (id: string) =>
      (await history(id)).find((e) => e.type === 'task-completed')?.data as Record<string, unknown>;
    expect(await completed(ids[0]!)).toMatchObject({ decision: 'pass', comment: '符合条件' });
    expect(await completed(ids[1]!)).toMatchObject({ decision: 'reject', comment: '学历证明不符' });
    // the batch answers its items' codes too
    const batchId = (await history(ids[0]!)).find((e) => e.type === 'batch')?.data.batchId as string;
    expect(batchId).toEqual(expect.any(String));
    const passBatch = (await get(`/batches/${batchId}`, 'city-reviewer1')).body as {
      items: { caseId: string; code?: string }[];
    };
    expect(passBatch.items.find((i) => i.caseId === ended)?.code).toBe('TASK_NOT_OPEN');

    // the Excel notice lists the cases that went through, with decision and comment
    const xlsx = await t
      .http()
      .get(`/api/v1/lists/${r.id}/export`)
      .set('Authorization', await t.as('orgdept1'))
      .buffer(true)
      .parse(binary as never);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    // a merged heading cell reads back in every column it spans: once is enough
    const text = rows.map((row) => [
      ...new Set(row.filter((c) => c !== undefined && c !== null).map(String)),
    ]);
    expect(text[0]).toEqual(['区县审核结果']);
    expect(text[1]).toEqual([`编号：${r.number}`]);
    expect(text).toContainEqual(['意见：符合条件']);
    const header = text.findIndex((row) => row[0] === '序号');
    expect(text[header]).toEqual(['序号', '案件编号', '申请人', '区县', '审核结论', '意见']);
    expect(text.slice(header + 1).map((row) => [row[0], row.at(-2), row.at(-1)])).toEqual([
      ['1', '通过', '符合条件'],
      ['2', '不通过', '学历证明不符'],
      ['3', '通过', '符合条件'],
    ]);
  });

  it('given the API docs, then the list endpoints are in the OpenAPI document', async () => {
    const json = await t.http().get('/api/docs/openapi.json');
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/lists',
        '/api/v1/lists/{id}',
        '/api/v1/lists/{id}/export',
        '/api/v1/lists/publicity-preview',
      ]),
    );
  });

  it('given the publicity stage, when its period is previewed from a date, then the working days skip the National Day holiday', async () => {
    const res = await get(
      '/lists/publicity-preview?processKey=publicity-with-objections&elementId=waitList&from=2026-09-28',
      'orgdept1',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      publicity: {
        start: '2026-09-28',
        end: '2026-10-09',
        days: 5,
        calendar: 'cn-workday',
        closesAt: '2026-10-10T00:00:00+08:00',
        provisional: false,
      },
    });
    const approve = await get(
      '/lists/publicity-preview?processKey=user-task&elementId=review&from=2026-09-28',
      'orgdept1',
    );
    expect(approve.body).toEqual({ publicity: null });
    const bad = await get(
      '/lists/publicity-preview?processKey=user-task&elementId=review&from=tomorrow',
      'orgdept1',
    );
    expect(bad.status).toBe(400);
  });

  it('given roles outside the working group, when they publish, list or read records, then 403 and nothing changes', async () => {
    const cases = await waitingForList(1);
    const before = await total();
    const body = {
      title: 'x',
      processKey: 'publicity-with-objections',
      elementId: 'waitList',
      items: [{ caseId: cases[0]!.id }],
    };
    for (const user of ['applicant1', 'lixia-reviewer', 'expert1', 'finance1']) {
      expect((await post(body, user)).status).toBe(403);
      expect((await get('/lists', user)).status).toBe(403);
    }
    const some = ((await get('/lists', 'admin')).body as { items: { id: string }[] }).items[0];
    if (some) {
      expect((await get(`/lists/${some.id}`, 'applicant1')).status).toBe(403);
      expect((await get(`/lists/${some.id}/export`, 'applicant1')).status).toBe(403);
    }
    expect(await total()).toBe(before);
    expect((await state(cases[0]!.id)).case.activeElements).toContain('waitList');
  });

  it('given bad lists, when posted, then 4xx with a stable code naming the field, and nothing changes', async () => {
    const cases = await waitingForList(1);
    const review = (await reviewCases(1))[0]!;
    const before = await total();
    const base = { title: 'bad', processKey: 'publicity-with-objections', elementId: 'waitList' };
    const cases400: [object, string, string][] = [
      [{ ...base, elementId: 'period', items: [{ caseId: cases[0]!.id }] }, 'elementId', 'FIELD_INVALID'],
      [{ ...base, processKey: 'nope', items: [{ caseId: cases[0]!.id }] }, 'processKey', 'FIELD_INVALID'],
      [{ ...base, items: [{ caseId: review }] }, 'items.0.caseId', 'CASE_NOT_FOUND'],
      [
        { ...base, items: [{ caseId: cases[0]!.id }, { caseId: cases[0]!.id }] },
        'items.1.caseId',
        'FIELD_INVALID',
      ],
      [
        { ...base, items: [{ caseId: cases[0]!.id, decision: 'pass' }] },
        'items.0.decision',
        'DECISION_NOT_ALLOWED',
      ],
      [
        {
          title: 'bad',
          processKey: 'user-task',
          elementId: 'review',
          items: [{ caseId: review, decision: 'maybe' }],
        },
        'items.0.decision',
        'DECISION_NOT_ALLOWED',
      ],
      [
        { title: 'bad', processKey: 'user-task', elementId: 'review', items: [{ caseId: review }] },
        'items.0.decision',
        'DECISION_REQUIRED',
      ],
    ];
    for (const [body, field, code] of cases400) {
      const res = await post(body, 'orgdept1');
      expect([res.status, res.body.code, res.body.details?.[0]?.field]).toEqual([400, code, field]);
    }
    for (const body of [
      { ...base, items: [] },
      { ...base, title: ' ', items: [{ caseId: cases[0]!.id }] },
      { ...base, items: [{ caseId: 'not-a-uuid' }] },
      { ...base, comment: 'x'.repeat(2001), items: [{ caseId: cases[0]!.id }] },
      { ...base, extra: 1, items: [{ caseId: cases[0]!.id }] },
    ])
      expect((await post(body, 'orgdept1')).status).toBe(400);
    expect((await get('/lists/not-a-uuid', 'orgdept1')).status).toBe(404);
    expect((await get('/lists/00000000-0000-4000-8000-000000000000/export', 'orgdept1')).status).toBe(404);
    expect(await total()).toBe(before);
    expect((await state(cases[0]!.id)).case.activeElements).toContain('waitList');
    expect(await t.openTasks(review, 'city-reviewer1')).toHaveLength(1);
  });

  it('given a list none of whose cases can take it, when posted, then 409 LIST_NOT_PUBLISHED explains each case and no record is kept', async () => {
    const review = (await reviewCases(1))[0]!;
    expect(
      (
        await post(
          {
            title: 'a',
            processKey: 'user-task',
            elementId: 'review',
            items: [{ caseId: review, decision: 'pass' }],
          },
          'city-reviewer1',
        )
      ).status,
    ).toBe(201);
    const before = await total();
    const res = await post(
      {
        title: 'again',
        processKey: 'user-task',
        elementId: 'review',
        items: [{ caseId: review, decision: 'pass' }],
      },
      'city-reviewer1',
    );
    expect([res.status, res.body.code, res.body.details?.[0]?.code]).toEqual([
      409,
      'LIST_NOT_PUBLISHED',
      'TASK_NOT_OPEN',
    ]);
    expect(await total()).toBe(before);
  });

  it('given a plain batch (a district reviewer without records), when it carries a comment and a stray per-case comment, then 400 names the stray and nothing runs; without the stray the task completes with the comment', async () => {
    const [id] = await reviewCases(1);
    const auth = await t.as('lixia-reviewer');
    const stray = '00000000-0000-4000-8000-000000000000';
    const bad = await t
      .http()
      .post('/api/v1/batches')
      .set('Authorization', auth)
      .send({
        title: 'district list',
        caseIds: [id],
        action: { type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } },
        comment: '同意',
        comments: { [stray]: '不在名单' },
      });
    expect([bad.status, bad.body.code, bad.body.details?.[0]?.field]).toEqual([
      400,
      'FIELD_INVALID',
      `comments.${stray}`,
    ]);
    expect(await t.openTasks(id!, 'lixia-reviewer')).toHaveLength(1);
    const ok = await t
      .http()
      .post('/api/v1/batches')
      .set('Authorization', auth)
      .send({
        title: 'district list',
        caseIds: [id],
        action: { type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } },
        comment: '同意',
        comments: { [id!]: '材料齐全，同意' },
      });
    expect(ok.status).toBe(201);
    expect(ok.body.items).toEqual([{ caseId: id, status: 'done' }]);
    const h = await history(id!);
    expect(h.find((e) => e.type === 'task-completed')?.data).toMatchObject({ comment: '材料齐全，同意' });
    expect(h.find((e) => e.type === 'batch')?.data).toMatchObject({ comment: '材料齐全，同意' });
  });
});
