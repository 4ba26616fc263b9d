// Issue 17: a correlated message's history event names its sender and the variables it carried, whether published
// through POST /messages, a message batch or an objection.
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

interface HistoryItem {
  type: string;
  actor?: string | null;
  data: Record<string, unknown>;
}

describe('message senders in the case history', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-message-history');
    for (const f of ['message-catch', 'publicity-with-objections']) await t.deploy(fixtureXml(f));
  });
  afterAll(async () => {
    await t?.close();
  });

  const waitingAt = (id: string, element: string) =>
    t.eventually(
      async () =>
        t
          .http()
          .get(`/api/v1/cases/${id}`)
          .set('Authorization', await t.as('admin')),
      (r) => ((r.body.activeElements as string[] | undefined) ?? []).includes(element),
    );
  const correlatedEvents = async (id: string, name: string): Promise<HistoryItem[]> => {
    const res = await t
      .http()
      .get(`/api/v1/cases/${id}/history`)
      .set('Authorization', await t.as('admin'));
    return (res.body as HistoryItem[]).filter((h) => h.type === 'message-correlated' && h.data.name === name);
  };

  it('given a waiting case, when a city reviewer publishes, then the history names them and the variables', async () => {
    const c = await t.startCase('message-catch', {});
    await waitingAt(c.id, 'published');
    const res = await t
      .http()
      .post('/api/v1/messages')
      .set('Authorization', await t.as('city-reviewer1'))
      .send({ name: 'publish-list', correlationKey: c.businessKey, variables: { listNo: 7 } });
    expect(res.body).toEqual({ correlated: 1 });

    const events = await t.eventually(
      () => correlatedEvents(c.id, 'publish-list'),
      (e) => e.length > 0,
    );
    expect(events).toEqual([
      expect.objectContaining({
        actor: 'city-reviewer1',
        data: expect.objectContaining({ correlationKey: c.businessKey, variables: { listNo: 7 } }),
      }),
    ]);
  });

  it('given a waiting case, when an org-department batch publishes, then the history names the batch author', async () => {
    const c = await t.startCase('message-catch', {});
    await waitingAt(c.id, 'published');
    const res = await t
      .http()
      .post('/api/v1/batches')
      .set('Authorization', await t.as('orgdept1'))
      .send({
        title: 'list 8',
        caseIds: [c.id],
        action: { type: 'message', name: 'publish-list', variables: { listNo: 8 } },
      });
    expect(res.status).toBe(201);
    expect(res.body.items).toEqual([expect.objectContaining({ status: 'done' })]);
    const events = await t.eventually(
      () => correlatedEvents(c.id, 'publish-list'),
      (e) => e.length > 0,
    );
    expect(events[0]).toMatchObject({ actor: 'orgdept1', data: { variables: { listNo: 8 } } });
  });

  it('given an open publicity period, when an applicant objects, then the objection message names its author', async () => {
    const c = await t.startCase('publicity-with-objections', {});
    await waitingAt(c.id, 'waitList');
    await t
      .http()
      .post('/api/v1/messages')
      .set('Authorization', await t.as('city-reviewer1'))
      .send({ name: 'publish-list', correlationKey: c.businessKey });
    await waitingAt(c.id, 'period');
    const res = await t
      .http()
      .post(`/api/v1/cases/${c.id}/objections`)
      .set('Authorization', await t.as('applicant1'))
      .send({ reason: 'never worked there' });
    expect(res.status).toBe(201);

    const events = await t.eventually(
      () => correlatedEvents(c.id, 'objection'),
      (e) => e.length > 0,
    );
    expect(events[0]).toMatchObject({
      actor: 'applicant1',
      data: {
        variables: { objection: { id: res.body.id, reason: 'never worked there', createdBy: 'applicant1' } },
      },
    });
  });
});
