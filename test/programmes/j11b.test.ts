// J11b industry leader programme (introduced talent) end to end over HTTP, from the users' side, on a clock that
// starts on Tuesday 2026-12-01 09:00 in Jinan: five applications through eligibility, expert reviews, publicity with
// objections and the working group's list, then three years of staged payment with its failure and revocation branches.
import { type CaseView, type ProgrammeApi, createProgrammeApi, untilInstant } from './programme-api';

const KEY = 'j11b-industry-leader-introduced';
const START = new Date('2026-12-01T09:00:00+08:00');
// innovation team, grade B: 200万 = 200,000,000 fen → 40% / 30% / 30%
const T1 = 80_000_000;
const T2 = 60_000_000;
const T3 = 60_000_000;

describe('J11b industry leader programme over HTTP', () => {
  let t: ProgrammeApi;

  beforeAll(async () => {
    t = await createProgrammeApi('j11b', START);
    await t.deployFile(`${KEY}.bpmn`);
  });
  afterAll(async () => {
    await t?.close();
  });

  const notifications = (caseId: string) => t.notifications(caseId, 'j11b-');
  const apply = () =>
    t.startCase('applicant1', KEY, {
      applicantName: '王建国',
      district: 'lixia',
      applicantId: 'applicant1',
      employerId: 'org-1',
      track: 'innovation-team',
    });

  /** The contract's error body of a refused completion. */
  const refusal = (res: { body: unknown }) =>
    res.body as { code?: string; details?: { field?: string; code?: string }[] };

  /** Three different experts each fill one online-review seat of the case, through its score form. */
  const onlineScores = async (c: CaseView, scores: [string, number][]) => {
    for (const [expert, score] of scores)
      await t.act(expert, c, 'onlineReview', {
        score,
        innovationComment: '技术水平国内领先',
        industryComment: '产业化前景良好',
        teamComment: '团队结构合理',
      });
  };

  /** From the application to the grade: every review passes. */
  const reviewed = async (c: CaseView) => {
    await t.act('lixia-reviewer', c, 'districtFormalReview', { decision: 'pass' });
    await t.act('lixia-reviewer', c, 'districtOnSiteCheck', { decision: 'pass' });
    await t.act('city-reviewer1', c, 'cityEligibility', { decision: 'pass' });
    await onlineScores(c, [
      ['expert2', 82],
      ['expert3', 75],
      ['expert4', 88],
    ]);
    await t.act('expert2', c, 'onSiteInspection', { decision: 'pass' });
    await t.act('city-reviewer1', c, 'dueDiligence', { decision: 'clear' });
    await t.act('expert3', c, 'meetingReview', { decision: 'pass' });
    await t.act('orgdept1', c, 'comprehensiveArgumentation', { decision: 'propose', grade: 'B' });
    await t.waitAt(c.id, 'waitPublicityList');
  };

  let approvedA: CaseView; // mid-term pass, final pass
  let approvedB: CaseView; // mid-term fail, rectified, then revoked with claw-back
  let approvedC: CaseView; // mid-term fail, fails again

  it('given five applications, when reviewed, published and decided as a list, then conflicts are refused, an upheld objection rejects, and the case left off the list is decided alone', async () => {
    const cases = [await apply(), await apply(), await apply(), await apply(), await apply()];
    const [a, b, c, objected, excluded] = cases as [CaseView, CaseView, CaseView, CaseView, CaseView];

    // Shizhong's district reviewer neither sees nor works Lixia's applications.
    const shizhong = await t.as('shizhong-reviewer');
    expect((await t.http().get(`/api/v1/cases/${a.id}`).set('Authorization', shizhong)).status).toBe(404);
    expect(
      (await t.http().get(`/api/v1/tasks?caseId=${a.id}`).set('Authorization', shizhong)).body,
    ).toMatchObject({
      total: 0,
    });
    // The expert from the applicant's employer (expert1, org-1) may neither claim nor complete a seat.
    await t.act('lixia-reviewer', a, 'districtFormalReview', { decision: 'pass' });
    await t.act('lixia-reviewer', a, 'districtOnSiteCheck', { decision: 'pass' });
    await t.act('city-reviewer1', a, 'cityEligibility', { decision: 'pass' });
    const seat = await t.taskAt('expert2', a.id, 'onlineReview');
    const claim = await t
      .http()
      .post(`/api/v1/tasks/${seat.id}/claim`)
      .set('Authorization', await t.as('expert1'));
    expect(claim.status).toBe(403);
    const conflicted = await t.complete('expert1', seat, { score: 100 });
    expect(conflicted.status).toBe(403);
    expect(conflicted.body.message).toEqual(expect.stringContaining('affiliation org-1'));
    // The score form: an undeclared variable, a score out of 0-100 or none at all is refused and changes nothing.
    const formSeat = await t.taskAt('expert3', a.id, 'onlineReview');
    const undeclared = await t.complete('expert3', formSeat, { score: 80, bonus: 10 });
    expect([undeclared.status, refusal(undeclared).code, refusal(undeclared).details]).toEqual([
      400,
      'FIELD_NOT_WRITABLE',
      [expect.objectContaining({ field: 'variables.bonus' })],
    ]);
    const outOfRange = await t.complete('expert3', formSeat, { score: 120 });
    expect([outOfRange.status, refusal(outOfRange).code, refusal(outOfRange).details?.[0]?.code]).toEqual([
      400,
      'FIELD_INVALID',
      'FIELD_RANGE',
    ]);
    expect(refusal(await t.complete('expert3', formSeat, { teamComment: '好' })).details?.[0]).toMatchObject({
      field: 'variables.score',
      code: 'FIELD_REQUIRED',
    });
    expect((await t.caseOf(a.id)).variables).not.toHaveProperty('bonus');
    expect((await t.tasks('expert3', a.id)).map((x) => x.elementId)).toContain('onlineReview');
    // An expert fills one seat only; the review closes with three scores and withdraws the other seats.
    await t.act('expert2', a, 'onlineReview', { score: 82 });
    const twice = await t.complete('expert2', await t.taskAt('expert3', a.id, 'onlineReview'), { score: 82 });
    expect(twice.status).toBe(403);
    expect(twice.body.message).toEqual(expect.stringContaining('expert2 completed onlineReview'));
    await onlineScores(a, [
      ['expert3', 75],
      ['expert4', 88],
    ]);
    await t.waitAt(a.id, 'dueDiligence');
    expect((await t.caseOf(a.id)).variables.onlineScore).toBe(81.66666666666667);
    expect((await t.tasks('expert5', a.id)).map((x) => x.elementId)).toEqual(['onSiteInspection']);
    await t.act('expert2', a, 'onSiteInspection', { decision: 'pass' });
    await t.act('city-reviewer1', a, 'dueDiligence', { decision: 'clear' });
    await t.act('expert3', a, 'meetingReview', { decision: 'pass' });
    // The grade form offers A, B and C only.
    const argue = await t.taskAt('orgdept1', a.id, 'comprehensiveArgumentation');
    const gradeD = await t.complete('orgdept1', argue, { decision: 'propose', grade: 'D' });
    expect([gradeD.status, refusal(gradeD).details?.[0]]).toEqual([
      400,
      expect.objectContaining({ field: 'variables.grade', code: 'FIELD_NOT_AN_OPTION' }),
    ]);
    await t.act('orgdept1', a, 'comprehensiveArgumentation', { decision: 'propose', grade: 'B' });
    expect((await t.caseOf(a.id)).variables.grade).toBe('B');
    for (const x of [b, c, objected, excluded]) await reviewed(x);

    // The working group publishes the list at once; publicity is 5 working days (1-7 Dec, closing 8 Dec 00:00).
    const published = await t.batch(
      'orgdept1',
      'J11b 2026 publicity list',
      cases.map((x) => x.id),
      { type: 'message', name: 'j11b-publish-list' },
    );
    expect(published.items.map((i) => i.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    for (const x of cases) await t.waitAt(x.id, 'publicityPeriod');
    const object = async (caseId: string, reason: string) =>
      t
        .http()
        .post(`/api/v1/cases/${caseId}/objections`)
        .set('Authorization', await t.as('employer1'))
        .send({ reason });
    expect((await object(a.id, 'Team members overstated')).status).toBe(201);
    expect((await object(objected.id, 'The PhD degree is not verified')).status).toBe(201);
    await t.act('city-reviewer1', a, 'verifyObjection', { decision: 'unfounded' });
    await t.act('city-reviewer1', objected, 'verifyObjection', {
      decision: 'upheld',
      finding: 'degree certificate is forged',
    });
    // Publicity still runs its full length for the upheld case.
    expect((await t.caseOf(objected.id)).activeElements).toContain('publicityPeriod');
    await t.advance(await untilInstant(t, '2026-12-07T23:59:00+08:00'));
    expect((await t.caseOf(objected.id)).activeElements).toContain('publicityPeriod');
    await t.advance('PT2M');
    const rejected = await t.waitStatus(objected.id, 'completed');
    expect(rejected.variables).toMatchObject({
      outcome: 'rejected',
      rejectionReason: 'Objection upheld during publicity: degree certificate is forged',
    });
    expect(await notifications(objected.id)).toEqual([
      expect.objectContaining({
        template: 'j11b-rejected',
        recipient: 'applicant1',
        payload: expect.objectContaining({ reason: rejected.variables.rejectionReason }),
      }),
    ]);
    // An objection after the period is refused.
    expect((await object(a.id, 'late')).status).toBe(409);

    // The working group approves its list as one act; the fifth case is left off and rejected on its own.
    for (const x of [a, b, c, excluded]) await t.waitAt(x.id, 'workingGroupDecision');
    const decided = await t.batch('orgdept1', 'J11b 2026 working-group decision', [a.id, b.id, c.id], {
      type: 'complete-task',
      elementId: 'workingGroupDecision',
      variables: { decision: 'approve' },
    });
    expect(decided.items.map((i) => i.status)).toEqual(['done', 'done', 'done']);
    expect((await t.caseOf(excluded.id)).activeElements).toEqual(['workingGroupDecision']);
    await t.act('orgdept1', excluded, 'workingGroupDecision', { decision: 'reject', reason: 'fewer places' });
    expect((await t.waitStatus(excluded.id, 'completed')).variables.rejectionReason).toBe(
      'Working-group decision: fewer places',
    );

    // Published, then the three-party agreement: 40% is paid at once.
    for (const x of [a, b, c]) {
      await t.act('applicant1', x, 'talentSigns', { signatureConfirmed: true });
      await t.act('employer1', x, 'employerSigns', { signatureConfirmed: true });
      await t.act('orgdept1', x, 'officeSigns', { signatureConfirmed: true });
      await t.waitAt(x.id, 'midTermDue');
      expect(await t.ledger(x.id)).toEqual([{ tranche: 't1-agreement', amount: T1, status: 'paid' }]);
      expect((await t.history(x.id)).map((h) => h.type)).toEqual(
        expect.arrayContaining(['published', 'agreement-signed']),
      );
    }
    [approvedA, approvedB, approvedC] = [a, b, c];
    expect(await t.ledger(excluded.id)).toEqual([]);
  });

  it('given the mid-term at 18 months, when one passes and two fail, then rectification runs 3 months and failing again stops the remaining tranches', async () => {
    const [a, b, c] = [approvedA, approvedB, approvedC];
    await t.advance('P560D');
    for (const x of [a, b, c]) await t.waitAt(x.id, 'midTermEvaluation');
    await t.act('city-reviewer1', a, 'midTermEvaluation', { decision: 'pass' });
    await t.act('city-reviewer1', b, 'midTermEvaluation', { decision: 'fail', rectificationMonths: 3 });
    await t.act('city-reviewer1', c, 'midTermEvaluation', { decision: 'fail', rectificationMonths: 3 });
    // both rectification timers must be running before the clock jumps
    for (const x of [b, c]) await t.waitAt(x.id, 'rectification');
    expect(await t.ledger(b.id)).toEqual([{ tranche: 't1-agreement', amount: T1, status: 'paid' }]);

    await t.advance('P95D');
    await t.act('city-reviewer1', b, 'reEvaluation', { decision: 'pass' });
    await t.act('city-reviewer1', c, 'reEvaluation', { decision: 'fail' });

    const stopped = await t.waitStatus(c.id, 'completed');
    expect(stopped.variables.outcome).toBe('support-stopped');
    expect(await t.ledger(c.id)).toEqual([
      { tranche: 't1-agreement', amount: T1, status: 'paid' },
      { tranche: 't2-mid-term', amount: T2, status: 'stopped', reason: 'mid-term re-evaluation failed' },
      { tranche: 't3-final', amount: T3, status: 'stopped', reason: 'mid-term re-evaluation failed' },
    ]);
    expect((await notifications(c.id)).map((n) => n.template)).toEqual(['j11b-support-stopped']);
    await t.eventually(
      () => t.ledger(b.id),
      (l) => l.length === 2,
    );
    expect(await t.ledger(b.id)).toEqual([
      { tranche: 't1-agreement', amount: T1, status: 'paid' },
      { tranche: 't2-mid-term', amount: T2, status: 'paid' },
    ]);
    expect(await t.ledger(a.id)).toEqual(await t.ledger(b.id));
  });

  it('given a rectified case, when a city reviewer, the applicant or the employer tries to revoke it, then 403 and nothing changes', async () => {
    const b = approvedB;
    const before = await t.ledger(b.id);
    for (const user of ['city-reviewer1', 'applicant1', 'employer1', 'lixia-reviewer']) {
      const res = await t
        .http()
        .post('/api/v1/messages')
        .set('Authorization', await t.as(user))
        .send({
          name: 'j11b-revoke',
          correlationKey: b.businessKey,
          variables: { revocationReason: 'not mine to decide', clawback: true },
        });
      // a reviewer is named by no rf:senders; applicants and employers send no messages at all
      expect([user, res.status]).toEqual([user, 403]);
      if (user === 'city-reviewer1') expect(res.body.code).toBe('NOT_SENDER');
    }
    // the working group itself, without a reason: refused (rf:requires), nothing sent
    const noReason = await t
      .http()
      .post('/api/v1/messages')
      .set('Authorization', await t.as('orgdept1'))
      .send({ name: 'j11b-revoke', correlationKey: b.businessKey, variables: { clawback: true } });
    expect([noReason.status, noReason.body.code]).toEqual([400, 'MESSAGE_VARIABLE_REQUIRED']);
    expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'variables.revocationReason' })]);
    expect(await t.ledger(b.id)).toEqual(before);
    const h = await t.history(b.id);
    expect(h.some((e) => e.type === 'revoked')).toBe(false);
  });

  it('given a rectified case, when the working group revokes it with claw-back, then paid tranches are recovered and the last is stopped', async () => {
    const b = approvedB;
    const res = await t
      .http()
      .post('/api/v1/messages')
      .set('Authorization', await t.as('orgdept1'))
      .send({
        name: 'j11b-revoke',
        correlationKey: b.businessKey,
        variables: { revocationReason: 'funds moved out of Jinan', clawback: true },
      });
    expect(res.body).toEqual({ correlated: 1 });
    const revoked = await t.waitStatus(b.id, 'completed');
    expect(revoked.variables.outcome).toBe('revoked');
    const reason = 'revoked: funds moved out of Jinan';
    expect(await t.ledger(b.id)).toEqual([
      { tranche: 't1-agreement', amount: T1, status: 'paid' },
      { tranche: 't2-mid-term', amount: T2, status: 'paid' },
      { tranche: 't1-agreement', amount: -T1, status: 'clawback', reason },
      { tranche: 't2-mid-term', amount: -T2, status: 'clawback', reason },
      { tranche: 't3-final', amount: T3, status: 'stopped', reason },
    ]);
    expect((await t.history(b.id)).find((h) => h.type === 'revoked')?.data).toEqual({
      reason: 'funds moved out of Jinan',
      clawback: true,
    });
    expect((await notifications(b.id)).map((n) => n.template)).toEqual(['j11b-revoked']);
    expect((await t.tasks('city-reviewer1', b.id)).length).toBe(0);
  });

  it('given three years after the agreement, when the final evaluation passes, then the last 30% is paid and support completes', async () => {
    const a = approvedA;
    await t.advance('P450D');
    await t.act('city-reviewer1', a, 'finalEvaluation', { decision: 'pass' });
    const done = await t.waitStatus(a.id, 'completed');
    expect(done.variables.outcome).toBe('support-completed');
    expect(await t.ledger(a.id)).toEqual([
      { tranche: 't1-agreement', amount: T1, status: 'paid' },
      { tranche: 't2-mid-term', amount: T2, status: 'paid' },
      { tranche: 't3-final', amount: T3, status: 'paid' },
    ]);
    const history = await t.history(a.id);
    const step = (type: string, extra: Record<string, unknown> = {}) =>
      expect(history).toContainEqual(expect.objectContaining({ type, ...extra }));
    step('task-completed', { elementId: 'districtFormalReview', actor: 'lixia-reviewer' });
    step('task-completed', { elementId: 'onlineReview', actor: 'expert4' });
    step('task-completed', { elementId: 'workingGroupDecision', actor: 'orgdept1' });
    step('task-completed', { elementId: 'finalEvaluation', actor: 'city-reviewer1' });
    step('objection', { actor: 'employer1' });
    step('support-completed');
  });
});
