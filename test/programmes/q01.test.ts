// Q01 Qinghai "talent + project" end to end over HTTP: expert grading into A/B/C, the yearly quotas (5/10/15) held
// across every case of a year, the award in fen, and the annual assessments (excellent flags, fail ends support).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CaseView, type ProgrammeApi, createProgrammeApi, processXml } from './programme-api';

const KEY = 'q01-qinghai-talent-project';
const START = new Date('2027-03-01T09:00:00+08:00');

describe('Q01 Qinghai talent + project over HTTP', () => {
  let t: ProgrammeApi;

  beforeAll(async () => {
    t = await createProgrammeApi('q01', START);
    await t.deployFile(`${KEY}.bpmn`);
  });
  afterAll(async () => {
    await t?.close();
  });

  const notifications = (caseId: string) => t.notifications(caseId, 'q01-');
  const apply = (selectionYear?: number) =>
    t.startCase('applicant1', KEY, {
      applicantId: 'applicant1',
      employerId: 'org-1',
      projectTitle: 'Salt-lake lithium extraction',
      ...(selectionYear === undefined ? {} : { selectionYear }),
    });
  /** Formal check, three expert scores and the talent office's approval. */
  const graded = async (c: CaseView, score: number) => {
    await t.act('city-reviewer1', c, 'formalCheck', { decision: 'pass' });
    for (const expert of ['expert2', 'expert3', 'expert4'])
      await t.act(expert, c, 'expertGrading', { score });
    await t.act('orgdept1', c, 'talentOfficeApproval', { decision: 'approve' });
  };

  it('given an A-grade project, when selected and assessed for three years, then 150万 is paid once and an excellent year flags continued support', async () => {
    const c = await apply();
    await t.act('city-reviewer1', c, 'formalCheck', { decision: 'pass' });
    // The expert working for the applicant's employer is refused; three others grade.
    const seat = await t.taskAt('expert2', c.id, 'expertGrading');
    const conflicted = await t.complete('expert1', seat, { score: 99 });
    expect(conflicted.status).toBe(403);
    for (const [expert, score] of [
      ['expert2', 90],
      ['expert3', 92],
      ['expert4', 94],
    ] as const)
      await t.act(expert, c, 'expertGrading', { score });
    await t.act('orgdept1', c, 'talentOfficeApproval', { decision: 'approve' });
    await t.act('employer1', c, 'cooperationAgreement');
    await t.waitAt(c.id, 'assessmentDue');
    const selected = await t.caseOf(c.id);
    expect(selected.variables).toMatchObject({ grade: 'A', selectionYear: 2027, quotaSlot: 1 });
    expect(await t.ledger(c.id)).toEqual([{ tranche: 'award', amount: 150_000_000, status: 'paid' }]);

    for (const result of ['excellent', 'pass', 'pass']) {
      // the year's timer must be running before the clock jumps, or it would start after the jump
      await t.waitAt(c.id, 'assessmentDue');
      await t.advance('P366D');
      await t.act('employer1', c, 'annualAssessment', { decision: result });
    }
    const done = await t.waitStatus(c.id, 'completed');
    expect(done.variables).toMatchObject({
      outcome: 'completed',
      continuedSupport: true,
      assessmentsDone: 3,
    });
    const history = await t.history(c.id);
    expect(history.filter((h) => h.type === 'assessment-filed').map((h) => h.data)).toEqual([
      { year: 1, result: 'excellent' },
      { year: 2, result: 'pass' },
      { year: 3, result: 'pass' },
    ]);
    expect(history).toContainEqual(
      expect.objectContaining({ type: 'continued-support-flagged', data: { year: 1 } }),
    );
    expect(history).toContainEqual(
      expect.objectContaining({
        type: 'quota-reserved',
        data: { quota: 'q01', period: '2027', grade: 'A', slot: 1, limit: 5 },
      }),
    );
    expect(await t.ledger(c.id)).toHaveLength(1);
    // the DMN tables decided: the history names the rules that matched
    expect(
      history
        .filter((h) => h.type === 'decision-evaluated')
        .map((h) => {
          const d = h.data as {
            decisionId: string;
            result: unknown;
            decisions: { matchedRules: { ruleId: string }[] }[];
          };
          return [d.decisionId, d.result, d.decisions.flatMap((x) => x.matchedRules.map((r) => r.ruleId))];
        }),
    ).toEqual([
      ['q01-grading', 'A', ['q01-grade-a']],
      ['q01-award', 150, ['q01-award-a']],
    ]);
  });

  it('given five A places taken in 2028, when a sixth and seventh A are approved, then one is offered B and the other declined, while 2029 still has A places', async () => {
    const firstFive = [];
    for (let i = 0; i < 5; i++) firstFive.push(await apply(2028));
    const [sixth, seventh, nextYear] = [await apply(2028), await apply(2028), await apply(2029)];
    for (const c of firstFive) await graded(c, 95);
    for (const c of firstFive) await t.waitAt(c.id, 'cooperationAgreement');
    const slots = await Promise.all(firstFive.map(async (c) => (await t.caseOf(c.id)).variables.quotaSlot));
    expect([...slots].sort()).toEqual([1, 2, 3, 4, 5]);

    // The sixth finds grade A full: the talent office offers it the next grade with room.
    await graded(sixth, 95);
    await t.act('orgdept1', sixth, 'gradeFull', { decision: 'downgrade' });
    await t.waitAt(sixth.id, 'cooperationAgreement');
    expect((await t.caseOf(sixth.id)).variables).toMatchObject({ grade: 'B', quotaSlot: 1 });

    // The seventh is declined (宁缺毋滥): rejected with the reason, and the applicant is told.
    await graded(seventh, 96);
    await t.act('orgdept1', seventh, 'gradeFull', { decision: 'decline' });
    const declined = await t.waitStatus(seventh.id, 'completed');
    expect(declined.variables).toMatchObject({
      outcome: 'rejected',
      rejectionReason: 'Quota for grade A in 2028 is full (宁缺毋滥)',
    });
    expect(await notifications(seventh.id)).toEqual([
      expect.objectContaining({
        template: 'q01-rejected',
        recipient: 'applicant1',
        payload: expect.objectContaining({ reason: 'Quota for grade A in 2028 is full (宁缺毋滥)' }),
      }),
    ]);
    expect(await t.ledger(seventh.id)).toEqual([]);

    // The next year's quota is its own.
    await graded(nextYear, 95);
    await t.waitAt(nextYear.id, 'cooperationAgreement');
    expect((await t.caseOf(nextYear.id)).variables).toMatchObject({ grade: 'A', quotaSlot: 1 });

    const held = (await t.database.dataSource.query(
      `select period, grade, count(*)::int as n from quota_reservations where period in ('2028', '2029') group by period, grade order by period, grade`,
    )) as { period: string; grade: string; n: number }[];
    expect(held).toEqual([
      { period: '2028', grade: 'A', n: 5 },
      { period: '2028', grade: 'B', n: 1 },
      { period: '2029', grade: 'A', n: 1 },
    ]);

    // The downgraded team gets the B award; a failed first assessment ends its support.
    await t.act('employer1', sixth, 'cooperationAgreement');
    await t.waitAt(sixth.id, 'assessmentDue');
    expect(await t.ledger(sixth.id)).toEqual([{ tranche: 'award', amount: 100_000_000, status: 'paid' }]);
    await t.advance('P366D');
    await t.act('employer1', sixth, 'annualAssessment', { decision: 'fail' });
    const ended = await t.waitStatus(sixth.id, 'completed');
    expect(ended.variables).toMatchObject({ outcome: 'support-ended' });
    expect(ended.variables.continuedSupport).toBeUndefined();
    expect((await notifications(sixth.id)).map((n) => n.template)).toEqual(['q01-support-ended']);
  });

  it('given expert scores below grade C, when graded, then the project is not selected and takes no place', async () => {
    const c = await apply(2030);
    await t.act('city-reviewer1', c, 'formalCheck', { decision: 'pass' });
    for (const expert of ['expert2', 'expert3', 'expert4'])
      await t.act(expert, c, 'expertGrading', { score: 60 });
    const done = await t.waitStatus(c.id, 'completed');
    expect(done.variables.rejectionReason).toBe('Expert review: mean score 60 is below grade C (70)');
    expect(
      await t.database.dataSource.query(`select 1 from quota_reservations where case_id = $1`, [c.id]),
    ).toEqual([]);
  });

  it('given the office edits the tables (A from 85 points, A award 180万) and Q01 is redeployed, then a mean of 88 is graded A and paid 180万', async () => {
    const edited = readFileSync(
      join(__dirname, '..', '..', 'processes', 'decisions', 'q01-grading.dmn'),
      'utf8',
    )
      .replace('<text>&gt;= 90</text>', '<text>&gt;= 85</text>')
      .replace('<text>[80..90)</text>', '<text>[80..85)</text>')
      .replace(
        '<outputEntry id="q01-award-a-amount"><text>150</text>',
        '<outputEntry id="q01-award-a-amount"><text>180</text>',
      );
    const admin = await t.as('admin');
    const deployed = await t
      .http()
      .post('/api/v1/decisions')
      .set('Authorization', admin)
      .set('Content-Type', 'application/xml')
      .send(edited);
    expect(deployed.status).toBe(201);
    const versions = Object.fromEntries(
      (
        deployed.body as { decisions: { decisionId: string; version: number; created: boolean }[] }
      ).decisions.map((d) => [d.decisionId, [d.version, d.created]]),
    );
    // the unchanged literal keeps its version; both edited tables get a new one
    expect(versions).toEqual({ q01MeanScore: [1, false], 'q01-grading': [2, true], 'q01-award': [2, true] });
    // the same BPMN bytes bind the new table versions: a new process version
    const redeployed = await t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', admin)
      .set('Content-Type', 'application/xml')
      .send(processXml(`${KEY}.bpmn`));
    expect(redeployed.status).toBe(201);

    const c = await apply(2032);
    await graded(c, 88);
    await t.act('employer1', c, 'cooperationAgreement');
    await t.waitAt(c.id, 'assessmentDue');
    expect((await t.caseOf(c.id)).variables).toMatchObject({ grade: 'A', scoreGrade: 'A', awardWan: 180 });
    expect(await t.ledger(c.id)).toEqual([{ tranche: 'award', amount: 180_000_000, status: 'paid' }]);
    const evaluated = (await t.history(c.id)).filter((h) => h.type === 'decision-evaluated');
    expect(evaluated.map((h) => (h.data as { decisionVersion: number }).decisionVersion)).toEqual([2, 2]);
  });
});
