// Who sees a case, by relationship (contract §2 "Who sees a case"; issue 17 items 1-3): every role against every read
// endpoint, across districts, applicants, employers and experts; the inbox offers only what the caller may do now;
// starting a case takes its district from the user record. Each of the findings is one regression test here.
import { hash } from 'bcryptjs';
import { UserEntity } from '../../db/entities/user.entity';
import { type CaseApi, createCaseApi, fixtureXml, uniqueKey } from './api-cases-support';

const ns = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:rf="http://reviewflow.dev/schema/bpmn/1.0"`;
const groups = (g: string) =>
  `<bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="${g}" /></bpmn:extensionElements>`;
const proc = (id: string, body: string, flows: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions ${ns} id="D_${id}" targetNamespace="t">` +
  `<bpmn:process id="${id}" isExecutable="true" rf:startableBy="applicant,employer,district-reviewer,city-reviewer">` +
  `<bpmn:startEvent id="start" />${body}<bpmn:endEvent id="end" />` +
  flows
    .slice(1)
    .map((to, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${flows[i]}" targetRef="${to}" />`)
    .join('') +
  `</bpmn:process></bpmn:definitions>`;

/** A two-seat expert panel (conflict of interest on the employer), then a city reviewer's decision. */
const PANEL = proc(
  'vis-panel',
  `<bpmn:userTask id="score" name="score" rf:excludeAffiliation="=employerId" rf:writes="score">${groups(
    'expert',
  ).replace(
    '</bpmn:extensionElements>',
    '</bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1, 2]" inputElement="seat" outputCollection="scores" outputElement="=score" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>',
  )}</bpmn:userTask><bpmn:userTask id="decide" name="decide">${groups('city-reviewer')}</bpmn:userTask>`,
  ['start', 'score', 'decide', 'end'],
);
/** One task for the employer of the case. */
const CONFIRM = proc(
  'vis-confirm',
  `<bpmn:userTask id="confirm" name="confirm">${groups('employer')}</bpmn:userTask>`,
  ['start', 'confirm', 'end'],
);

const USERS = [
  'applicant1',
  'applicant2',
  'employer1',
  'employer2',
  'lixia-reviewer',
  'shizhong-reviewer',
  'city-reviewer1',
  'expert1',
  'expert2',
  'orgdept1',
  'finance1',
  'admin',
] as const;
type User = (typeof USERS)[number];
const ALL_SEEING: User[] = ['city-reviewer1', 'orgdept1', 'finance1', 'admin'];

describe('API visibility by relationship', () => {
  let t: CaseApi;
  /** lixia, applicant1, employer org-1 */
  let caseA: string;
  /** shizhong, applicant2, employer org-2 */
  let caseB: string;

  beforeAll(async () => {
    t = await createCaseApi('api-visibility');
    // Users beyond the demo set: a second applicant and employer, and an applicant registered in a district.
    const passwordHash = await hash('demo', 4);
    await t.database.dataSource.getRepository(UserEntity).insert([
      { username: 'applicant2', passwordHash, roles: ['applicant'], district: null, affiliation: null },
      { username: 'employer2', passwordHash, roles: ['employer'], district: null, affiliation: 'org-2' },
      {
        username: 'applicant-lixia',
        passwordHash,
        roles: ['applicant'],
        district: 'lixia',
        affiliation: null,
      },
    ]);
    for (const xml of [fixtureXml('user-task'), fixtureXml('publicity-with-objections'), PANEL, CONFIRM])
      await t.deploy(xml);
    caseA = (
      await t.startCase('user-task', {
        district: 'lixia',
        applicantId: 'applicant1',
        employerId: 'org-1',
        idNumber: '370102199001011234',
      })
    ).id;
    caseB = (
      await t.startCase('user-task', {
        district: 'shizhong',
        applicantId: 'applicant2',
        employerId: 'org-2',
        idNumber: '370103199202022345',
      })
    ).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = async (path: string, user: string) =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set('Authorization', await t.as(user));
  const post = async (path: string, user: string, body: object = {}) =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', await t.as(user))
      .send(body);
  const caseAsAdmin = (id: string) => get(`/cases/${id}`, 'admin');
  const waitingAt = (id: string, element: string) =>
    t.eventually(
      () => caseAsAdmin(id),
      (r) => ((r.body.activeElements ?? []) as string[]).includes(element),
    );
  const inboxTotal = async (caseId: string, user: string) =>
    (await get(`/tasks?caseId=${caseId}`, user)).body.total as number;

  const seesA: User[] = ['applicant1', 'employer1', 'lixia-reviewer', ...ALL_SEEING];
  const seesB: User[] = ['applicant2', 'employer2', 'shizhong-reviewer', ...ALL_SEEING];

  it.each(['', '/history', '/payments'])(
    'given cases of two applicants, employers and districts, when every role reads GET /cases/:id%s, then only those related see each (404 otherwise)',
    async (suffix) => {
      const got: Record<string, [number, number]> = {};
      const want: Record<string, [number, number]> = {};
      for (const u of USERS) {
        got[u] = [
          (await get(`/cases/${caseA}${suffix}`, u)).status,
          (await get(`/cases/${caseB}${suffix}`, u)).status,
        ];
        want[u] = [seesA.includes(u) ? 200 : 404, seesB.includes(u) ? 200 : 404];
      }
      expect(got).toEqual(want);
    },
  );

  it('given the same cases, when every role lists GET /cases, then the list holds exactly the cases it may read', async () => {
    const got: Record<string, [boolean, boolean]> = {};
    const want: Record<string, [boolean, boolean]> = {};
    for (const u of USERS) {
      const res = await get('/cases?pageSize=200', u);
      expect(res.status).toBe(200);
      const ids = (res.body.items as { id: string }[]).map((c) => c.id);
      got[u] = [ids.includes(caseA), ids.includes(caseB)];
      want[u] = [seesA.includes(u), seesB.includes(u)];
    }
    expect(got).toEqual(want);
  });

  it('regression: applicant1 cannot read another applicant’s case, its identity number, history or payments', async () => {
    for (const path of [`/cases/${caseB}`, `/cases/${caseB}/history`, `/cases/${caseB}/payments`]) {
      const res = await get(path, 'applicant1');
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('370103199202022345');
    }
    const list = await get('/cases?pageSize=200', 'applicant1');
    expect(JSON.stringify(list.body)).not.toContain('370103199202022345');
    expect((await get(`/cases/${caseA}`, 'applicant1')).body.variables.idNumber).toBe('370102199001011234');
  });

  it('given review tasks in two districts, when every role reads the inbox, then only candidates who see the case get it', async () => {
    await t.openTasks(caseA, 'city-reviewer1');
    await t.openTasks(caseB, 'city-reviewer1');
    const got: Record<string, [number, number]> = {};
    const want: Record<string, [number, number]> = {};
    const candidates: User[] = ['lixia-reviewer', 'shizhong-reviewer', 'city-reviewer1'];
    for (const u of USERS) {
      got[u] = [await inboxTotal(caseA, u), await inboxTotal(caseB, u)];
      want[u] = [
        candidates.includes(u) && seesA.includes(u) ? 1 : 0,
        candidates.includes(u) && seesB.includes(u) ? 1 : 0,
      ];
    }
    expect(got).toEqual(want);
  });

  it('regression: an employer neither sees nor acts on another organisation’s tasks', async () => {
    const own = await t.startCase('vis-confirm', { employerId: 'org-1' });
    const other = await t.startCase('vis-confirm', { employerId: 'org-2' });
    const [otherTask] = await t.openTasks(other.id, 'employer2');
    expect(await inboxTotal(other.id, 'employer1')).toBe(0);
    expect((await post(`/tasks/${otherTask!.id}/claim`, 'employer1')).status).toBe(404);
    expect((await post(`/tasks/${otherTask!.id}/complete`, 'employer1', { variables: {} })).status).toBe(404);
    const [ownTask] = await t.openTasks(own.id, 'employer1');
    expect((await post(`/tasks/${ownTask!.id}/complete`, 'employer1', { variables: {} })).status).toBe(200);
  });

  it('regression: the conflicted expert sees neither the case nor its ballots; other experts see it while offered or once they acted', async () => {
    const conflicted = await t.startCase('vis-panel', { employerId: 'org-1' });
    const clean = await t.startCase('vis-panel', { employerId: 'org-2' });
    await t.openTasks(conflicted.id, 'expert2');
    await t.openTasks(clean.id, 'expert2');
    expect((await get(`/cases/${conflicted.id}`, 'expert1')).status).toBe(404);
    expect((await get(`/cases/${conflicted.id}/history`, 'expert1')).status).toBe(404);
    expect(await inboxTotal(conflicted.id, 'expert1')).toBe(0);
    const list = await get('/cases?pageSize=200', 'expert1');
    expect((list.body.items as { id: string }[]).map((c) => c.id)).not.toContain(conflicted.id);
    expect((await get(`/cases/${clean.id}`, 'expert1')).status).toBe(200);
    expect(await inboxTotal(clean.id, 'expert1')).toBe(2);
    // Acting on a ballot the rule excludes still says why, with the stable code.
    const [seat] = await t.openTasks(conflicted.id, 'expert2');
    const refused = await post(`/tasks/${seat!.id}/claim`, 'expert1');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CONFLICT_OF_INTEREST');
  });

  it('regression: an expert does not see other experts’ scores before voting, is not offered a second ballot, and loses sight of a case they never acted on', async () => {
    const c = await t.startCase('vis-panel', { employerId: 'org-2' });
    const seats = await t.openTasks(c.id, 'expert2');
    expect(seats).toHaveLength(2);
    expect(
      (await post(`/tasks/${seats[0]!.id}/complete`, 'expert2', { variables: { score: 87 } })).status,
    ).toBe(200);
    // Already voted: the sibling seat is not offered to expert2 any more, but still to expert3.
    expect(await inboxTotal(c.id, 'expert2')).toBe(0);
    expect(await inboxTotal(c.id, 'expert3')).toBe(1);
    // expert3 has not voted: expert2's score is sealed in the case and its history.
    const before = await get(`/cases/${c.id}`, 'expert3');
    expect(before.status).toBe(200);
    expect(before.body.variables).not.toHaveProperty('score');
    expect(before.body.variables).not.toHaveProperty('scores');
    const history = await get(`/cases/${c.id}/history`, 'expert3');
    const sealed = (history.body as { type: string; actor?: string; data: Record<string, unknown> }[]).find(
      (e) => e.type === 'task-completed' && e.actor === 'expert2',
    );
    expect(sealed?.data.sealed).toBe(true);
    // A reviewer is no peer: nothing is sealed for them.
    const reviewerHistory = await get(`/cases/${c.id}/history`, 'city-reviewer1');
    expect(JSON.stringify(reviewerHistory.body)).not.toContain('"sealed"');
    // Once expert3 voted, both scores show.
    const [last] = await t.openTasks(c.id, 'expert3');
    expect((await post(`/tasks/${last!.id}/complete`, 'expert3', { variables: { score: 65 } })).status).toBe(
      200,
    );
    await waitingAt(c.id, 'decide');
    const after = await get(`/cases/${c.id}`, 'expert3');
    expect([...(after.body.variables.scores as number[])].sort()).toEqual([65, 87]);
    // expert4 was offered a ballot but never acted: the case is no longer theirs to read.
    expect((await get(`/cases/${c.id}`, 'expert4')).status).toBe(404);
    expect((await get(`/cases/${c.id}`, 'expert2')).status).toBe(200);
  });

  it('regression: the applicant does not learn who objected; reviewers do', async () => {
    const c = await t.startCase('publicity-with-objections', {
      applicantId: 'applicant1',
      district: 'lixia',
    });
    await waitingAt(c.id, 'waitList');
    expect(
      (await post('/messages', 'admin', { name: 'publish-list', correlationKey: c.businessKey })).body,
    ).toEqual({
      correlated: 1,
    });
    await waitingAt(c.id, 'period');
    // Anyone may object to a published case, even one they may not read.
    const objection = await post(`/cases/${c.id}/objections`, 'expert2', { reason: 'never worked there' });
    expect(objection.status).toBe(201);
    expect(objection.body.createdBy).toBe('expert2');
    const applicantView = await get(`/cases/${c.id}/history`, 'applicant1');
    expect(applicantView.status).toBe(200);
    const raised = (applicantView.body as { type: string; actor?: string }[]).find(
      (e) => e.type === 'objection',
    );
    expect(raised).toBeDefined();
    expect(raised?.actor).toBeUndefined();
    expect(JSON.stringify(applicantView.body)).not.toContain('expert2');
    expect(JSON.stringify((await get(`/cases/${c.id}`, 'applicant1')).body)).not.toContain('expert2');
    const reviewerView = await get(`/cases/${c.id}/history`, 'lixia-reviewer');
    expect(reviewerView.body).toContainEqual(
      expect.objectContaining({ type: 'objection', actor: 'expert2' }),
    );
  });

  it('given batches, when others read them, then only the creator and the all-seeing roles do, and items stop at what the reader sees', async () => {
    const lixia = await t.startCase('user-task', { district: 'lixia' });
    const shizhong = await t.startCase('user-task', { district: 'shizhong' });
    await t.openTasks(lixia.id, 'city-reviewer1');
    await t.openTasks(shizhong.id, 'city-reviewer1');
    const own = await post('/batches', 'lixia-reviewer', {
      title: 'district list',
      caseIds: [lixia.id, shizhong.id],
      action: { type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } },
    });
    expect(own.status).toBe(201);
    expect(own.body.items).toEqual([
      { caseId: lixia.id, status: 'done' },
      {
        caseId: shizhong.id,
        status: 'failed',
        error: `Case ${shizhong.id} not found`,
        code: 'CASE_NOT_FOUND',
      },
    ]);
    const byCity = await post('/batches', 'admin', {
      title: 'city list',
      caseIds: [caseA, caseB],
      action: { type: 'message', name: 'nothing-waits', variables: {} },
    });
    expect(byCity.status).toBe(201);
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const u of USERS) {
      got[u] = (await get(`/batches/${byCity.body.id}`, u)).status;
      want[u] = ALL_SEEING.includes(u) ? 200 : 404;
    }
    expect(got).toEqual(want);
    expect((await get(`/batches/${own.body.id}`, 'lixia-reviewer')).status).toBe(200);
    expect((await get(`/batches/${own.body.id}`, 'shizhong-reviewer')).status).toBe(404);
  });

  describe('starting a case', () => {
    const start = async (user: string, variables: Record<string, unknown>) =>
      post('/cases', user, { processKey: 'vis-confirm', businessKey: uniqueKey('vis-start'), variables });

    it('regression: a district reviewer may not create a case in another district', async () => {
      const res = await start('shizhong-reviewer', { district: 'lixia' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('DISTRICT_NOT_ALLOWED');
      expect((await start('lixia-reviewer', { district: 'lixia' })).status).toBe(201);
    });

    it('given an applicant registered in a district, when the district is absent or another, then it is filled in or refused', async () => {
      const refused = await start('applicant-lixia', { district: 'shizhong' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('DISTRICT_NOT_ALLOWED');
      const filled = await start('applicant-lixia', {});
      expect(filled.status).toBe(201);
      expect((await caseAsAdmin(filled.body.id)).body.variables.district).toBe('lixia');
      // Their own case is theirs to read; another applicant's is not.
      expect((await get(`/cases/${filled.body.id}`, 'applicant-lixia')).status).toBe(200);
      expect((await get(`/cases/${filled.body.id}`, 'applicant1')).status).toBe(404);
    });

    it('given an applicant, when they file a case naming another applicant, then 403 NOT_OWN_CASE', async () => {
      const res = await start('applicant1', { applicantId: 'applicant2' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('NOT_OWN_CASE');
    });

    it('given the all-seeing roles, when they name any district, then the case is created there', async () => {
      const res = await start('city-reviewer1', { district: 'shizhong' });
      expect(res.status).toBe(201);
      expect((await caseAsAdmin(res.body.id)).body.variables.district).toBe('shizhong');
    });
  });
});
