// Who may start a process, who may send a message, the outcome a case ends with, and cancelling a case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

type Body = Record<string, unknown>;

describe('API: who may start, who may send, outcomes, cancel', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-case-permissions');
    for (const f of ['start-by-applicant', 'message-senders', 'message-catch']) await t.deploy(fixtureXml(f));
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = async (path: string, body: object, user: string) =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', await t.as(user))
      .send(body);
  const get = async (path: string, user = 'admin') =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set('Authorization', await t.as(user));
  const caseOf = async (id: string) => (await get(`/cases/${id}`)).body as Body;
  const waitingAt = (id: string, element: string) =>
    t.eventually(
      () => caseOf(id),
      (c) => (c.activeElements as string[]).includes(element),
    );
  const waitStatus = (id: string, status: string) =>
    t.eventually(
      () => caseOf(id),
      (c) => c.status === status,
    );
  const create = (processKey: string, user: string, extra: Body = {}) =>
    post('/cases', { processKey, variables: { district: 'lixia' }, ...extra }, user);
  const completeReview = async (caseId: string, decision: string) => {
    const [task] = await t.openTasks(caseId, 'lixia-reviewer');
    const res = await post(`/tasks/${task!.id}/complete`, { decision }, 'lixia-reviewer');
    expect(res.status).toBe(200);
  };

  describe('who may start', () => {
    it('given rf:startableBy="applicant,employer", when an applicant starts it without a business key, then 201 with a generated key and the applicant recorded', async () => {
      const res = await create('start-by-applicant', 'applicant1');
      expect(res.status).toBe(201);
      const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
        new Date(),
      );
      expect(res.body.businessKey).toMatch(new RegExp(`^START-${year}-\\d{6}$`));
      expect((await caseOf(res.body.id as string)).variables).toMatchObject({
        applicantId: 'applicant1',
        businessKey: res.body.businessKey,
      });
    });

    it('given an employer, when it starts the process, then its affiliation is the employerId', async () => {
      const res = await create('start-by-applicant', 'employer1');
      expect(res.status).toBe(201);
      expect((await caseOf(res.body.id as string)).variables).toMatchObject({ employerId: 'org-1' });
    });

    it.each([
      ['start-by-applicant', 'lixia-reviewer'],
      ['message-catch', 'applicant1'],
      ['message-catch', 'city-reviewer1'],
    ])('given %s, when %s starts it, then 403 NOT_STARTABLE and no case', async (key, user) => {
      const before = (await get(`/cases?processKey=${key}`)).body.total as number;
      const res = await create(key, user, { businessKey: `refused-${user}-${Date.now()}` });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('NOT_STARTABLE');
      expect((await get(`/cases?processKey=${key}`)).body.total).toBe(before);
    });

    it('given a process without rf:startableBy, when admin starts it, then 201', async () => {
      expect((await create('message-catch', 'admin')).status).toBe(201);
    });

    it('given 8 concurrent starts without business keys, when they run, then each gets its own consecutive number', async () => {
      const all = await Promise.all(Array.from({ length: 8 }, () => create('start-by-applicant', 'admin')));
      expect(all.map((r) => r.status)).toEqual(Array(8).fill(201));
      const numbers = all
        .map((r) => Number(/-(\d{6})$/.exec(r.body.businessKey as string)?.[1]))
        .sort((a, b) => a - b);
      expect(new Set(numbers).size).toBe(8);
      expect(numbers[7]! - numbers[0]!).toBe(7);
    });

    it('given the programmes, when an applicant lists the startable ones, then only those naming applicant are listed; admin sees all', async () => {
      const keys = async (user: string) =>
        ((await get('/process-definitions?startable=true', user)).body as { key: string }[]).map(
          (d) => d.key,
        );
      expect(await keys('applicant1')).toContain('start-by-applicant');
      expect(await keys('applicant1')).not.toContain('message-catch');
      expect(await keys('lixia-reviewer')).not.toContain('start-by-applicant');
      expect(await keys('admin')).toEqual(expect.arrayContaining(['start-by-applicant', 'message-catch']));
      expect((await get('/process-definitions?startable=maybe', 'applicant1')).status).toBe(400);
    });

    it('given cases started by several users, when each asks for mine=true, then only the cases they started', async () => {
      const mine = (await create('start-by-applicant', 'applicant1')).body.id as string;
      const theirs = (await create('start-by-applicant', 'employer1')).body.id as string;
      const ids = async (user: string) =>
        ((await get('/cases?mine=true&pageSize=200', user)).body.items as { id: string }[]).map((c) => c.id);
      expect(await ids('applicant1')).toContain(mine);
      expect(await ids('applicant1')).not.toContain(theirs);
      expect(await ids('employer1')).toContain(theirs);
      expect(await ids('employer1')).not.toContain(mine);
    });
  });

  describe('outcomes', () => {
    it.each([
      ['approve', 'completed', 'approved'],
      ['reject', 'terminated', 'rejected'],
    ])(
      'given a review decided %s, when the case ends, then it is %s with outcome %s, listed by ?outcome=',
      async (decision, status, outcome) => {
        const id = (await create('start-by-applicant', 'applicant1')).body.id as string;
        expect((await caseOf(id)).outcome).toBeNull();
        await completeReview(id, decision);
        const done = await waitStatus(id, status);
        expect(done.outcome).toBe(outcome);
        expect((await get(`/cases/${id}?fresh=true`)).body.outcome).toBe(outcome);
        const listed = (await get(`/cases?processKey=start-by-applicant&outcome=${outcome}&pageSize=200`))
          .body.items as Body[];
        expect(listed.find((c) => c.id === id)).toMatchObject({ outcome });
        const other = outcome === 'approved' ? 'rejected' : 'approved';
        const others = (await get(`/cases?processKey=start-by-applicant&outcome=${other}&pageSize=200`)).body
          .items as Body[];
        expect(others.map((c) => c.id)).not.toContain(id);
      },
    );
  });

  describe('who may send a message, and what it may bring', () => {
    it('given a case waiting for publish-list (rf:senders city-reviewer), when finance1 sends it with money, then 403 NOT_SENDER and nothing changes', async () => {
      const c = await t.startCase('message-senders');
      await waitingAt(c.id, 'published');
      for (const user of ['finance1', 'orgdept1']) {
        const res = await post(
          '/messages',
          {
            name: 'publish-list',
            correlationKey: c.businessKey,
            variables: { approvedTotalFen: 9_999_999_900 },
          },
          user,
        );
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('NOT_SENDER');
      }
      const after = await caseOf(c.id);
      expect(after.activeElements).toEqual(['published']);
      expect(after.variables).not.toHaveProperty('approvedTotalFen');
    });

    it('given a city reviewer, when publish-list brings listNo and more, then correlated 1 and only the mapped listNo reaches the case', async () => {
      const c = await t.startCase('message-senders');
      await waitingAt(c.id, 'published');
      const res = await post(
        '/messages',
        {
          name: 'publish-list',
          correlationKey: c.businessKey,
          variables: { listNo: 7, approvedTotalFen: 9_999_999_900, upheld: true },
        },
        'city-reviewer1',
      );
      expect(res.body).toEqual({ correlated: 1 });
      const moved = await waitingAt(c.id, 'review');
      expect(moved.variables).toMatchObject({ listNo: 7 });
      expect(moved.variables).not.toHaveProperty('approvedTotalFen');
      expect(moved.variables).not.toHaveProperty('upheld');
    });

    it('given the organization department, when it revokes, then the event subprocess takes only the mapped reason and the case ends revoked', async () => {
      const c = await t.startCase('message-senders');
      await waitingAt(c.id, 'published');
      const res = await post(
        '/messages',
        {
          name: 'revoke',
          correlationKey: c.businessKey,
          variables: { reason: 'funds moved', clawback: true },
        },
        'orgdept1',
      );
      expect(res.body).toEqual({ correlated: 1 });
      const done = await waitStatus(c.id, 'completed');
      expect(done.outcome).toBe('revoked');
      expect(done.variables).toMatchObject({ revocationReason: 'funds moved' });
      expect(done.variables).not.toHaveProperty('clawback');
    });

    it('given a forged objection with upheld:true, when admin sends it through /messages or a batch, then 403 NOT_SENDER', async () => {
      const c = await t.startCase('message-senders');
      await waitingAt(c.id, 'published');
      const direct = await post(
        '/messages',
        { name: 'objection', correlationKey: c.businessKey, variables: { upheld: true } },
        'admin',
      );
      expect(direct.status).toBe(403);
      expect(direct.body.code).toBe('NOT_SENDER');
      const batch = await post(
        '/batches',
        {
          title: 'forged',
          caseIds: [c.id],
          action: { type: 'message', name: 'objection', variables: { upheld: true } },
        },
        'admin',
      );
      expect(batch.status).toBe(403);
      expect(batch.body.code).toBe('NOT_SENDER');
      expect((await caseOf(c.id)).variables).not.toHaveProperty('upheld');
    });

    it('given a message batch over two processes, when the caller is a sender for one only, then that item is done and the other fails with NOT_SENDER', async () => {
      const senders = await t.startCase('message-senders');
      const catcher = await t.startCase('message-catch');
      await waitingAt(senders.id, 'published');
      await waitingAt(catcher.id, 'published');
      const res = await post(
        '/batches',
        {
          title: 'org list',
          caseIds: [senders.id, catcher.id],
          action: { type: 'message', name: 'publish-list', variables: { listNo: 3 } },
        },
        'orgdept1',
      );
      expect(res.status).toBe(201);
      const items = res.body.items as { caseId: string; status: string; error?: string }[];
      expect(items.map((i) => i.status)).toEqual(['failed', 'done']);
      expect(items[0]?.error).toMatch(/rf:senders/);
      expect((await caseOf(senders.id)).activeElements).toEqual(['published']);
    });

    it('given J03a, when finance1 publishes its list with an inflated total, then 403 NOT_SENDER and no money moves', async () => {
      await t.deploy(
        readFileSync(join(__dirname, '../../processes/j03a-home-purchase-subsidy.bpmn'), 'utf8'),
      );
      const res = await post(
        '/messages',
        {
          name: 'j03a-publicity-start',
          correlationKey: 'any',
          variables: { approvedTotalFen: 9_999_999_900 },
        },
        'finance1',
      );
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('NOT_SENDER');
      expect(await t.database.dataSource.query('SELECT 1 FROM payments')).toEqual([]);
    });
  });

  describe('cancel', () => {
    it('given an active case, when the organization department cancels it, then terminated, its task withdrawn and the history says who and why', async () => {
      const id = (await create('start-by-applicant', 'applicant1')).body.id as string;
      await t.openTasks(id, 'lixia-reviewer');
      expect((await post(`/cases/${id}/cancel`, { reason: 'duplicate' }, 'lixia-reviewer')).status).toBe(403);
      expect((await post(`/cases/${id}/cancel`, { reason: 'duplicate' }, 'applicant1')).status).toBe(403);
      const noReason = await post(`/cases/${id}/cancel`, {}, 'orgdept1');
      expect(noReason.status).toBe(400);
      expect(noReason.body.details[0].field).toBe('reason');
      expect((await post(`/cases/${id}/cancel`, { reason: 'x'.repeat(2001) }, 'orgdept1')).status).toBe(400);

      const res = await post(`/cases/${id}/cancel`, { reason: 'duplicate application' }, 'orgdept1');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, status: 'terminated', activeElements: [], outcome: null });
      const tasks: { state: string }[] = await t.database.dataSource.query(
        'SELECT state FROM tasks WHERE case_id = $1',
        [id],
      );
      expect(tasks.map((x) => x.state)).toEqual(['withdrawn']);
      const history = (await get(`/cases/${id}/history`)).body as Body[];
      expect(history.find((e) => e.type === 'case-terminated')).toMatchObject({
        actor: 'orgdept1',
        data: { reason: 'duplicate application' },
      });

      const again = await post(`/cases/${id}/cancel`, { reason: 'again' }, 'admin');
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CASE_NOT_ACTIVE');
    });

    it('given an unknown case, when admin cancels it, then 404', async () => {
      const res = await post('/cases/00000000-0000-4000-8000-000000000000/cancel', { reason: 'r' }, 'admin');
      expect(res.status).toBe(404);
    });
  });
});
