// J03a 高层次人才购房补贴 (home-purchase subsidy), from 济人才办发〔2022〕4号, 《人才住房保障实施细则》 一、高层次人才购房补贴 (docs/programmes.md).
import {
  type El,
  type Mapping,
  type ProcessSpec,
  boundaryEvent,
  catchEvent,
  endEvent,
  exclusive,
  flow,
  message,
  scriptTask,
  serviceTask,
  startEvent,
  subProcess,
  userTask,
} from './bpmn-model.builder';
import {
  flows,
  objectionMessage,
  publicityStage,
  publicityStageFlows,
  rejectionFlows,
  rejectionNotice,
  tranche,
} from './bpmn-patterns.builder';
import { programmeForms } from './programme-forms';

const ROW = 300;
const UP = 160;
const applicant: Mapping[] = [['=applicantId', 'applicantId']];

const CHECKS = ['marriage', 'talentCategory', 'degree', 'socialInsurance', 'netSigning'].map(
  (k) => `dataChecks.${k}`,
);
const COMPARISON = `=if every c in [${CHECKS.join(', ')}] satisfies c = "match" then "match" else if some c in [${CHECKS.join(', ')}] satisfies c = "mismatch" then "mismatch" else "inconclusive"`;

// B/C/D: 50% of the price, capped (L521-L523); PhD 15万 / master 10万 (L525); A: one person, one policy (L521).
const AMOUNT = [
  '=max(0, (if track = "graduate" then (if degree = "phd" then 15000000 else 10000000)',
  'else if category = "A" then approvedTotalFen',
  'else min(floor(purchasePriceFen / 2), if category = "B" then 100000000 else if category = "C" then 70000000 else 40000000))',
  '- (if rentalSubsidyReceivedFen = null then 0 else rentalSubsidyReceivedFen))',
].join(' ');

const WINDOW_YEAR = 'string(approvalYear + year - 1)';
const STOP_REASON = [
  '=if stopReason != "" then "an earlier tranche was stopped: " + stopReason',
  `else if employment = "left" then "employer reported in " + ${WINDOW_YEAR} + " that the talent is no longer employed"`,
  `else "employer did not confirm employment by 30 September " + ${WINDOW_YEAR}`,
].join(' ');

const TRANCHE_N =
  '=if year = 2 then floor(approvedTotalFen * 3 / 10) else approvedTotalFen - floor(approvedTotalFen * 4 / 10) - floor(approvedTotalFen * 3 / 10)';

const documentation = `
J03a Home-purchase subsidy for high-level talent (高层次人才购房补贴), Jinan. Source: 济人才办发〔2022〕4号《〈济南市人才服务支持政策（30条）〉〈济南市人才发展环境政策（30条）〉实施细则（试行）》, 《人才住房保障实施细则》 一、高层次人才购房补贴 (text L501-L591): amounts (二) 支持政策 (L519-L529), procedure (四) 申报审核 (L561-L575), supervision (五) 监督监管 (L577-L585).
Case variables at start: district (the employer's registered district), applicantId, employerId, track ("talent" for categories A-D, "graduate" for new master/PhD), category (A-D), degree ("phd" or "master"), purchasePriceFen, rentalSubsidyReceivedFen (optional), dataChecks (the automatic comparison results, see 2).
Stages: application by the applicant through the employer, who verifies and submits to the district housing department (L563-L567); district check with automatic comparison and a manual check within 10 working days (L569); monthly publicity of last month's approvals, 5 working days (L571); payment to the social-security card account after a publicity without upheld objection (L573); A-D in three yearly tranches 40/30/30, years 2-3 after the employer confirms employment by the end of September (L523, L575).
Decisions where the seeds are silent:
1. The case is created by the applicant; the employer's check is a task for employer (submit or reject; a rejection notifies the applicant). Employer tasks go to the role employer: the dialect cannot require an affiliation, so that the right unit acts (employerId) is an operational control.
2. Automatic comparison: the district systems' answers for marriage, talent category, degree, social insurance and net-signing (L569) arrive as the case variable dataChecks ({marriage: "match" | "mismatch", ...}). A script task classifies them: all "match" gives "match"; any "mismatch" gives "mismatch"; anything missing gives "inconclusive". The result is recorded in the case history (record, type data-comparison). No case is rejected by the machine.
3. Manual fallback: "match" leads to the property check alone (property data is always checked by hand, L569); "mismatch" or "inconclusive" leads to a manual check of the failed items and the property. Both are district-reviewer tasks due in 10 working days (cn-workday); the overdue notice comes from the platform's overdue-task notifications.
4. Amount (in fen): B/C/D 50% of purchasePriceFen capped at 100/70/40万; PhD 15万, master 10万 one-off; category A ("一人一策") takes approvedTotalFen entered by the district reviewer with the check. Rental subsidy already received is deducted (L529), never below 0. The couples' cap (L525) is checked by the district reviewer; each spouse has their own case.
5. Monthly publicity: at the start of each month the city-reviewer (acting for 市保障性住房服务中心, which has no role of its own) publishes the previous month's approvals as one message batch (POST /batches, message j03a-publicity-start). 5 working days, full length.
6. Objections: verified by district-reviewer (the district housing department that checked the case). Upheld: rejected with the reason, applicant notified. Unfounded: continue.
7. Payment uses pay (tranche names one-off, year-1, year-2, year-3). Tranches: year-1 = floor(40%), year-2 = floor(30%), year-3 = the rest, so the three add up to the approved total exactly.
8. Years 2 and 3: the confirmation window is September of the first and second calendar year after the year-1 payment (approvalYear). A task for employer opens at 00:00 on 1 September (Asia/Shanghai) and closes at 00:00 on 1 October. employed: the tranche is paid. left, or no answer by the close: the tranche is recorded as stopped with the reason, and every later tranche is stopped too (the 3-year employment condition is broken; L581 "不予发放").
9. Not modelled here: change of employer before the end of publicity (L581: the administrator cancels the case and the new district opens one), refund on cancelling the purchase contract (L583) and claw-back for fraud (L585).
`;

