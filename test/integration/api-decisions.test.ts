// DMN decisions over HTTP: deployed and versioned per decision id, read by staff only, refused with codes and element
// ids, bound at BPMN deploy; a case runs through business rule tasks on Temporal and its history shows the rules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

const DMN = join(__dirname, '..', 'fixtures', 'dmn');
const dmn = (name: string) => readFileSync(join(DMN, name), 'utf8');

interface HistoryRow {
  type: string;
  elementId?: string;
  data: Record<string, unknown>;
}

describe('API decisions and business rule tasks', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-decisions');
  });
  afterAll(async () => {
    await t?.close();
  });

  const postXml = async (path: string, xml: string, user = 'admin') =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', await t.as(user))
      .set('Content-Type', 'application/xml')
      .send(xml);
  const get = async (path: string, user = 'admin') =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set('Authorization', await t.as(user));
  const history = async (caseId: string) => (await get(`/cases/${caseId}/history`)).body as HistoryRow[];

  it('given a DMN file, when deployed, then each decision is versioned; identical content keeps its version', async () => {
    const first = await postXml('/decisions', dmn('grade-unique.dmn'));
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      decisions: [
        {
          id: expect.any(String),
          decisionId: 'grade-unique',
          name: 'Grade by score',
          version: 1,
          created: true,
        },
      ],
    });
    // the same content, laid out differently, is the same version
    const reformatted = dmn('grade-unique.dmn').replace(/\n\s+/g, '\n');
    const again = await postXml('/decisions', reformatted);
    expect(again.status).toBe(200);
    expect(again.body.decisions[0]).toMatchObject({
      version: 1,
      created: false,
      id: first.body.decisions[0].id,
    });
    const changed = await postXml(
      '/decisions',
      dmn('grade-unique.dmn').replace('&gt;= 85', '&gt;= 80').replace('[70..85)', '[70..80)'),
    );
    expect(changed.status).toBe(201);
    expect(changed.body.decisions[0]).toMatchObject({ version: 2, created: true });

    const latest = await get('/decisions/grade-unique', 'city-reviewer1');
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({
      decisionId: 'grade-unique',
      version: 2,
      definitionsId: 'grade-unique-defs',
      decision: {
        kind: 'table',
        hitPolicy: 'UNIQUE',
        rules: expect.arrayContaining([expect.objectContaining({ id: 'r-a', inputEntries: ['>= 80'] })]),
      },
      requiredDecisions: [],
    });
    expect(latest.body.xml).toContain('&gt;= 80');
    expect((await get('/decisions/grade-unique/versions/1')).body.decision.rules[0].inputEntries).toEqual([
      '>= 85',
    ]);
    expect(
      (await get('/decisions/grade-unique/versions')).body.map((v: { version: number }) => v.version),
    ).toEqual([2, 1]);
    expect((await get('/decisions/grade-unique/versions/3')).status).toBe(404);
    expect((await get('/decisions/grade-unique/versions/0')).status).toBe(400);
    expect((await get('/decisions/nope')).status).toBe(404);
  });

  it('given a caller who is not admin, then deploying is 403 and nothing is stored; applicants and experts cannot read tables', async () => {
    const refused = await postXml('/decisions', dmn('priority.dmn'), 'city-reviewer1');
    expect(refused.status).toBe(403);
    expect((await get('/decisions/priority')).status).toBe(404);
    expect((await postXml('/decisions', dmn('priority.dmn'), 'applicant1')).status).toBe(403);
    expect((await get('/decisions/grade-unique', 'applicant1')).status).toBe(403);
    expect((await get('/decisions/grade-unique', 'expert2')).status).toBe(403);
    // every role: staff read the rules, applicants, employers and experts do not
    const readers: Record<string, number> = {
      applicant1: 403,
      employer1: 403,
      expert1: 403,
      'lixia-reviewer': 200,
      'city-reviewer1': 200,
      orgdept1: 200,
      finance1: 200,
      admin: 200,
    };
    for (const [user, status] of Object.entries(readers))
      expect([user, (await get('/decisions/grade-unique/versions', user)).status]).toEqual([user, status]);
    const anonymous = await t.http().get('/api/v1/decisions/grade-unique');
    expect(anonymous.status).toBe(401);
  });

  it('given bad DMN, then 400 INVALID_DMN names the element and the reason code, and nothing is stored', async () => {
    const unsupported = await postXml('/decisions', dmn('invalid/output-order.dmn'));
    expect(unsupported.status).toBe(400);
    expect(unsupported.body).toMatchObject({
      code: 'INVALID_DMN',
      details: [
        {
          elementId: 'output-order-table',
          code: 'DMN_UNSUPPORTED',
          message: expect.stringMatching(/OUTPUT ORDER/),
        },
      ],
    });
    const bad = await postXml('/decisions', dmn('invalid/bad-feel.dmn'));
    expect(bad.body).toMatchObject({
      code: 'INVALID_DMN',
      details: [{ elementId: 'bad-feel-r1', code: 'DMN_INVALID' }],
    });
    const unreadable = await postXml('/decisions', '<definitions>');
    expect(unreadable.status).toBe(400);
    expect(unreadable.body).toMatchObject({ code: 'INVALID_DMN', details: [{ code: 'DMN_UNREADABLE' }] });
    const json = await t
      .http()
      .post('/api/v1/decisions')
      .set('Authorization', await t.as('admin'))
      .send({ xml: 'x' });
    expect(json.status).toBe(415);
    expect((await get('/decisions/output-order')).status).toBe(404);
  });

  it('given a BPMN calling a decision that is not deployed, then the deploy is 400 naming the element with DECISION_NOT_DEPLOYED', async () => {
    const res = await postXml('/process-definitions', fixtureXml('business-rule-task'));
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      {
        elementId: 'award',
        code: 'DECISION_NOT_DEPLOYED',
        message: expect.stringMatching(/'award' is not deployed/),
      },
    ]);
  });

  it('given the decisions deployed, when a case runs through business rule tasks, then the results are set and the history shows the matched rules', async () => {
    expect((await postXml('/decisions', dmn('required-literal.dmn'))).status).toBe(201);
    // grade-unique is at version 2 (A from 80): the deploy binds that version; baseGrade still says B for 82
    await t.deploy(fixtureXml('business-rule-task'));
    const c = await t.startCase('business-rule-task', { score: 82 });
    await t.openTasks(c.id, 'city-reviewer1');
    const view = (await get(`/cases/${c.id}`)).body as { variables: Record<string, unknown> };
    expect(view.variables).toMatchObject({ grade: 'A', award: 50 });
    const evaluated = (await history(c.id)).filter((h) => h.type === 'decision-evaluated');
    expect(
      evaluated.map((h) => [h.elementId, h.data.decisionId, h.data.decisionVersion, h.data.result]),
    ).toEqual([
      ['grade', 'grade-unique', 2, 'A'],
      ['award', 'award', 1, 50],
    ]);
    expect(evaluated[0]?.data.decisions).toEqual([
      {
        decisionId: 'grade-unique',
        matchedRules: [{ ruleId: 'r-a', index: 1, outputs: { grade: 'A' } }],
        result: 'A',
      },
    ]);
  });

  it('given no rule matches, then the case fails with an incident coded DMN_NO_MATCH on the element; a retry with a score resumes it', async () => {
    const c = await t.startCase('business-rule-task', { score: 10 });
    const raised = await t.eventually(
      async () => (await history(c.id)).find((h) => h.type === 'incident-raised'),
      (h) => h !== undefined,
    );
    expect(raised).toMatchObject({ elementId: 'grade', data: { code: 'DMN_NO_MATCH' } });
    expect((await get(`/cases/${c.id}`)).body.status).toBe('failed');
    const retry = await t
      .http()
      .post(`/api/v1/cases/${c.id}/incidents/${String(raised?.data.incidentKey)}/retry`)
      .set('Authorization', await t.as('admin'))
      .send({ variables: { score: 95 } });
    expect(retry.status).toBe(200);
    await t.openTasks(c.id, 'city-reviewer1');
    expect((await get(`/cases/${c.id}`)).body.variables).toMatchObject({ grade: 'A', award: 100 });
  });

  it('given the Camunda v2 deployment API, when a .dmn and a .bpmn arrive together, then the decisions deploy first and are listed', async () => {
    const res = await t
      .http()
      .post('/v2/deployments')
      .set('Authorization', await t.as('admin'))
      .attach('resources', Buffer.from(fixtureXml('business-rule-task')), 'business-rule-task.bpmn')
      .attach('resources', Buffer.from(dmn('priority.dmn')), 'priority.dmn');
    expect(res.status).toBe(200);
    const kinds = (res.body.deployments as Record<string, { resourceName: string }>[]).map(
      (d) => Object.keys(d)[0],
    );
    expect(kinds).toEqual(['decisionDefinition', 'processDefinition']);
    expect(res.body.deployments[0].decisionDefinition).toMatchObject({
      decisionDefinitionId: 'priority',
      version: 1,
      resourceName: 'priority.dmn',
    });
    const bad = await t
      .http()
      .post('/v2/deployments')
      .set('Authorization', await t.as('admin'))
      .attach('resources', Buffer.from(dmn('invalid/output-order.dmn')), 'output-order.dmn');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_DMN');
    const refused = await t
      .http()
      .post('/v2/deployments')
      .set('Authorization', await t.as('city-reviewer1'))
      .attach('resources', Buffer.from(dmn('any.dmn')), 'any.dmn');
    expect(refused.status).toBe(403);
    expect((await get('/decisions/any')).status).toBe(404);
  });

  it('given a table put back as it was, when deployed, then it becomes the newest version (as Zeebe), and the same again keeps it', async () => {
    const original = dmn('first-multi-output.dmn');
    expect((await postXml('/decisions', original)).body.decisions[0]).toMatchObject({
      version: 1,
      created: true,
    });
    const edited = original.replace('<text>300000</text>', '<text>350000</text>');
    expect((await postXml('/decisions', edited)).body.decisions[0]).toMatchObject({
      version: 2,
      created: true,
    });
    const back = await postXml('/decisions', original);
    expect(back.status).toBe(201);
    expect(back.body.decisions[0]).toMatchObject({ version: 3, created: true });
    expect((await postXml('/decisions', original)).body.decisions[0]).toMatchObject({
      version: 3,
      created: false,
    });
    expect((await get('/decisions/first-multi-output')).body.xml).toBe(original);
  });
});
