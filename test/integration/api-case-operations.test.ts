// Incidents and case operations over HTTP (issue 14): the incident list, retry after editing variables and
// process-instance modification, with their refusals (nothing changes on a refusal).
import { randomUUID } from 'node:crypto';
import { payFirstTrancheXml, twoStepReviewXml } from '../ui/case-operations-fixtures';
import { type CaseApi, createCaseApi, uniqueKey } from './api-cases-support';

jest.setTimeout(90_000);

interface HistoryRow {
  type: string;
  actor: string | null;
  elementId: string | null;
  data: Record<string, unknown>;
}

describe('API incidents and case operations', () => {
  let t: CaseApi;
  const payKey = uniqueKey('ops-pay');
  const reviewKey = uniqueKey('ops-review');

  beforeAll(async () => {
    t = await createCaseApi('api-case-operations');
    await t.deploy(await payFirstTrancheXml(payKey));
    await t.deploy(await twoStepReviewXml(reviewKey));
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = async (path: string, user = 'admin') =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set('Authorization', await t.as(user));
  const post = async (path: string, body: object, user = 'admin') =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', await t.as(user))
      .send(body);
  const history = async (id: string) => (await get(`/cases/${id}/history`)).body as HistoryRow[];
  const failedCase = async () => {
    const c = await t.startCase(payKey, { award: '十万元', district: 'lixia' });
    await t.eventually(
      () => get(`/cases/${c.id}`),
      (r) => r.body.status === 'failed',
    );
    return c;
  };

  it('given a failed payment, when an admin lists incidents, then the element is named and the cause is a code; others 403', async () => {
    const c = await failedCase();
    const res = await get(`/incidents?processKey=${payKey}`);
    expect(res.status).toBe(200);
    const mine = (res.body.items as Record<string, unknown>[]).filter((i) => i.caseId === c.id);
    expect(mine).toEqual([
      expect.objectContaining({
        businessKey: c.businessKey,
        processKey: payKey,
        processName: '资助资金拨付',
        elementId: 'payFirst',
        elementName: '拨付首笔资金',
        incidentKey: expect.stringMatching(/^\d+$/),
        cause: { code: 'INVALID_PARAMETER' },
        raisedAt: expect.any(String),
      }),
    ]);
    expect(res.body.total).toBeGreaterThanOrEqual(1);

    const other = await get(`/incidents?processKey=${uniqueKey('none')}`);
    expect(other.body).toEqual({ items: [], total: 0 });
    expect((await get('/incidents', 'lixia-reviewer')).status).toBe(403);
    expect((await get('/incidents', 'orgdept1')).status).toBe(403);
    const bad = await get('/incidents?pageSize=500');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('pageSize');
  });

  it('given a failed case, when an admin retries with a corrected variable, then it continues and the history names the admin and the variable', async () => {
    const c = await failedCase();
    const list = await get(`/incidents?caseId=${c.id}`);
    const incidentKey = list.body.items[0].incidentKey as string;
    const before = (await history(c.id)).length;

    // refusals first: none of them changes the case
    expect(
      (
        await post(
          `/cases/${c.id}/incidents/${incidentKey}/retry`,
          { variables: { award: 1 } },
          'lixia-reviewer',
        )
      ).status,
    ).toBe(403);
    expect((await post(`/cases/${randomUUID()}/incidents/${incidentKey}/retry`, {})).status).toBe(404);
    const badName = await post(`/cases/${c.id}/incidents/${incidentKey}/retry`, { variables: { 'a-b': 1 } });
    expect(badName.status).toBe(400);
    expect(badName.body.details[0].field).toBe('variables.a-b');
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`v${i}`, i]));
    expect((await post(`/cases/${c.id}/incidents/${incidentKey}/retry`, { variables: tooMany })).status).toBe(
      400,
    );
    const nul = await post(`/cases/${c.id}/incidents/${incidentKey}/retry`, {
      variables: { award: 'a\u0000' },
    });
    expect(nul.status).toBe(400);
    const wrongKey = await post(`/cases/${c.id}/incidents/99999/retry`, { variables: { award: 1 } });
    expect(wrongKey.status).toBe(409);
    expect(wrongKey.body.code).toBe('NO_INCIDENT');
    expect((await get(`/cases/${c.id}`)).body).toMatchObject({
      status: 'failed',
      variables: { award: '十万元' },
    });
    expect(await history(c.id)).toHaveLength(before);

    const res = await post(`/cases/${c.id}/incidents/${incidentKey}/retry`, { variables: { award: 100000 } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('active');
    expect(res.body.variables.award).toBe(100000);
    // the payment runs again as an activity: the case then waits at the next step
    await t.eventually(
      () => get(`/cases/${c.id}`),
      (r) => (r.body.activeElements as string[]).includes('confirmReceipt'),
    );
    expect((await get(`/cases/${c.id}/payments`)).body).toEqual([
      expect.objectContaining({ tranche: 't1-agreement', amount: 100000 }),
    ]);
    const resolved = (await history(c.id)).find((h) => h.type === 'incident-resolved');
    expect(resolved).toMatchObject({
      actor: 'admin',
      elementId: 'payFirst',
      data: { incidentKey, variables: ['award'] },
    });
    expect((await get(`/incidents?caseId=${c.id}`)).body).toEqual({ items: [], total: 0 });
    // the retry went through once the read model had it: a second retry finds no incident
    expect((await post(`/cases/${c.id}/incidents/${incidentKey}/retry`, {})).body.code).toBe('NO_INCIDENT');
  });

  it('given a case stuck at a step, when an admin modifies it, then refusals change nothing and a move activates the next step', async () => {
    const c = await t.startCase(reviewKey, { district: 'lixia' });
    await t.eventually(
      () => get(`/cases/${c.id}`),
      (r) => (r.body.activeElements as string[]).includes('districtReview'),
    );
    const instances = await get(`/cases/${c.id}/element-instances`);
    expect(instances.status).toBe(200);
    expect(instances.body).toEqual([
      expect.objectContaining({ elementId: 'districtReview', elementName: '区县审核', kind: 'userTask' }),
    ]);
    const key = instances.body[0].key as string;
    const before = (await history(c.id)).length;
    const modify = (body: object, user = 'admin') => post(`/cases/${c.id}/modification`, body, user);

    expect((await modify({ activateInstructions: [{ elementId: 'orgApproval' }] }, 'orgdept1')).status).toBe(
      403,
    );
    expect((await get(`/cases/${c.id}/element-instances`, 'lixia-reviewer')).status).toBe(403);
    expect(
      (await post(`/cases/${randomUUID()}/modification`, { activateInstructions: [{ elementId: 'x' }] }))
        .status,
    ).toBe(404);
    const refusals: [object, number, string, string | undefined][] = [
      [{}, 400, 'MODIFICATION_EMPTY', undefined],
      [{ activateInstructions: [{ elementId: 'nowhere' }] }, 400, 'ELEMENT_NOT_FOUND', 'nowhere'],
      [{ activateInstructions: [{ elementId: 'start' }] }, 400, 'ELEMENT_NOT_ACTIVATABLE', 'start'],
      [{ activateInstructions: [{ elementId: 'flow_1' }] }, 400, 'ELEMENT_NOT_ACTIVATABLE', 'flow_1'],
      [
        { terminateInstructions: [{ elementInstanceKey: '99999' }] },
        409,
        'ELEMENT_INSTANCE_NOT_FOUND',
        undefined,
      ],
      [
        { activateInstructions: [{ elementId: 'orgApproval', ancestorElementInstanceKey: key }] },
        409,
        'ANCESTOR_INVALID',
        'orgApproval',
      ],
    ];
    for (const [body, status, code, elementId] of refusals) {
      const res = await modify(body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      if (elementId) expect(res.body.details[0].elementId).toBe(elementId);
    }
    const unknownField = await modify({ activateInstructions: [{ elementId: 'orgApproval', extra: 1 }] });
    expect(unknownField.status).toBe(400);
    expect((await get(`/cases/${c.id}`)).body.activeElements).toEqual(['districtReview']);
    expect(await history(c.id)).toHaveLength(before);

    const res = await modify({
      activateInstructions: [
        { elementId: 'orgApproval', variableInstructions: [{ variables: { reason: '材料已线下补齐' } }] },
      ],
      terminateInstructions: [{ elementInstanceKey: key }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', activeElements: ['orgApproval'] });
    expect(res.body.variables.reason).toBe('材料已线下补齐');
    const rows = await history(c.id);
    expect(rows.find((h) => h.type === 'case-modified')).toMatchObject({
      actor: 'admin',
      data: { activated: ['orgApproval'], terminated: ['districtReview'], variables: ['reason'] },
    });
    expect(rows.some((h) => h.type === 'element-terminated' && h.elementId === 'districtReview')).toBe(true);
    const tasks = await t.openTasks(c.id, 'orgdept1');
    expect(tasks.map((x) => x.elementId)).toEqual(['orgApproval']);
  });

  it('given the OpenAPI document, then it lists the incident and case-operation endpoints', async () => {
    const json = await t.http().get('/api/docs/openapi.json');
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/incidents',
        '/api/v1/cases/{id}/incidents/{key}/retry',
        '/api/v1/cases/{id}/modification',
        '/api/v1/cases/{id}/element-instances',
      ]),
    );
  });

  it('given a running case, when its only active step is terminated, then the case is terminated; an ended case is 409', async () => {
    const c = await t.startCase(reviewKey, { district: 'lixia' });
    const instances = await t.eventually(
      () => get(`/cases/${c.id}/element-instances`),
      (r) => Array.isArray(r.body) && r.body.length === 1,
    );
    const res = await post(`/cases/${c.id}/modification`, {
      terminateInstructions: [{ elementInstanceKey: instances.body[0].key }],
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('terminated');
    const again = await post(`/cases/${c.id}/modification`, {
      activateInstructions: [{ elementId: 'orgApproval' }],
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CASE_NOT_ACTIVE');
  });
});
