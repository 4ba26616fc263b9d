import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

describe('API messages and objections', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-messages');
    for (const f of ['message-catch', 'publicity-with-objections']) await t.deploy(fixtureXml(f));
    // The same catch, keyed by a nested variable: neither the business key nor a top-level value.
    await t.deploy(
      fixtureXml('message-catch')
        .replace(/message-catch/g, 'message-catch-applicant')
        .replace('correlationKey="=businessKey"', 'correlationKey="=applicant.id"'),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const publish = async (body: object, user = 'city-reviewer1') =>
    t
      .http()
      .post('/api/v1/messages')
      .set('Authorization', await t.as(user))
      .send(body);
  const object = async (caseId: string, reason: string, user = 'applicant1') =>
    t
      .http()
      .post(`/api/v1/cases/${caseId}/objections`)
      .set('Authorization', await t.as(user))
      .send({ reason });
  const caseOf = async (id: string) =>
    t
      .http()
      .get(`/api/v1/cases/${id}`)
      .set('Authorization', await t.as('admin'));
  const waitingAt = (id: string, element: string) =>
    t.eventually(
      () => caseOf(id),
      (r) => (r.body.activeElements as string[]).includes(element),
    );

  it('given a case waiting for a message, when it is published, then correlated 1 and the case moves on', async () => {
    const c = await t.startCase('message-catch', {});
    await waitingAt(c.id, 'published');
    const res = await publish({
      name: 'publish-list',
      correlationKey: c.businessKey,
      variables: { listNo: 7 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ correlated: 1 });
    const done = await t.eventually(
      () => caseOf(c.id),
      (r) => r.body.status === 'completed',
    );
    expect(done.body.variables).toMatchObject({ listNo: 7 });
    // Not buffered: nobody waits any more.
    expect((await publish({ name: 'publish-list', correlationKey: c.businessKey })).body).toEqual({
      correlated: 0,
    });
  });

  it('given two cases waiting on a key that is not their business key, when it is published, then both are reached through their subscriptions', async () => {
    // given two cases sharing applicant.id and a third of another applicant, all waiting at `published`
    const applicant = `A-${Date.now()}`;
    const same = [
      await t.startCase('message-catch-applicant', { applicant: { id: applicant } }),
      await t.startCase('message-catch-applicant', { applicant: { id: applicant } }),
    ];
    const other = await t.startCase('message-catch-applicant', { applicant: { id: `${applicant}-x` } });
    for (const c of [...same, other]) await waitingAt(c.id, 'published');
    const open = async (ids: string[]) =>
      (
        (await t.database.dataSource.query(
          `SELECT correlation_key FROM message_subscriptions
            WHERE case_id = ANY($1::uuid[]) AND message_name = 'publish-list' AND closed_at IS NULL`,
          [ids],
        )) as { correlation_key: string }[]
      ).map((r) => r.correlation_key);
    await t.eventually(
      () => open(same.map((c) => c.id)),
      (keys) => keys.length === 2,
    );
    expect(await open(same.map((c) => c.id))).toEqual([applicant, applicant]);
    // when the message is published with that key
    const res = await publish({ name: 'publish-list', correlationKey: applicant, variables: { listNo: 9 } });
    // then both workflows report it, both move on and close their subscription, the other still waits
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ correlated: 2 });
    for (const c of same)
      await t.eventually(
        () => caseOf(c.id),
        (r) => r.body.status === 'completed',
      );
    expect(await open(same.map((c) => c.id))).toEqual([]);
    expect((await caseOf(other.id)).body.activeElements).toEqual(['published']);
    expect(await open([other.id])).toEqual([`${applicant}-x`]);
  });

  it('given no waiting case, when a message is published, then correlated 0', async () => {
    const res = await publish({ name: 'publish-list', correlationKey: 'nobody-waits-on-this-key' });
    expect(res.body).toEqual({ correlated: 0 });
  });

  it('given a message that requires a reason (rf:requires), when it is sent without it, then 400 names the variable and the case still waits', async () => {
    // given: a process whose message must carry a non-blank reason
    await t.deploy(
      fixtureXml('message-catch')
        .replace(/message-catch/g, 'message-catch-reason')
        .replace(/publish-list/g, 'revoke-with-reason')
        .replace('rf:senders="city-reviewer,org-department"', '$& rf:requires="reason"'),
    );
    const c = await t.startCase('message-catch-reason', {});
    await waitingAt(c.id, 'published');
    // when: sent with no reason, a blank one, or null
    for (const variables of [{}, { reason: '  ' }, { reason: null }]) {
      const res = await publish({ name: 'revoke-with-reason', correlationKey: c.businessKey, variables });
      // then: refused, naming the variable; nothing reached the case
      expect(res.body).toMatchObject({ statusCode: 400 });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('MESSAGE_VARIABLE_REQUIRED');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'variables.reason' })]);
    }
    const batch = await t
      .http()
      .post('/api/v1/batches')
      .set('Authorization', await t.as('city-reviewer1'))
      .send({
        title: '取消资格',
        caseIds: [c.id],
        action: { type: 'message', name: 'revoke-with-reason', variables: {} },
      });
    expect(batch.status).toBe(400);
    expect(batch.body.code).toBe('MESSAGE_VARIABLE_REQUIRED');
    expect((await caseOf(c.id)).body.activeElements).toEqual(['published']);
    // and with the reason it goes through
    const ok = await publish({
      name: 'revoke-with-reason',
      correlationKey: c.businessKey,
      variables: { reason: '材料不实' },
    });
    expect(ok.body).toEqual({ correlated: 1 });
  });

  it('refuses an rf:requires that is empty or names no variable, at deploy, naming the message', async () => {
    for (const [value, text] of [
      ['', 'rf:requires is empty'],
      ['reason,not a name', "rf:requires names 'not a name'"],
    ] as const) {
      const res = await t
        .http()
        .post('/api/v1/process-definitions')
        .set('Authorization', await t.as('admin'))
        .set('Content-Type', 'application/xml')
        .send(
          fixtureXml('message-catch')
            .replace(/message-catch/g, 'message-catch-bad-requires')
            .replace('rf:senders="city-reviewer,org-department"', `$& rf:requires="${value}"`),
        );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('BPMN_INVALID');
      expect(JSON.stringify(res.body.details)).toContain(text);
      expect(res.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ elementId: 'Msg_publish' })]),
      );
    }
  });

  it('given bad input or an applicant, when publishing, then 400 or 403', async () => {
    const bad = await publish({ correlationKey: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'name' })]);
    expect((await publish({ name: 'publish-list', correlationKey: 'x' }, 'applicant1')).status).toBe(403);
  });

  it('given a case before its publicity period, when an objection is raised, then 409 says why and nothing is stored', async () => {
    const c = await t.startCase('publicity-with-objections', {});
    await waitingAt(c.id, 'waitList');
    const res = await object(c.id, 'too early');
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/not waiting for an objection/);
    const rows: unknown[] = await t.database.dataSource.query(
      'select id from objections where case_id = $1',
      [c.id],
    );
    expect(rows).toEqual([]);
  });

  it('given an open publicity period, when an objection is raised, then 201, it is recorded and a verification task opens', async () => {
    const c = await t.startCase('publicity-with-objections', {});
    await waitingAt(c.id, 'waitList');
    expect((await publish({ name: 'publish-list', correlationKey: c.businessKey })).body).toEqual({
      correlated: 1,
    });
    await waitingAt(c.id, 'period');
    const res = await object(c.id, 'the applicant never worked there');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      caseId: c.id,
      reason: 'the applicant never worked there',
      createdBy: 'applicant1',
      createdAt: expect.any(String),
    });
    const tasks = await t.openTasks(c.id, 'city-reviewer1');
    expect(tasks.map((x) => x.elementId)).toEqual(['verifyObjection']);
    const history = await t
      .http()
      .get(`/api/v1/cases/${c.id}/history`)
      .set('Authorization', await t.as('admin'));
    expect(history.body).toContainEqual(
      expect.objectContaining({
        type: 'objection',
        actor: 'applicant1',
        data: { objectionId: res.body.id, reason: 'the applicant never worked there' },
      }),
    );
  });

  it('given bad input or an unknown case, when objecting, then 400 or 404', async () => {
    const c = await t.startCase('publicity-with-objections', { district: 'lixia' });
    expect((await object(c.id, '')).status).toBe(400);
    expect((await object('00000000-0000-4000-8000-000000000000', 'x')).status).toBe(404);
    // A publicity list is public: a user who may not read the case learns only that it is not in publicity.
    expect((await object(c.id, 'x', 'shizhong-reviewer')).status).toBe(409);
  });
});
