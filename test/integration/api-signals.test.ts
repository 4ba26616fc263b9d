// Signal events end to end: POST /signals/broadcast, signal throw/end events of a case (the broadcastSignal
// activity), catch events, boundaries, event subprocesses and signal start events; and process-level message
// start events through POST /messages; on Temporal and PostgreSQL.
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

describe('API signals and message start events', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-signals');
    for (const f of [
      'signal-catch',
      'signal-boundary',
      'signal-event-subprocess',
      'signal-throw',
      'signal-start',
      'message-start',
    ])
      await t.deploy(fixtureXml(f));
  });
  afterAll(async () => {
    await t?.close();
  });

  const broadcast = async (body: object, user = 'admin') =>
    t
      .http()
      .post('/api/v1/signals/broadcast')
      .set('Authorization', await t.as(user))
      .send(body);
  const caseOf = async (id: string) =>
    t
      .http()
      .get(`/api/v1/cases/${id}`)
      .set('Authorization', await t.as('admin'));
  const waitingAt = (id: string, element: string) =>
    t.eventually(
      () => caseOf(id),
      (r) => ((r.body.activeElements as string[] | undefined) ?? []).includes(element),
    );
  const casesOf = async (processKey: string) =>
    (await t.database.dataSource.query(`SELECT id, status FROM cases WHERE process_key = $1 ORDER BY id`, [
      processKey,
    ])) as { id: string; status: string }[];

  it('given bad input or a non-admin, when broadcasting, then 400 naming the field or 403, and nothing moves', async () => {
    const c = await t.startCase('signal-catch');
    await waitingAt(c.id, 'waitPolicy');
    expect((await broadcast({ signalName: 'policy-changed' }, 'city-reviewer1')).status).toBe(403);
    const missing = await broadcast({ variables: {} });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('signalName');
    expect((await broadcast({ signalName: 'x'.repeat(201) })).status).toBe(400);
    expect((await broadcast({ signalName: 'policy-changed', extra: 1 })).status).toBe(400);
    // a message may not pose as a signal subscription
    const posing = await t
      .http()
      .post('/api/v1/messages')
      .set('Authorization', await t.as('admin'))
      .send({ name: 'signal:policy-changed', correlationKey: '' + c.businessKey });
    expect(posing.status).toBe(400);
    expect((await caseOf(c.id)).body.status).toBe('active');
  });

  it('given cases waiting on signals, when broadcast, then every waiting catch, boundary and event subprocess fires', async () => {
    const a = await t.startCase('signal-catch');
    const b = await t.startCase('signal-catch');
    const bound = await t.startCase('signal-boundary');
    const esp = await t.startCase('signal-event-subprocess');
    for (const c of [a, b]) await waitingAt(c.id, 'waitPolicy');
    await waitingAt(bound.id, 'review');
    await waitingAt(esp.id, 'review');

    const res = await broadcast({ signalName: 'policy-changed', variables: { policyVersion: 4 } });
    expect(res.status).toBe(200);
    // the two of this test plus the one the refusal test left waiting
    expect(res.body).toMatchObject({ correlated: 3, startedCases: [] });
    for (const c of [a, b]) {
      const done = await t.eventually(
        () => caseOf(c.id),
        (r) => r.body.status === 'completed',
      );
      expect(done.body.variables).toMatchObject({ policyVersion: 4 });
    }

    expect((await broadcast({ signalName: 'rules-updated' })).body).toMatchObject({ correlated: 1 });
    expect((await broadcast({ signalName: 'audit-requested' })).body).toMatchObject({ correlated: 1 });
    await waitingAt(bound.id, 'readNotice');
    await waitingAt(esp.id, 'audit');
    expect((await broadcast({ signalName: 'programme-halted' })).body).toMatchObject({ correlated: 1 });
    await t.eventually(
      () => caseOf(bound.id),
      (r) => !(r.body.activeElements as string[]).includes('review'),
    );
    // nobody waits any more: not buffered
    expect((await broadcast({ signalName: 'programme-halted' })).body).toMatchObject({ correlated: 0 });
  });

  it('given a case whose throw event broadcasts, when it runs, then waiting cases of another process are reached with its variables', async () => {
    const waiting = await t.startCase('signal-catch');
    await waitingAt(waiting.id, 'waitPolicy');
    const thrower = await t.startCase('signal-throw', { policyVersion: 9 });
    await t.eventually(
      () => caseOf(thrower.id),
      (r) => r.body.status === 'completed',
    );
    const done = await t.eventually(
      () => caseOf(waiting.id),
      (r) => r.body.status === 'completed',
      30_000,
    );
    expect(done.body.variables).toMatchObject({ policy: 'v9' });
    const history = (await t.database.dataSource.query(
      `SELECT type, element_id FROM history_events WHERE case_id = $1 AND type = 'signal-broadcast' ORDER BY seq`,
      [thrower.id],
    )) as { type: string; element_id: string }[];
    expect(history.map((h) => h.element_id)).toEqual(['announce', 'closed']);
  });

  it('given a process with a signal start event, when its signal is broadcast, then a case of it starts; POST /cases refuses it', async () => {
    const refused = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await t.as('admin'))
      .send({ processKey: 'signal-start', businessKey: 'no-none-start', variables: {} });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'NO_NONE_START_EVENT' });

    const before = await casesOf('signal-start');
    const res = await broadcast({ signalName: 'programme-opened', variables: { year: 2027 } });
    expect(res.status).toBe(200);
    const started = (res.body as { startedCases: string[] }).startedCases;
    expect(started).toHaveLength(1);
    const c = await waitingAt(started[0] as string, 'prepareCall');
    expect(c.body.variables).toMatchObject({ year: 2027 });
    expect((await casesOf('signal-start')).length).toBe(before.length + 1);
  });

  it('given a process with a message start event, when a sender publishes with no case waiting, then one case per correlation key starts', async () => {
    const publish = async (body: object, user: string) =>
      t
        .http()
        .post('/api/v1/messages')
        .set('Authorization', await t.as(user))
        .send(body);
    const body = {
      name: 'application-received',
      correlationKey: `APP-${Date.now()}`,
      variables: { district: 'lixia', applicant: { name: '王芳', idNumber: 'x' } },
    };
    // rf:senders names district reviewers only
    const refused = await publish(body, 'city-reviewer1');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'NOT_SENDER' });
    expect(await casesOf('message-start')).toEqual([]);

    const res = await publish(body, 'lixia-reviewer');
    expect(res.status).toBe(200);
    const started = (res.body as { startedCases: string[] }).startedCases;
    expect(res.body).toEqual({ correlated: 0, startedCases: [expect.any(String)] });
    const c = await waitingAt(started[0] as string, 'checkApplication');
    expect(c.body).toMatchObject({ businessKey: body.correlationKey });
    expect(c.body.variables).toEqual({ businessKey: body.correlationKey, applicantName: '王芳' });

    // the same key again: that case exists, so nothing starts
    expect((await publish(body, 'lixia-reviewer')).body).toEqual({ correlated: 0 });
    expect(await casesOf('message-start')).toHaveLength(1);
  });

  it('given the Camunda REST v2 route, when an admin broadcasts, then waiting cases move; others get 403', async () => {
    const c = await t.startCase('signal-catch');
    await waitingAt(c.id, 'waitPolicy');
    const v2 = async (user: string) =>
      t
        .http()
        .post('/v2/signals/broadcast')
        .set('Authorization', await t.as(user))
        .send({ signalName: 'policy-changed', variables: { policyVersion: 11 } });
    expect((await v2('city-reviewer1')).status).toBe(403);
    const res = await v2('admin');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ signalKey: expect.any(String), tenantId: '<default>' });
    const done = await t.eventually(
      () => caseOf(c.id),
      (r) => r.body.status === 'completed',
    );
    expect(done.body.variables).toMatchObject({ policyVersion: 11 });
  });
});