/** both district checks (decision 3): district-reviewer, 10 working days, the check form */
const districtCheck = {
  groups: 'district-reviewer',
  decisions: 'pass,reject',
  dueIn: 'P10D',
  calendar: 'cn-workday',
  form: 'j03a-district-check',
};

const annualChildren: El[] = [
  startEvent('yearStart', { name: '每年', at: [2370, 220] }),
  exclusive('gwEarlierStopped', {
    name: '此前是否已停止拨付？',
    at: [2440, 220],
    default: 'f_gwEarlierStopped_waitWindow',
  }),
  catchEvent('waitWindow', {
    name: '每年 9 月 1 日',
    at: [2540, 220],
    timer: { date: `=${WINDOW_YEAR} + "-09-01T00:00:00+08:00"` },
  }),
  userTask('confirmEmployment', {
    name: '确认在岗（单位）',
    at: [2630, 220],
    groups: 'employer',
    decisions: 'employed,left',
    outputs: [['=decision', 'employment']],
  }),
  boundaryEvent('notConfirmed', {
    name: '9 月底',
    host: 'confirmEmployment',
    slot: 0,
    timer: { date: `=${WINDOW_YEAR} + "-10-01T00:00:00+08:00"` },
  }),
  scriptTask('markNotConfirmed', {
    name: '未确认',
    at: [2652, 390],
    expression: '="not-confirmed"',
    result: 'employment',
  }),
  exclusive('gwEmployed', { name: '是否仍在岗？', at: [2780, 220], default: 'f_gwEmployed_payTranche' }),
  tranche('payTranche', {
    name: '拨付当年补贴',
    at: [2880, 220],
    tranche: '="year-" + string(year)',
    amount: TRANCHE_N,
  }),
  endEvent('yearPaid', { name: '已拨付', at: [3040, 220] }),
  tranche('stopTranche', {
    name: '停止当年拨付',
    at: [2880, 390],
    headers: { status: 'stopped' },
    tranche: '="year-" + string(year)',
    amount: TRANCHE_N,
    reason: STOP_REASON,
    outputs: [['=if stopReason != "" then stopReason else reason', 'stopReason']],
  }),
  endEvent('yearStopped', { name: '已停止', at: [3040, 390] }),
];

const annualFlows: El[] = [
  flow('f_yearStart_gwEarlierStopped', 'yearStart', 'gwEarlierStopped'),
  flow('f_gwEarlierStopped_waitWindow', 'gwEarlierStopped', 'waitWindow'),
  flow('f_gwEarlierStopped_stopTranche', 'gwEarlierStopped', 'stopTranche', '=stopReason != ""', '是', [
    [2465, 450],
    [2930, 450],
  ]),
  flow('f_waitWindow_confirmEmployment', 'waitWindow', 'confirmEmployment'),
  flow('f_confirmEmployment_gwEmployed', 'confirmEmployment', 'gwEmployed'),
  flow('f_gwEmployed_payTranche', 'gwEmployed', 'payTranche'),
  flow('f_gwEmployed_stopTranche', 'gwEmployed', 'stopTranche', '=employment = "left"', '已离职', [
    [2805, 320],
    [2930, 320],
  ]),
  flow('f_notConfirmed_markNotConfirmed', 'notConfirmed', 'markNotConfirmed', undefined, undefined, [
    [2702, 300],
  ]),
  flow('f_markNotConfirmed_stopTranche', 'markNotConfirmed', 'stopTranche'),
  flow('f_payTranche_yearPaid', 'payTranche', 'yearPaid'),
  flow('f_stopTranche_yearStopped', 'stopTranche', 'yearStopped'),
];

