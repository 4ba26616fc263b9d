// J01 talent classification end to end over HTTP, from the users' side, on a clock that starts on Monday
// 2026-09-28 09:00 in Jinan: the district deadline and the publicity period both run across National Day.
import { type ProgrammeApi, type TaskView, createProgrammeApi, untilInstant } from './programme-api';

const KEY = 'j01-talent-classification';
const START = new Date('2026-09-28T09:00:00+08:00');
const CLOSES = '2026-10-10T00:00:00+08:00'; // 5 working days from 28 Sept: 28, 29, 30 Sept, 8, 9 Oct

describe('J01 talent classification over HTTP', () => {
  let t: ProgrammeApi;

  beforeAll(async () => {
    t = await createProgrammeApi('j01', START);
    await t.deployFile(`${KEY}.bpmn`);
    await t.addUser('city-both', ['city-reviewer', 'org-department']);
  });
  afterAll(async () => {
    await t?.close();
  });

  const variables = (district: string) => ({
    district,
    applicantId: 'applicant1',
    employerId: 'org-1',
    category: 'C',
  });
  const notifications = (caseId: string) => t.notifications(caseId, 'j01-');
  const object = async (caseId: string, reason: string) =>
    t
      .http()
      .post(`/api/v1/cases/${caseId}/objections`)
      .set('Authorization', await t.as('employer1'))
      .send({ reason });

  it('given four applications, when the year runs its course, then publicity spans National Day, objections decide, four-eyes and districts hold, and the recognised talent re-registers after 3 years', async () => {
    // Applicants declare; the employer returns one declaration once, then submits all.
    const [a, b, c] = [
      await t.startCase('applicant1', KEY, variables('lixia')),
      await t.startCase('applicant1', KEY, variables('lixia')),
      await t.startCase('applicant1', KEY, variables('lixia')),
    ];
    const d = await t.startCase('applicant1', KEY, variables('shizhong'));
    for (const x of [a, b, c, d]) await t.act('applicant1', x, 'declare');
    await t.act('employer1', a, 'employerSubmit', { decision: 'return' });
    await t.act('applicant1', a, 'declare', { note: 'added the award certificate' });
    for (const x of [a, b, c, d]) await t.act('employer1', x, 'employerSubmit', { decision: 'submit' });

    // The Lixia reviewer sees her three cases, due after National Day, and nothing of Shizhong.
    const lixia = await t.as('lixia-reviewer');
    await t.tasks('shizhong-reviewer', d.id, 'districtReview');
    const inbox = await t.eventually(
      () =>
        t.http().get(`/api/v1/tasks?processKey=${KEY}&elementId=districtReview`).set('Authorization', lixia),
      (r) => (r.body as { total: number }).total === 3,
    );
    const lixiaTasks = inbox.body.items as TaskView[];
    expect(lixiaTasks.map((x) => x.caseId).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(new Set(lixiaTasks.map((x) => new Date(x.dueAt!).toISOString()))).toEqual(
      new Set([new Date(CLOSES).toISOString()]),
    );
    expect((await t.http().get(`/api/v1/cases/${d.id}`).set('Authorization', lixia)).status).toBe(404);
    const dTask = await t.taskAt('shizhong-reviewer', d.id, 'districtReview');
    const foreign = await t
      .http()
      .post(`/api/v1/tasks/${dTask.id}/complete`)
      .set('Authorization', lixia)
      .send({ variables: { decision: 'pass' } });
    expect(foreign.status).toBe(404);
    expect((await t.tasks('lixia-reviewer', d.id)).length).toBe(0);
    for (const x of [a, b, c]) await t.act('lixia-reviewer', x, 'districtReview', { decision: 'pass' });

    // The quarter's city review as one list, with case C left out of it.
    for (const x of [a, b, c]) await t.waitAt(x.id, 'cityReview');
    const review = await t.batch('city-both', 'city review Q3 2026', [a.id, b.id], {
      type: 'complete-task',
      elementId: 'cityReview',
      variables: { decision: 'pass' },
    });
    expect(review.items.map((i) => i.status)).toEqual(['done', 'done']);
    expect((await t.caseOf(c.id)).activeElements).toEqual(['cityReview']);

    // The approved list is published at once; C (not on it) takes no objections.
    for (const x of [a, b]) await t.waitAt(x.id, 'waitPublicity');
    const published = await t.batch('city-reviewer1', 'publicity list', [a.id, b.id], {
      type: 'message',
      name: 'j01-publicity-start',
    });
    expect(published.items.map((i) => i.status)).toEqual(['done', 'done']);
    for (const x of [a, b]) await t.waitAt(x.id, 'period');
    expect((await object(c.id, 'too early')).status).toBe(409);

    // Two objections: A's is found unfounded at once; B's verification is still open when the period ends.
    expect((await object(a.id, 'The award was given to a team, not to the applicant')).status).toBe(201);
    expect((await object(b.id, 'The applicant left the employer in August')).status).toBe(201);
    await t.act('city-reviewer1', a, 'verifyObjection', { decision: 'unfounded' });

    // One minute before the period closes, both are still in publicity; D's reviewer has been reminded.
    await t.advance(await untilInstant(t, '2026-10-09T23:59:00+08:00'));
    for (const x of [a, b]) expect((await t.caseOf(x.id)).activeElements).toContain('period');
    expect((await notifications(d.id)).map((n) => n.template)).toEqual(['j01-district-review-reminder']);

    // At 00:00 on 10 October the period ends; A moves on, B waits for its verification; D is escalated.
    await t.advance('PT2M');
    await t.waitAt(a.id, 'recognition');
    const bNow = await t.caseOf(b.id);
    expect(bNow.status).toBe('active');
    expect(bNow.activeElements).toEqual(expect.arrayContaining(['publicity', 'verifyObjection']));
    expect(bNow.activeElements).not.toContain('period');
    await t.eventually(
      () => notifications(d.id),
      (ns) => ns.some((n) => n.template === 'j01-district-review-overdue'),
    );
    expect(
      (await notifications(d.id)).find((n) => n.template === 'j01-district-review-overdue')?.recipient,
    ).toBe('district-talent-office');

    // B's objection is upheld: rejected with the reason, and the applicant is told why.
    await t.act('city-reviewer1', b, 'verifyObjection', { decision: 'upheld' });
    const bDone = await t.waitStatus(b.id, 'completed');
    expect(bDone.variables).toMatchObject({
      objectionUpheld: true,
      rejectionReason: 'The applicant left the employer in August',
    });
    expect(await notifications(b.id)).toContainEqual(
      expect.objectContaining({
        template: 'j01-objection-upheld',
        recipient: 'applicant1',
        payload: expect.objectContaining({ reason: 'The applicant left the employer in August' }),
      }),
    );

    // Four-eyes: whoever approved the list at city level may not also recognise the talent.
    // The inbox no longer offers it to city-both; acting on it by id is refused all the same.
    const recognition = await t.taskAt('orgdept1', a.id, 'recognition');
    const sameHands = await t.complete('city-both', recognition, { decision: 'recognise' });
    expect(sameHands).toMatchObject({
      status: 403,
      body: {
        message: expect.stringContaining('completed cityReview and may not also complete recognition'),
      },
    });
    await t.act('orgdept1', a, 'recognition', { decision: 'recognise', category: 'C' });
    const certified = await t.waitAt(a.id, 'reRegistrationDue');
    expect(certified.variables.certificateNo).toEqual(expect.stringMatching(/^RF-/));
    expect((await notifications(a.id)).map((n) => n.template)).toContain('j01-recognised');

    // C, left out of the quarter's list, is decided alone and the applicant is told.
    await t.act('city-reviewer1', c, 'cityReview', { decision: 'reject' });
    await t.waitStatus(c.id, 'completed');
    expect((await notifications(c.id)).map((n) => n.template)).toEqual(['j01-not-approved']);

    // Three years after recognition the talent re-registers and the case ends.
    await t.advance('P1094D');
    expect((await t.caseOf(a.id)).activeElements).toEqual(['reRegistrationDue']);
    await t.advance('P3D');
    await t.act('applicant1', a, 'reRegister', { confirmed: true });
    await t.waitStatus(a.id, 'completed');

    // The history names every actor, including the list acts.
    const history = await t.history(a.id);
    const step = (type: string, extra: Record<string, unknown> = {}) =>
      expect(history).toContainEqual(expect.objectContaining({ type, ...extra }));
    step('task-completed', { elementId: 'employerSubmit', actor: 'employer1' });
    step('task-completed', { elementId: 'districtReview', actor: 'lixia-reviewer' });
    step('task-completed', { elementId: 'cityReview', actor: 'city-both' });
    step('task-completed', { elementId: 'verifyObjection', actor: 'city-reviewer1' });
    step('task-completed', { elementId: 'recognition', actor: 'orgdept1' });
    step('objection', { actor: 'employer1' });
    step('certificate-issued');
    step('task-completed', { elementId: 'reRegister', actor: 'applicant1' });
  });
});
