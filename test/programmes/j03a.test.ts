// J03a home-purchase subsidy end to end over HTTP, from the users' side, on a clock that starts on Monday
// 2026-11-30 09:00 in Jinan: checks in November, the December publicity list, then three years of payments.
import { type ProgrammeApi, createProgrammeApi, untilInstant } from './programme-api';

const KEY = 'j03a-home-purchase-subsidy';
const START = new Date('2026-11-30T09:00:00+08:00');
const MATCH = {
  marriage: 'match',
  talentCategory: 'match',
  degree: 'match',
  socialInsurance: 'match',
  netSigning: 'match',
};
const YUAN = 100; // fen

describe('J03a home-purchase subsidy over HTTP', () => {
  let t: ProgrammeApi;

  beforeAll(async () => {
    t = await createProgrammeApi('j03a', START);
    await t.deployFile(`${KEY}.bpmn`);
  });
  afterAll(async () => {
    await t?.close();
  });

  const base = { district: 'lixia', applicantId: 'applicant1', employerId: 'org-1' };
  const payments = async (id: string) => {
    const res = await t
      .http()
      .get(`/api/v1/cases/${id}/payments`)
      .set('Authorization', await t.as('finance1'));
    expect(res.status).toBe(200);
    return (res.body as { tranche: string; amount: number; status: string; reason?: string }[]).map(
      ({ tranche, amount, status, reason }) => ({ tranche, amount, status, ...(reason ? { reason } : {}) }),
    );
  };
  const at = (instant: string) => untilInstant(t, instant).then((d) => t.advance(d));

  it('given four approved applications and a late one, when the monthly list is published and the years pass, then the ledger shows exactly which tranches were paid and which stopped', async () => {
    // A category-C talent (price 160万: 50% is capped at 70万), a PhD whose comparison is incomplete, a category-D
    // talent, and a master's graduate.
    const talent = await t.startCase('applicant1', KEY, {
      ...base,
      track: 'talent',
      category: 'C',
      purchasePriceFen: 1_600_000 * YUAN,
      dataChecks: MATCH,
    });
    const phd = await t.startCase('applicant1', KEY, {
      ...base,
      track: 'graduate',
      degree: 'phd',
      purchasePriceFen: 900_000 * YUAN,
      rentalSubsidyReceivedFen: 12_000 * YUAN,
      dataChecks: { ...MATCH, socialInsurance: undefined },
    });
    const leaver = await t.startCase('applicant1', KEY, {
      ...base,
      track: 'talent',
      category: 'D',
      purchasePriceFen: 600_000 * YUAN,
      dataChecks: MATCH,
    });
    const master = await t.startCase('applicant1', KEY, {
      ...base,
      track: 'graduate',
      degree: 'master',
      purchasePriceFen: 500_000 * YUAN,
      dataChecks: MATCH,
    });
    for (const c of [talent, phd, leaver, master])
      await t.act('employer1', c, 'employerCheck', { decision: 'submit' });

    // Automatic comparison: full matches go to the property check, the incomplete one to the manual check,
    // each due in 10 working days (30 Nov → 11 Dec, closing at 00:00 on 12 Dec).
    const workdays = await t
      .http()
      .get('/api/v1/calendar/workdays?from=2026-11-30&days=10')
      .set('Authorization', await t.as('lixia-reviewer'));
    const property = await t.taskAt('lixia-reviewer', talent.id, 'propertyCheck');
    const manual = await t.taskAt('lixia-reviewer', phd.id, 'manualCheck');
    expect(new Date(property.dueAt!).getTime()).toBe(new Date(workdays.body.closesAt as string).getTime());
    expect(new Date(manual.dueAt!).toISOString()).toBe(new Date('2026-12-12T00:00:00+08:00').toISOString());
    expect((await t.history(phd.id)).find((e) => e.type === 'data-comparison')?.data).toMatchObject({
      result: 'inconclusive',
    });
    expect((await t.tasks('shizhong-reviewer', talent.id)).length).toBe(0);
    await t.act('lixia-reviewer', talent, 'propertyCheck', { decision: 'pass' });
    await t.act('lixia-reviewer', phd, 'manualCheck', { decision: 'pass' });
    await t.act('lixia-reviewer', leaver, 'propertyCheck', { decision: 'pass' });
    await t.act('lixia-reviewer', master, 'propertyCheck', { decision: 'pass' });

    // At the start of December the city publishes November's approvals as one list.
    await at('2026-12-01T09:00:00+08:00');
    for (const c of [talent, phd, leaver, master]) await t.waitAt(c.id, 'waitPublicity');
    // A case approved on 1 December belongs to next month's list.
    const late = await t.startCase('applicant1', KEY, {
      ...base,
      track: 'graduate',
      degree: 'master',
      dataChecks: MATCH,
    });
    await t.act('employer1', late, 'employerCheck', { decision: 'submit' });
    await t.act('lixia-reviewer', late, 'propertyCheck', { decision: 'pass' });
    await t.waitAt(late.id, 'waitPublicity');
    const list = await t
      .http()
      .post('/api/v1/batches')
      .set('Authorization', await t.as('city-reviewer1'))
      .send({
        title: 'November 2026 approvals',
        caseIds: [talent.id, phd.id, leaver.id, master.id],
        action: { type: 'message', name: 'j03a-publicity-start' },
      });
    expect((list.body as { items: { status: string }[] }).items.map((i) => i.status)).toEqual([
      'done',
      'done',
      'done',
      'done',
    ]);
    for (const c of [talent, phd, leaver, master]) await t.waitAt(c.id, 'period');
    const offList = await t
      .http()
      .post(`/api/v1/cases/${late.id}/objections`)
      .set('Authorization', await t.as('applicant1'))
      .send({ reason: 'not in publicity yet' });
    expect(offList.status).toBe(409);

    // An objection against the talent is verified by the district (this process's verifier role) as unfounded.
    const objection = await t
      .http()
      .post(`/api/v1/cases/${talent.id}/objections`)
      .set('Authorization', await t.as('applicant1'))
      .send({ reason: 'The family owns another flat in Licheng' });
    expect(objection.status).toBe(201);
    await t.act('lixia-reviewer', talent, 'verifyObjection', { decision: 'unfounded' });
    // Another, against the master's case, is upheld: no money, and the applicant is told why.
    const upheld = await t
      .http()
      .post(`/api/v1/cases/${master.id}/objections`)
      .set('Authorization', await t.as('employer1'))
      .send({ reason: 'The flat was bought from the applicant’s parents' });
    expect(upheld.status).toBe(201);
    await t.act('lixia-reviewer', master, 'verifyObjection', { decision: 'upheld' });

    // 5 working days (1-7 Dec) later the subsidy is paid: the PhD in one go, the talents' first 40%.
    await at('2026-12-07T23:59:00+08:00');
    expect(await payments(phd.id)).toEqual([]);
    await t.advance('PT2M');
    await t.waitStatus(phd.id, 'completed');
    expect(await payments(phd.id)).toEqual([
      { tranche: 'one-off', amount: (150_000 - 12_000) * YUAN, status: 'paid' },
    ]);
    for (const c of [talent, leaver]) await t.waitAt(c.id, 'waitWindow');
    expect(await payments(talent.id)).toEqual([
      { tranche: 'year-1', amount: 280_000 * YUAN, status: 'paid' },
    ]);
    expect((await t.waitStatus(master.id, 'completed')).variables).toMatchObject({
      objectionUpheld: true,
      rejectionReason: 'The flat was bought from the applicant’s parents',
    });
    expect(await payments(master.id)).toEqual([]);
    const told = (await t.database.dataSource.query(
      `select recipient, payload from notifications where case_id = $1 and template = 'j03a-objection-upheld'`,
      [master.id],
    )) as { recipient: string; payload: { reason: string } }[];
    expect(told).toEqual([
      expect.objectContaining({
        recipient: 'applicant1',
        payload: expect.objectContaining({ reason: 'The flat was bought from the applicant’s parents' }),
      }),
    ]);
    expect((await t.caseOf(late.id)).activeElements).toEqual(['waitPublicity']);

    // September 2027: the employer confirms the talent, and reports that the category-D talent has left.
    await at('2027-09-01T00:01:00+08:00');
    await t.act('employer1', talent, 'confirmEmployment', { decision: 'employed' });
    await t.act('employer1', leaver, 'confirmEmployment', { decision: 'left' });
    await t.waitStatus(leaver.id, 'completed');
    await t.waitAt(talent.id, 'waitWindow');

    // September 2028: nobody confirms the talent by the end of the month.
    await at('2028-09-01T00:01:00+08:00');
    await t.taskAt('employer1', talent.id, 'confirmEmployment');
    await at('2028-10-01T00:01:00+08:00');
    await t.waitStatus(talent.id, 'completed');

    expect(await payments(talent.id)).toEqual([
      { tranche: 'year-1', amount: 280_000 * YUAN, status: 'paid' },
      { tranche: 'year-2', amount: 210_000 * YUAN, status: 'paid' },
      {
        tranche: 'year-3',
        amount: 210_000 * YUAN,
        status: 'stopped',
        reason: 'employer did not confirm employment by 30 September 2028',
      },
    ]);
    const left = 'employer reported in 2027 that the talent is no longer employed';
    expect(await payments(leaver.id)).toEqual([
      { tranche: 'year-1', amount: 120_000 * YUAN, status: 'paid' },
      { tranche: 'year-2', amount: 90_000 * YUAN, status: 'stopped', reason: left },
      {
        tranche: 'year-3',
        amount: 90_000 * YUAN,
        status: 'stopped',
        reason: `an earlier tranche was stopped: ${left}`,
      },
    ]);
  });
});
