// An API killed mid-completion leaves its Idempotency-Key reservation in progress; a retry takes it over.
import { createHash } from 'node:crypto';
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

describe('API Idempotency-Key reservations stranded by a crash', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-idem-takeover');
    await t.deploy(fixtureXml('user-task-four-eyes'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const sql = <T>(query: string, params: unknown[] = []) => t.database.dataSource.query<T>(query, params);
  const complete = async (taskId: string, body: object, key: string, user = 'city-reviewer1') =>
    t
      .http()
      .post(`/api/v1/tasks/${taskId}/complete`)
      .set('Authorization', await t.as(user))
      .set('Idempotency-Key', key)
      .send(body);
  const userId = async (username: string) =>
    (await sql<{ id: string }[]>(`select id from users where username = $1`, [username]))[0]!.id;

  async function firstReview() {
    const c = await t.startCase('user-task-four-eyes', {});
    const [task] = await t.openTasks(c.id, 'city-reviewer1');
    if (task?.elementId !== 'firstReview') throw new Error('no firstReview task');
    return { caseId: c.id, taskId: task.id };
  }

  /** What the case shows of one task's completion: task rows completed, history events, stored answers. */
  async function traces(caseId: string, taskId: string, key: string) {
    const history = await t
      .http()
      .get(`/api/v1/cases/${caseId}/history`)
      .set('Authorization', await t.as('admin'));
    const events = (history.body as { type: string; elementId?: string }[]).filter(
      (e) => e.type === 'task-completed' && e.elementId === 'firstReview',
    );
    const [task] = await sql<{ state: string; completed_by: string }[]>(
      `select state, completed_by from tasks where id = $1`,
      [taskId],
    );
    const answers = await sql<{ response_status: number }[]>(
      `select response_status from idempotency_keys where key = $1`,
      [key],
    );
    return { events: events.length, task, answers: answers.map((a) => a.response_status) };
  }

  it('given a stranded reservation whose update never reached the workflow, when retried, then it completes once', async () => {
    // Given: the reservation a crashed API leaves right after reserving, its lease long run out.
    const { caseId, taskId } = await firstReview();
    const body = { variables: {} };
    const key = `stranded-before-${taskId}`;
    const hash = createHash('sha256')
      .update(JSON.stringify({ op: 'complete', id: taskId, body }))
      .digest('hex');
    await sql(
      `insert into idempotency_keys (key, user_id, request_hash, response_status, created_at)
       values ($1, $2, $3, 0, now() - interval '2 minutes')`,
      [key, await userId('city-reviewer1'), hash],
    );

    // When: the client retries with the same key and body.
    const started = Date.now();
    const retry = await complete(taskId, body, key);

    // Then: it completes without waiting out the old 60 s, once, and the answer is stored for later retries.
    expect(retry.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(retry.body.task).toMatchObject({ id: taskId, state: 'completed' });
    expect(await traces(caseId, taskId, key)).toEqual({
      events: 1,
      task: { state: 'completed', completed_by: 'city-reviewer1' },
      answers: [200],
    });
    const again = await complete(taskId, body, key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(retry.body);
    const other = await complete(taskId, { variables: { x: 1 } }, key);
    expect(other.status).toBe(409);
    expect(other.body.message).toContain('Idempotency-Key');
  }, 60_000);

  it('given a stranded reservation whose update was applied, when retried, then the same outcome and no second completion', async () => {
    // Given: a completion that went through, then its answer lost as if the API died before storing it.
    const { caseId, taskId } = await firstReview();
    const body = { variables: {}, comment: 'ok' };
    const key = `stranded-after-${taskId}`;
    const first = await complete(taskId, body, key);
    expect(first.status).toBe(200);
    await sql(
      `update idempotency_keys set response_status = 0, response_body = null,
              created_at = now() - interval '2 minutes' where key = $1`,
      [key],
    );
    // The workflow went on: the next task is open, so a second application would be refused as TASK_NOT_OPEN.
    // (read from the table: four-eyes keeps the approve task out of city-reviewer1's inbox)
    await t.eventually(
      () =>
        sql<unknown[]>(
          `select 1 from tasks where case_id = $1 and element_id = 'approve' and state = 'open'`,
          [caseId],
        ),
      (rows) => rows.length === 1,
    );

    // When: the client retries with the same key.
    const retry = await complete(taskId, body, key);

    // Then: Temporal answers the first update's outcome for the same update id; nothing is applied twice.
    expect(retry.status).toBe(200);
    expect(retry.body.task).toEqual(first.body.task);
    expect(await traces(caseId, taskId, key)).toEqual({
      events: 1,
      task: { state: 'completed', completed_by: 'city-reviewer1' },
      answers: [200],
    });
  }, 60_000);

  it('given an in-progress reservation within its lease, when a twin arrives, then it is not taken over', async () => {
    // Given: a reservation renewed just now (a live owner).
    const { taskId } = await firstReview();
    const body = { variables: {} };
    const key = `live-${taskId}`;
    const hash = createHash('sha256')
      .update(JSON.stringify({ op: 'complete', id: taskId, body }))
      .digest('hex');
    await sql(
      `insert into idempotency_keys (key, user_id, request_hash, response_status) values ($1, $2, $3, 0)`,
      [key, await userId('city-reviewer1'), hash],
    );

    // When: the twin waits, and the owner stores its answer meanwhile.
    const twin = complete(taskId, body, key);
    await new Promise((r) => setTimeout(r, 1_000));
    await sql(
      `update idempotency_keys set response_status = 200, response_body = '{"owner":true}' where key = $1`,
      [key],
    );

    // Then: the twin replays the owner's answer and the task was never completed by the twin.
    const res = await twin;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ owner: true });
    const [task] = await sql<{ state: string }[]>(`select state from tasks where id = $1`, [taskId]);
    expect(task?.state).toBe('open');
  }, 60_000);
});
