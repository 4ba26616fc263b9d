// The overview (issue 14 item 2): the dashboard counts (GET /stats/...), the case search with its filters, sorting
// and export, the 已办 list, and who may see which of them. Every count is compared with cases made in known stages.
import ExcelJS from 'exceljs';
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

describe('API overview: stats, case search and export, done list', () => {
  let t: CaseApi;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const get = async (path: string, user = 'admin') =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set('Authorization', await t.as(user));
  const caseRow = (id: string) => get(`/cases/${id}`);

  beforeAll(async () => {
    // the cases' times are written on the workflow clock (the run's shared server, which other files move on):
    // the API judges "this week" on it too, through the dev clock, as the embedded default does
    const clock: { temporal?: CaseApi['temporal'] } = {};
    t = await createCaseApi('api-overview', {
      devClock: {
        now: () => clock.temporal?.now() ?? new Date(),
        advance: (ms: number) => clock.temporal?.sleep(ms),
      },
    });
    clock.temporal = t.temporal;
    for (const f of ['user-task', 'user-task-due-date', 'exclusive-no-match']) await t.deploy(fixtureXml(f));
    // given: two lixia cases and one shizhong case waiting at review, one overdue lixia case, one finished lixia
    // case (approved by its reviewer) and one shizhong incident
    const start = async (name: string, processKey: string, variables: Record<string, unknown>) => {
      const c = await t.startCase(processKey, variables);
      keys[name] = c.businessKey;
      ids[name] = c.id;
    };
    await start('a1', 'user-task', { district: 'lixia', applicantName: '张三丰' });
    await start('a2', 'user-task', { district: 'lixia', applicantName: '李四' });
    await start('b1', 'user-task', { district: 'shizhong', applicantName: '王五' });
    await start('late', 'user-task-due-date', {
      district: 'lixia',
      applicantName: '赵六',
      deadline: '2020-01-06T09:00:00+08:00',
    });
    await start('done', 'user-task', { district: 'lixia', applicantName: '钱七' });
    await start('broken', 'exclusive-no-match', { district: 'shizhong', score: 70 });
    for (const n of ['a1', 'a2', 'b1', 'done'])
      await t.eventually(
        () => caseRow(ids[n]!),
        (r) => ((r.body.activeElements ?? []) as string[]).includes('review'),
      );
    await t.eventually(
      () => caseRow(ids.broken!),
      (r) => r.body.status === 'failed',
    );
    const [task] = await t.openTasks(ids.done!, 'lixia-reviewer');
    const done = await t
      .http()
      .post(`/api/v1/tasks/${task!.id}/complete`)
      .set('Authorization', await t.as('lixia-reviewer'))
      .send({ decision: 'pass', variables: {} });
    expect(done.status).toBe(200);
    await t.eventually(
      () => caseRow(ids.done!),
      (r) => r.body.status === 'completed',
    );
    await t.openTasks(ids.late!, 'city-reviewer1');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('GET /stats', () => {
    it('given cases in known stages, when admin asks per programme, then the counts equal them', async () => {
      const res = await get('/stats/programmes');
      expect(res.status).toBe(200);
      const by = Object.fromEntries(
        (res.body.items as { processKey: string }[]).map((i) => [i.processKey, i]),
      );
      expect(by['user-task']).toMatchObject({
        active: 3,
        completed: 1,
        terminated: 0,
        failed: 0,
        overdue: 0,
      });
      expect(by['user-task-due-date']).toMatchObject({ active: 1, overdue: 1 });
      expect(by['exclusive-no-match']).toMatchObject({ active: 0, failed: 1 });
    });

    it('given the same cases, when asked per element, then active, incidents and overdue per element', async () => {
      const res = await get('/stats/programmes/user-task/elements');
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([{ elementId: 'review', active: 3, incidents: 0, overdue: 0 }]);
      const late = await get('/stats/programmes/user-task-due-date/elements');
      expect(late.body.items).toEqual([{ elementId: 'review', active: 1, incidents: 0, overdue: 1 }]);
      const broken = await get('/stats/programmes/exclusive-no-match/elements');
      const incidents = (broken.body.items as { incidents: number }[]).reduce((n, i) => n + i.incidents, 0);
      expect(incidents).toBe(1);
    });

    it('given six cases started and one finished this week, when asked per week, then the last week says so', async () => {
      const res = await get('/stats/weekly?weeks=4');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(4);
      expect(res.body.items[3]).toMatchObject({ started: 6, finished: 1 });
      expect(res.body.items[0].week).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('given a district reviewer, then only their district counts, and another district is refused', async () => {
      const res = await get('/stats/programmes', 'lixia-reviewer');
      expect(res.status).toBe(200);
      expect(res.body.district).toBe('lixia');
      const by = Object.fromEntries(
        (res.body.items as { processKey: string }[]).map((i) => [i.processKey, i]),
      );
      expect(by['user-task']).toMatchObject({ active: 2, completed: 1 });
      expect(by['exclusive-no-match']).toBeUndefined();
      const other = await get('/stats/programmes?district=shizhong', 'lixia-reviewer');
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('DISTRICT_OUT_OF_SCOPE');
      const el = await get('/stats/programmes/user-task/elements?district=shizhong', 'lixia-reviewer');
      expect(el.status).toBe(403);
    });

    it.each(['applicant1', 'expert1', 'employer1', 'finance1'])('refuses %s with 403', async (user) => {
      for (const path of ['/stats/programmes', '/stats/weekly', '/stats/programmes/user-task/elements'])
        expect((await get(path, user)).status).toBe(403);
    });

    it('refuses bad parameters with 400 naming the field', async () => {
      const weeks = await get('/stats/weekly?weeks=500');
      expect(weeks.status).toBe(400);
      expect(weeks.body.details[0].field).toBe('weeks');
      expect((await get('/stats/programmes?bogus=1')).status).toBe(400);
      expect((await get(`/stats/programmes?district=${'x'.repeat(201)}`)).status).toBe(400);
    });
  });

  describe('GET /cases search', () => {
    const found = async (query: string, user = 'admin') => {
      const res = await get(`/cases?${query}`, user);
      expect(res.status).toBe(200);
      return (res.body.items as { businessKey: string }[]).map((i) => i.businessKey).sort();
    };

    it('finds by a substring of the business key or of the applicant name', async () => {
      expect(await found(`q=${encodeURIComponent(keys.a1!.slice(-12))}`)).toEqual([keys.a1]);
      expect(await found(`q=${encodeURIComponent('三丰')}`)).toEqual([keys.a1]);
      // LIKE wildcards match themselves
      expect(await found(`q=${encodeURIComponent('%')}`)).toEqual([]);
    });

    it('filters overdue, district, outcome and started/finished dates', async () => {
      expect(await found('overdue=true')).toEqual([keys.late]);
      expect(await found('district=shizhong')).toEqual([keys.b1, keys.broken].sort());
      expect(await found('status=completed')).toEqual([keys.done]);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
        await t.temporal.now(),
      );
      expect(await found(`finishedFrom=${today}&finishedTo=${today}`)).toEqual([keys.done]);
      expect((await found(`startedFrom=${today}`)).length).toBe(6);
      expect(await found('startedTo=2020-01-01')).toEqual([]);
      const res = await get(`/cases?q=${encodeURIComponent('钱七')}`);
      expect(res.body.items[0]).toMatchObject({ status: 'completed' });
      expect(res.body.items[0].finishedAt).toEqual(expect.any(String));
    });

    it('a district reviewer searching finds only their district', async () => {
      expect(await found(`q=${encodeURIComponent('王五')}`, 'lixia-reviewer')).toEqual([]);
      expect(await found('overdue=true', 'lixia-reviewer')).toEqual([keys.late]);
    });

    it('sorts by a named field, pages stably, and refuses an unknown field naming it', async () => {
      const asc = await get('/cases?sort=businessKey&pageSize=2');
      expect(asc.body.total).toBe(6);
      const all = Object.values(keys).sort();
      expect((asc.body.items as { businessKey: string }[]).map((i) => i.businessKey)).toEqual(
        all.slice(0, 2),
      );
      const desc = await get('/cases?sort=-businessKey&page=2&pageSize=2');
      expect((desc.body.items as { businessKey: string }[]).map((i) => i.businessKey)).toEqual(
        [...all].reverse().slice(2, 4),
      );
      const bad = await get('/cases?sort=password');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('SORT_FIELD_UNKNOWN');
      expect(bad.body.message).toContain('password');
      expect(bad.body.details[0].field).toBe('sort');
    });

    it('refuses unbounded or malformed parameters with 400', async () => {
      expect((await get(`/cases?q=${'x'.repeat(101)}`)).status).toBe(400);
      expect((await get('/cases?overdue=yes')).status).toBe(400);
      expect((await get('/cases?startedFrom=2026-13-45')).status).toBe(400);
      expect((await get('/cases?pageSize=1000')).status).toBe(400);
    });
  });

  describe('GET /cases/export', () => {
    it('exports CSV with a BOM and Chinese headers, only what the caller sees', async () => {
      const res = await t
        .http()
        .get('/api/v1/cases/export?format=csv&district=lixia&sort=businessKey')
        .set('Authorization', await t.as('lixia-reviewer'))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = body.toString('utf8').slice(1).trim().split('\r\n');
      expect(lines[0]).toBe('案件编号,流程,申请人,区县,状态,结果,当前环节,申报时间,办结时间');
      expect(lines).toHaveLength(5); // header + a1, a2, late, done
      expect(lines.some((l) => l.includes('王五'))).toBe(false);
      expect(lines.find((l) => l.startsWith(keys.done!))).toContain('已办结');
      expect(lines.find((l) => l.startsWith(keys.a1!))).toContain('历下区');
      // a shizhong export asked for by the lixia reviewer holds nothing of shizhong
      const other = await get('/cases/export?district=shizhong', 'lixia-reviewer');
      expect(other.status).toBe(200);
      expect(other.text.trim().split('\r\n')).toHaveLength(1);
    });

    it('exports .xlsx readable by exceljs', async () => {
      const res = await t
        .http()
        .get('/api/v1/cases/export?format=xlsx&status=active&lang=en')
        .set('Authorization', await t.as('admin'))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Uint8Array.from(res.body as Buffer).buffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.getRow(1).getCell(1).value).toBe('Case no.');
      expect(sheet.rowCount).toBe(5); // header + a1, a2, b1, late
    });

    it('refuses an unknown format and sort with 400, and more than 10000 rows with 413 EXPORT_TOO_LARGE', async () => {
      expect((await get('/cases/export?format=pdf')).status).toBe(400);
      expect((await get('/cases/export?sort=nope')).body.code).toBe('SORT_FIELD_UNKNOWN');
      await t.database.dataSource.query(
        `INSERT INTO cases (process_key, process_version, business_key, status, district)
         SELECT 'bulk', 1, 'BULK-' || g, 'active', 'changqing' FROM generate_series(1, 10001) g`,
      );
      try {
        const res = await get('/cases/export?district=changqing');
        expect(res.status).toBe(413);
        expect(res.body.code).toBe('EXPORT_TOO_LARGE');
      } finally {
        await t.database.dataSource.query(`DELETE FROM cases WHERE process_key = 'bulk'`);
      }
    });
  });

  describe('GET /process-definitions paging', () => {
    it('sorts and pages on request, keeps the array answer, and refuses an unknown sort field', async () => {
      const all = await get('/process-definitions');
      expect(all.status).toBe(200);
      expect(all.headers['x-total-count']).toBe('3');
      expect((all.body as { key: string }[]).map((d) => d.key)).toEqual([
        'exclusive-no-match',
        'user-task',
        'user-task-due-date',
      ]);
      const page = await get('/process-definitions?sort=-key&page=2&pageSize=2');
      expect((page.body as { key: string }[]).map((d) => d.key)).toEqual(['exclusive-no-match']);
      expect(page.headers['x-total-count']).toBe('3');
      const bad = await get('/process-definitions?sort=xml');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('SORT_FIELD_UNKNOWN');
      expect((await get('/process-definitions?pageSize=0')).status).toBe(400);
    });
  });

  describe('GET /tasks/done and inbox sorting', () => {
    it('lists the tasks I completed with the case and my decision; others see none of mine', async () => {
      const mine = await get('/tasks/done', 'lixia-reviewer');
      expect(mine.status).toBe(200);
      expect(mine.body.total).toBe(1);
      expect(mine.body.items[0]).toMatchObject({
        caseId: ids.done,
        businessKey: keys.done,
        processKey: 'user-task',
        name: 'review',
        decision: 'pass',
        caseStatus: 'completed',
      });
      expect(mine.body.items[0].completedAt).toEqual(expect.any(String));
      expect((await get('/tasks/done', 'city-reviewer1')).body.total).toBe(0);
      expect((await get('/tasks/done?page=2', 'lixia-reviewer')).body).toEqual({ items: [], total: 1 });
    });

    it('refuses unknown sort fields and extra parameters on 已办 and the inbox', async () => {
      const bad = await get('/tasks/done?sort=secret', 'lixia-reviewer');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('SORT_FIELD_UNKNOWN');
      expect((await get('/tasks/done?bogus=1', 'lixia-reviewer')).status).toBe(400);
      const inbox = await get('/tasks?sort=priority', 'city-reviewer1');
      expect(inbox.status).toBe(400);
      expect(inbox.body.message).toContain('priority');
    });

    it('sorts the inbox by a named field', async () => {
      const asc = await get('/tasks?sort=createdAt', 'lixia-reviewer');
      const desc = await get('/tasks?sort=-createdAt', 'lixia-reviewer');
      expect(asc.status).toBe(200);
      const times = (r: typeof asc) => (r.body.items as { createdAt: string }[]).map((i) => i.createdAt);
      const ids = (r: typeof asc) => (r.body.items as { id: string }[]).map((i) => i.id).sort();
      expect(times(asc).length).toBeGreaterThan(1);
      expect(times(asc)).toEqual([...times(asc)].sort());
      expect(times(desc)).toEqual([...times(asc)].sort().reverse());
      expect(ids(desc)).toEqual(ids(asc));
    });
  });
});
