// The J11b and Q01 process files on the pure engine: every branch, fast, before the HTTP tests run them for real.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import type { ProcessGraph, Variables } from '../../bpmn';
import { EngineHarness, type ServiceAnswer } from '../../bpmn/testing/engine-harness';
import { renderProgrammes } from '../../processes/tools/j11b-q01.generate';
import { programmeDecisionResolver } from '../../processes/tools/programme-decisions';

const PROCESSES = join(__dirname, '..', '..', 'processes');

const graphs = new Map<string, ProcessGraph>();
async function load(file: string, services: Record<string, ServiceAnswer> = {}): Promise<EngineHarness> {
  let graph = graphs.get(file);
  if (!graph) {
    const result = await compileBpmn(readFileSync(join(PROCESSES, file), 'utf8'), {
      resolveDecision: await programmeDecisionResolver(),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    graph = result.graph;
    graphs.set(file, graph);
  }
  return new EngineHarness(graph, { services });
}

type Pay = { tranche: unknown; amount: unknown; status?: unknown };
const payments = (h: EngineHarness): Pay[] =>
  h.effects
    .filter((e) => e.type === 'runServiceTask' && e.taskType === 'pay')
    .map((e) => {
      const inputs = (e as { inputs: Variables }).inputs;
      return { tranche: inputs.tranche, amount: inputs.amount, status: inputs.status ?? 'paid' };
    });

describe('J11b and Q01 process files', () => {
  it('given the generator, when both files are rendered, then the committed files are identical, documented and fully drawn', async () => {
    const rendered = await renderProgrammes();
    expect(Object.keys(rendered).sort()).toEqual([
      'j11b-industry-leader-introduced.bpmn',
      'q01-qinghai-talent-project.bpmn',
    ]);
    for (const [file, xml] of Object.entries(rendered)) {
      expect({ file, same: readFileSync(join(PROCESSES, file), 'utf8') === xml }).toEqual({
        file,
        same: true,
      });
      const result = await compileBpmn(xml, { resolveDecision: await programmeDecisionResolver() });
      expect(result.ok && result.graph.processId).toBe(file.replace('.bpmn', ''));
      // Cited by official document number (e.g. 济人才办发〔2022〕4号), never by a path outside the repository.
      expect(xml).toMatch(/<bpmn:process [^>]*>\s*<bpmn:documentation>[^<]*Source: [^<]*〔20\d\d〕\d+号/);
      expect(xml).not.toMatch(/\/shared\/|\.\.\/|seeds\//);
      const drawn = new Set([...xml.matchAll(/bpmnElement="([^"]+)"/g)].map((m) => m[1]));
      const elements = [
        ...xml.matchAll(/<bpmn:(?!process|message|error|definitions|documentation)\w+ id="([^"]+)"/g),
      ].map((m) => m[1]);
      expect(elements.length).toBeGreaterThan(30);
      expect(elements.filter((id) => !drawn.has(id))).toEqual([]);
    }
  });
});

const J11B = 'j11b-industry-leader-introduced.bpmn';
const applicant = {
  applicantId: 'applicant1',
  employerId: 'org-1',
  district: 'lixia',
  track: 'innovation-team',
};

/** Drives a J11b case to the start of the support period (agreement signed, first tranche paid). */
function toAgreement(h: EngineHarness): void {
  h.start(applicant);
  h.complete('districtFormalReview', { decision: 'pass' }, 'lixia-reviewer');
  h.complete('districtOnSiteCheck', { decision: 'pass' }, 'lixia-reviewer');
  h.complete('cityEligibility', { decision: 'pass' }, 'city-reviewer1');
  for (const [n, score] of [
    [2, 80],
    [3, 70],
    [4, 90],
  ] as const)
    h.complete('onlineReview', { score }, `expert${n}`, 'org-9');
  h.complete('onSiteInspection', { decision: 'pass' }, 'expert2');
  h.complete('dueDiligence', { decision: 'clear' }, 'city-reviewer1');
  h.complete('meetingReview', { decision: 'pass' }, 'expert3');
  h.complete('comprehensiveArgumentation', { decision: 'propose', grade: 'B' }, 'orgdept1');
  h.message('j11b-publish-list');
  h.fireTimer('publicityPeriod');
  h.complete('workingGroupDecision', { decision: 'approve' }, 'orgdept1');
  h.complete('talentSigns', { signatureConfirmed: true }, 'applicant1');
  h.complete('employerSigns', { signatureConfirmed: true }, 'employer1');
  h.complete('officeSigns', { signatureConfirmed: true }, 'orgdept1');
}

describe('J11b on the engine', () => {
  it('given a B-grade innovation team, when every stage passes, then 40/30/30 of 200万 is paid and support completes', async () => {
    const h = await load(J11B);
    toAgreement(h);
    expect(h.vars().onlineScore).toBe(80);
    h.fireTimer('midTermDue');
    h.complete('midTermEvaluation', { decision: 'pass' }, 'city-reviewer1');
    h.fireTimer('finalDue');
    h.complete('finalEvaluation', { decision: 'pass' }, 'city-reviewer1');
    expect(h.status).toBe('completed');
    expect(h.vars().outcome).toBe('support-completed');
    expect(payments(h)).toEqual([
      { tranche: 't1-agreement', amount: 80_000_000, status: 'paid' },
      { tranche: 't2-mid-term', amount: 60_000_000, status: 'paid' },
      { tranche: 't3-final', amount: 60_000_000, status: 'paid' },
    ]);
  });

  it('given the employer-affiliated expert, when he completes an online review seat, then conflict of interest refuses him', async () => {
    const h = await load(J11B);
    h.start(applicant);
    h.complete('districtFormalReview', { decision: 'pass' });
    h.complete('districtOnSiteCheck', { decision: 'pass' });
    h.complete('cityEligibility', { decision: 'pass' });
    expect(h.validate('onlineReview', { score: 99 }, 'expert1', 'org-1')).toMatchObject({
      ok: false,
      reason: 'CONFLICT_OF_INTEREST',
    });
    h.complete('onlineReview', { score: 60 }, 'expert2', 'org-2');
    expect(h.validate('onlineReview', { score: 60 }, 'expert2', 'org-2')).toMatchObject({
      reason: 'FOUR_EYES',
    });
  });

  it('given a mid-term fail, when the re-evaluation after rectification fails too, then t2 and t3 are stopped', async () => {
    const h = await load(J11B);
    toAgreement(h);
    h.fireTimer('midTermDue');
    h.complete('midTermEvaluation', { decision: 'fail', rectificationMonths: 4 }, 'city-reviewer1');
    expect(h.timer('rectification').spec.value).toBe('P4M');
    h.fireTimer('rectification');
    h.complete('reEvaluation', { decision: 'fail' }, 'city-reviewer1');
    expect(h.status).toBe('completed');
    expect(h.vars().outcome).toBe('support-stopped');
    expect(h.timers.size).toBe(0);
    expect(payments(h)).toEqual([
      { tranche: 't1-agreement', amount: 80_000_000, status: 'paid' },
      { tranche: 't2-mid-term', amount: 60_000_000, status: 'stopped' },
      { tranche: 't3-final', amount: 60_000_000, status: 'stopped' },
    ]);
  });

  it('given a passed mid-term, when the final evaluation fails, then only the last tranche is stopped', async () => {
    const h = await load(J11B);
    toAgreement(h);
    h.fireTimer('midTermDue');
    h.complete('midTermEvaluation', { decision: 'pass' }, 'city-reviewer1');
    h.fireTimer('finalDue');
    h.complete('finalEvaluation', { decision: 'fail' }, 'city-reviewer1');
    expect(h.status).toBe('completed');
    expect(h.vars().outcome).toBe('final-failed');
    expect(payments(h).map((p) => `${String(p.tranche)}:${String(p.status)}`)).toEqual([
      't1-agreement:paid',
      't2-mid-term:paid',
      't3-final:stopped',
    ]);
  });

  it('given a rectification period out of range, when the mid-term fails, then six months apply', async () => {
    const h = await load(J11B);
    toAgreement(h);
    h.fireTimer('midTermDue');
    h.complete('midTermEvaluation', { decision: 'fail', rectificationMonths: 12 }, 'city-reviewer1');
    expect(h.timer('rectification').spec.value).toBe('P6M');
  });

  it('given t1 and t2 paid, when the case is revoked with claw-back, then both are clawed back and t3 stopped', async () => {
    const h = await load(J11B);
    toAgreement(h);
    h.fireTimer('midTermDue');
    h.complete('midTermEvaluation', { decision: 'pass' }, 'city-reviewer1');
    // as the case workflow sends it: only the revocation start event's output mappings take the variables
    h.send({
      type: 'messageReceived',
      name: 'j11b-revoke',
      correlationKey: 'BK-1',
      variables: { revocationReason: 'funds diverted', clawback: true },
      mappedOnly: true,
    });
    expect(h.status).toBe('completed');
    expect(h.vars().outcome).toBe('revoked');
    expect(h.snapshot().outcome).toBe('revoked'); // rf:outcome of revokedEnd
    expect(payments(h).slice(2)).toEqual([
      { tranche: 't1-agreement', amount: 80_000_000, status: 'clawback' },
      { tranche: 't2-mid-term', amount: 60_000_000, status: 'clawback' },
      { tranche: 't3-final', amount: 60_000_000, status: 'stopped' },
    ]);
  });

  it('given a case still under review, when it is revoked, then its tasks are withdrawn and nothing is paid or stopped', async () => {
    const h = await load(J11B);
    h.start(applicant);
    h.complete('districtFormalReview', { decision: 'pass' });
    // as the case workflow sends it: only the revocation start event's output mappings take the variables
    h.send({
      type: 'messageReceived',
      name: 'j11b-revoke',
      correlationKey: 'BK-1',
      variables: { revocationReason: 'voluntary withdrawal', clawback: false },
      mappedOnly: true,
    });
    expect(h.status).toBe('completed');
    expect(h.vars().outcome).toBe('revoked');
    expect(h.snapshot().outcome).toBe('revoked'); // rf:outcome of revokedEnd
    expect(h.withdrawn.map((w) => w.key)).toHaveLength(1);
    expect(payments(h)).toEqual([]);
  });

  it('given an objection during publicity, when it is upheld, then the case waits for the period and is rejected with the finding', async () => {
    const h = await load(J11B);
    h.start(applicant);
    h.complete('districtFormalReview', { decision: 'pass' });
    h.complete('districtOnSiteCheck', { decision: 'pass' });
    h.complete('cityEligibility', { decision: 'pass' });
    for (const n of [2, 3, 4]) h.complete('onlineReview', { score: 75 }, `expert${n}`);
    h.complete('onSiteInspection', { decision: 'pass' });
    h.complete('dueDiligence', { decision: 'clear' });
    h.complete('meetingReview', { decision: 'pass' });
    h.complete('comprehensiveArgumentation', { decision: 'propose', grade: 'A' });
    h.message('j11b-publish-list');
    h.message('objection');
    h.complete('verifyObjection', { decision: 'upheld', finding: 'degree not verified' });
    expect(h.status).toBe('active');
    h.fireTimer('publicityPeriod');
    expect(h.status).toBe('completed');
    expect(h.vars().rejectionReason).toBe('Objection upheld during publicity: degree not verified');
    expect(h.vars().outcome).toBe('rejected');
  });
});

const Q01 = 'q01-qinghai-talent-project.bpmn';

function toQuota(h: EngineHarness, scores: number[]): void {
  h.start({ applicantId: 'applicant1', employerId: 'org-1', selectionYear: 2031 });
  h.complete('formalCheck', { decision: 'pass' });
  scores.forEach((score, i) => h.complete('expertGrading', { score }, `expert${i + 2}`));
}

describe('Q01 on the engine', () => {
  it('given mean 92, when approved and assessed three years, then A, 150万 and completed with the excellent flag', async () => {
    const h = await load(Q01, { reserveQuota: { quotaSlot: 1 } });
    toQuota(h, [90, 92, 94]);
    h.complete('talentOfficeApproval', { decision: 'approve' });
    const reserve = h.effects.find((e) => e.type === 'runServiceTask' && e.elementId === 'reserveQuota');
    expect(reserve).toMatchObject({ inputs: { quota: 'q01', period: '2031', grade: 'A', limit: 5 } });
    h.complete('cooperationAgreement');
    expect(payments(h)).toEqual([{ tranche: 'award', amount: 150_000_000, status: 'paid' }]);
    for (const result of ['pass', 'excellent', 'pass']) {
      h.fireTimer('assessmentDue');
      h.complete('annualAssessment', { decision: result });
    }
    expect(h.status).toBe('completed');
    expect(h.vars()).toMatchObject({ outcome: 'completed', continuedSupport: true, assessmentsDone: 3 });
  });

  it('given grade A full, when the office downgrades, then a B place is reserved', async () => {
    let calls = 0;
    const h = await load(Q01);
    h.options.services!.reserveQuota = () =>
      ++calls === 1 ? { fail: true, errorCode: 'QUOTA_EXHAUSTED' } : { quotaSlot: 7 };
    toQuota(h, [95, 95, 95]);
    h.complete('talentOfficeApproval', { decision: 'approve' });
    h.complete('gradeFull', { decision: 'downgrade' });
    expect(h.vars()).toMatchObject({ grade: 'B', quotaSlot: 7 });
    expect(h.openTasks('cooperationAgreement')).toHaveLength(1);
  });

  it('given grade C full, when the office declines, then the case is rejected with the quota reason', async () => {
    const h = await load(Q01, { reserveQuota: { fail: true, errorCode: 'QUOTA_EXHAUSTED' } });
    toQuota(h, [70, 72, 74]);
    h.complete('talentOfficeApproval', { decision: 'approve' });
    h.complete('gradeFull', { decision: 'decline' });
    expect(h.status).toBe('completed');
    expect(h.vars().rejectionReason).toBe('Quota for grade C in 2031 is full (宁缺毋滥)');
  });

  it('given a failed annual assessment, then support ends', async () => {
    const h = await load(Q01, { reserveQuota: { quotaSlot: 1 } });
    toQuota(h, [80, 80, 80]);
    h.complete('talentOfficeApproval', { decision: 'approve' });
    h.complete('cooperationAgreement');
    h.fireTimer('assessmentDue');
    h.complete('annualAssessment', { decision: 'fail' });
    expect(h.vars().outcome).toBe('support-ended');
    expect(h.timers.size).toBe(0);
  });
});

describe('Q01 grades and awards by its DMN tables', () => {
  const evaluations = (h: EngineHarness) =>
    h.effects.flatMap((e) =>
      e.type === 'history' && e.event === 'decision-evaluated' ? [{ elementId: e.elementId, ...e.data }] : [],
    );

  it('given mean 92, then q01-grading matches its A rule and q01-award its A rule, recorded in the history', async () => {
    const h = await load(Q01, { reserveQuota: { quotaSlot: 1 } });
    toQuota(h, [90, 92, 94]);
    h.complete('talentOfficeApproval', { decision: 'approve' });
    h.complete('cooperationAgreement');
    expect(evaluations(h)).toEqual([
      expect.objectContaining({
        elementId: 'gradeByScore',
        decisionId: 'q01-grading',
        result: 'A',
        decisions: [
          { decisionId: 'q01MeanScore', matchedRules: [], result: 92 },
          {
            decisionId: 'q01-grading',
            matchedRules: [{ ruleId: 'q01-grade-a', index: 1, outputs: { grade: 'A' } }],
            result: 'A',
          },
        ],
      }),
      expect.objectContaining({
        elementId: 'awardByGrade',
        decisionId: 'q01-award',
        result: 150,
        decisions: [
          {
            decisionId: 'q01-award',
            matchedRules: [{ ruleId: 'q01-award-a', index: 1, outputs: { awardWan: 150 } }],
            result: 150,
          },
        ],
      }),
    ]);
  });

  it('given an official lowers the A threshold to 85 and raises the A award to 180万, then mean 88 is A and 180万 is paid', async () => {
    const dmn = readFileSync(join(PROCESSES, 'decisions', 'q01-grading.dmn'), 'utf8')
      .replace('<text>&gt;= 90</text>', '<text>&gt;= 85</text>')
      .replace('<text>[80..90)</text>', '<text>[80..85)</text>')
      .replace(
        '<outputEntry id="q01-award-a-amount"><text>150</text>',
        '<outputEntry id="q01-award-a-amount"><text>180</text>',
      );
    const dir = mkdtempSync(join(tmpdir(), 'q01-dmn-'));
    writeFileSync(join(dir, 'q01-grading.dmn'), dmn);
    const result = await compileBpmn(readFileSync(join(PROCESSES, Q01), 'utf8'), {
      resolveDecision: await programmeDecisionResolver(dir),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const h = new EngineHarness(result.graph, { services: { reserveQuota: { quotaSlot: 1 } } });
    toQuota(h, [86, 88, 90]);
    expect(h.vars()).toMatchObject({ scoreGrade: 'A' });
    h.complete('talentOfficeApproval', { decision: 'approve' });
    h.complete('cooperationAgreement');
    expect(payments(h)).toEqual([{ tranche: 'award', amount: 180_000_000, status: 'paid' }]);
    // the unedited table grades the same scores B
    const before = await load(Q01, { reserveQuota: { quotaSlot: 1 } });
    toQuota(before, [86, 88, 90]);
    expect(before.vars()).toMatchObject({ scoreGrade: 'B' });
  });
});