export const j03a: ProcessSpec = {
  id: 'j03a-home-purchase-subsidy',
  name: 'J03a 高层次人才购房补贴',
  documentation,
  startableBy: 'applicant,employer',
  forms: programmeForms(['j03a-district-check']),
  layout: 'hand',
  roots: [
    message('Msg_publicity', 'j03a-publicity-start', { senders: 'city-reviewer,org-department' }),
    objectionMessage(),
  ],
  elements: [
    startEvent('start', { name: '向单位提交申请', at: [150, ROW] }),
    userTask('employerCheck', {
      name: '单位审核报送',
      at: [230, ROW],
      groups: 'employer',
      decisions: 'submit,reject',
    }),
    exclusive('gwEmployer', { name: '是否报送？', at: [380, ROW], default: 'f_gwEmployer_compareData' }),
    ...rejectionNotice('notifyEmployerRejected', 'employerRejected', {
      name: '通知申请人：单位未报送',
      at: [455, UP],
      template: 'j03a-not-submitted',
      inputs: applicant,
      end: '未报送',
    }),
    scriptTask('compareData', {
      name: '数据自动比对',
      at: [480, ROW],
      expression: COMPARISON,
      result: 'comparison',
    }),
    serviceTask('recordComparison', {
      name: '记录比对结果',
      at: [630, ROW],
      type: 'record',
      headers: { type: 'data-comparison' },
      inputs: [['={result: comparison, checks: dataChecks}', 'data']],
    }),
    exclusive('gwComparison', {
      name: '各项均一致？',
      at: [780, ROW],
      default: 'f_gwComparison_manualCheck',
    }),
    userTask('propertyCheck', {
      name: '房产核查（区县）',
      at: [880, ROW],
      ...districtCheck,
    }),
    userTask('manualCheck', {
      name: '人工核查未通过项和房产（区县）',
      at: [880, 440],
      ...districtCheck,
    }),
    exclusive('gwChecked', { name: '是否批准？', at: [1030, ROW], default: 'f_gwChecked_computeAmount' }),
    ...rejectionNotice('notifyCheckRejected', 'checkRejected', {
      name: '通知申请人：未获批准',
      at: [1105, UP],
      template: 'j03a-not-approved',
      inputs: applicant,
      end: '未获批准',
    }),
    scriptTask('computeAmount', {
      name: '核定补贴总额',
      at: [1130, ROW],
      expression: AMOUNT,
      result: 'approvedTotalFen',
    }),
    ...publicityStage({
      x: 1280,
      row: ROW,
      up: UP,
      waitName: '月度名单发布',
      verifierRole: 'district-reviewer',
      next: 'gwTrack',
      template: 'j03a-objection-upheld',
      applicant,
    }),
    exclusive('gwTrack', { name: '硕士或博士？', at: [2080, ROW], default: 'f_gwTrack_payYear1' }),
    tranche('payOneOff', {
      name: '一次性拨付补贴',
      at: [2180, 560],
      tranche: '="one-off"',
      amount: '=approvedTotalFen',
    }),
    endEvent('paidOnce', { name: '已拨付', at: [2330, 560], outcome: 'approved' }),
    tranche('payYear1', {
      name: '拨付第 1 年补贴（40%）',
      at: [2180, ROW],
      tranche: '="year-1"',
      amount: '=floor(approvedTotalFen * 4 / 10)',
      outputs: [
        ['=now().year', 'approvalYear'],
        ['=""', 'stopReason'],
      ],
    }),
    subProcess('annualTranches', {
      name: '第 2、3 年：单位于 9 月底前确认在岗',
      at: [2330, 133],
      size: [790, 334],
      mi: { collection: '=[2, 3]', element: 'year', sequential: true },
      elements: [...annualChildren, ...annualFlows],
    }),
    endEvent('tranchesDone', { name: '拨付计划结束', at: [3170, ROW], outcome: 'approved' }),

    ...flows('start', 'employerCheck', 'gwEmployer'),
    ...rejectionFlows('gwEmployer', 'notifyEmployerRejected', 'employerRejected'),
    ...flows('gwEmployer', 'compareData', 'recordComparison', 'gwComparison'),
    flow('f_gwComparison_propertyCheck', 'gwComparison', 'propertyCheck', '=comparison = "match"', '一致'),
    flow('f_gwComparison_manualCheck', 'gwComparison', 'manualCheck', undefined, '不一致或无法判断'),
    flow('f_propertyCheck_gwChecked', 'propertyCheck', 'gwChecked'),
    flow('f_manualCheck_gwChecked', 'manualCheck', 'gwChecked', undefined, undefined, [[1055, 440]]),
    ...rejectionFlows('gwChecked', 'notifyCheckRejected', 'checkRejected'),
    flow('f_gwChecked_computeAmount', 'gwChecked', 'computeAmount'),
    ...publicityStageFlows('computeAmount'),
    flow('f_gwUpheld_gwTrack', 'gwUpheld', 'gwTrack'),
    flow('f_gwTrack_payOneOff', 'gwTrack', 'payOneOff', '=track = "graduate"', '硕士/博士'),
    flow('f_payOneOff_paidOnce', 'payOneOff', 'paidOnce'),
    flow('f_gwTrack_payYear1', 'gwTrack', 'payYear1', undefined, 'A–D 类'),
    ...flows('payYear1', 'annualTranches', 'tranchesDone'),
  ],
};
