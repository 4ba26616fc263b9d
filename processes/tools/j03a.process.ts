// J03a 高层次人才购房补贴 (home-purchase subsidy), from 济人才办发〔2022〕4号, 《人才住房保障实施细则》 一、高层次人才购房补贴 (docs/programmes.md).
import {
  type FlowSpec,
  type NodeSpec,
  type ProcessSpec,
  boundary,
  event,
  gateway,
  io,
  messageBody,
  notify,
  script,
  service,
  timerBody,
  userTask,
  withOutcome,
} from './bpmn-writer';
import { OBJECTION_MESSAGE, publicityBlock } from './publicity-block';

const ROW = 300;
const UP = 160;
const applicant: [string, string][] = [['applicantId', '=applicantId']];

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

const annualChildren: NodeSpec[] = [
  event('yearStart', 'startEvent', '每年', 2370, 220),
  gateway('gwEarlierStopped', '此前是否已停止拨付？', 2440, 220, 'f_gwEarlierStopped_waitWindow'),
  event(
    'waitWindow',
    'intermediateCatchEvent',
    '每年 9 月 1 日',
    2540,
    220,
    timerBody('timeDate', `=${WINDOW_YEAR} + "-09-01T00:00:00+08:00"`),
  ),
  userTask('confirmEmployment', '确认在岗（单位）', 2630, 220, {
    groups: 'employer',
    decisions: 'employed,left',
    io: io([], [['employment', '=decision']]),
  }),
  boundary(
    'notConfirmed',
    '9 月底',
    'confirmEmployment',
    0,
    timerBody('timeDate', `=${WINDOW_YEAR} + "-10-01T00:00:00+08:00"`),
    true,
  ),
  script('markNotConfirmed', '未确认', 2652, 390, '="not-confirmed"', 'employment'),
  gateway('gwEmployed', '是否仍在岗？', 2780, 220, 'f_gwEmployed_payTranche'),
  service('payTranche', '拨付当年补贴', 2880, 220, 'pay', {}, [
    ['tranche', '="year-" + string(year)'],
    ['amount', TRANCHE_N],
  ]),
  event('yearPaid', 'endEvent', '已拨付', 3040, 220),
  service(
    'stopTranche',
    '停止当年拨付',
    2880,
    390,
    'pay',
    { status: 'stopped' },
    [
      ['tranche', '="year-" + string(year)'],
      ['amount', TRANCHE_N],
      ['reason', STOP_REASON],
    ],
    'serviceTask',
    [['stopReason', '=if stopReason != "" then stopReason else reason']],
  ),
  event('yearStopped', 'endEvent', '已停止', 3040, 390),
];

const annualFlows: FlowSpec[] = [
  { id: 'f_yearStart_gwEarlierStopped', from: 'yearStart', to: 'gwEarlierStopped' },
  { id: 'f_gwEarlierStopped_waitWindow', from: 'gwEarlierStopped', to: 'waitWindow' },
  {
    id: 'f_gwEarlierStopped_stopTranche',
    name: '是',
    from: 'gwEarlierStopped',
    to: 'stopTranche',
    condition: '=stopReason != ""',
    via: [
      [2465, 450],
      [2930, 450],
    ],
  },
  { id: 'f_waitWindow_confirmEmployment', from: 'waitWindow', to: 'confirmEmployment' },
  { id: 'f_confirmEmployment_gwEmployed', from: 'confirmEmployment', to: 'gwEmployed' },
  { id: 'f_gwEmployed_payTranche', from: 'gwEmployed', to: 'payTranche' },
  {
    id: 'f_gwEmployed_stopTranche',
    name: '已离职',
    from: 'gwEmployed',
    to: 'stopTranche',
    condition: '=employment = "left"',
    via: [
      [2805, 320],
      [2930, 320],
    ],
  },
  { id: 'f_notConfirmed_markNotConfirmed', from: 'notConfirmed', to: 'markNotConfirmed', via: [[2702, 300]] },
  { id: 'f_markNotConfirmed_stopTranche', from: 'markNotConfirmed', to: 'stopTranche' },
  { id: 'f_payTranche_yearPaid', from: 'payTranche', to: 'yearPaid' },
  { id: 'f_stopTranche_yearStopped', from: 'stopTranche', to: 'yearStopped' },
];

export const j03a: ProcessSpec = {
  id: 'j03a-home-purchase-subsidy',
  name: 'J03a 高层次人才购房补贴',
  documentation,
  startableBy: 'applicant,employer',
  forms: ['j03a-district-check'],
  messages: [
    {
      id: 'Msg_publicity',
      name: 'j03a-publicity-start',
      correlationKey: '=businessKey',
      senders: 'city-reviewer,org-department',
    },
    OBJECTION_MESSAGE,
  ],
  nodes: [
    event('start', 'startEvent', '向单位提交申请', 150, ROW),
    userTask('employerCheck', '单位审核报送', 230, ROW, {
      groups: 'employer',
      decisions: 'submit,reject',
    }),
    gateway('gwEmployer', '是否报送？', 380, ROW, 'f_gwEmployer_compareData'),
    notify(
      'notifyEmployerRejected',
      '通知申请人：单位未报送',
      455,
      UP,
      'j03a-not-submitted',
      'applicant',
      applicant,
    ),
    withOutcome(event('employerRejected', 'endEvent', '未报送', 585, UP), 'rejected'),
    script('compareData', '数据自动比对', 480, ROW, COMPARISON, 'comparison'),
    service('recordComparison', '记录比对结果', 630, ROW, 'record', { type: 'data-comparison' }, [
      ['data', '={result: comparison, checks: dataChecks}'],
    ]),
    gateway('gwComparison', '各项均一致？', 780, ROW, 'f_gwComparison_manualCheck'),
    userTask('propertyCheck', '房产核查（区县）', 880, ROW, {
      groups: 'district-reviewer',
      decisions: 'pass,reject',
      dueIn: 'P10D',
      form: 'j03a-district-check',
    }),
    userTask('manualCheck', '人工核查未通过项和房产（区县）', 880, 440, {
      groups: 'district-reviewer',
      decisions: 'pass,reject',
      dueIn: 'P10D',
      form: 'j03a-district-check',
    }),
    gateway('gwChecked', '是否批准？', 1030, ROW, 'f_gwChecked_computeAmount'),
    notify(
      'notifyCheckRejected',
      '通知申请人：未获批准',
      1105,
      UP,
      'j03a-not-approved',
      'applicant',
      applicant,
    ),
    withOutcome(event('checkRejected', 'endEvent', '未获批准', 1235, UP), 'rejected'),
    script('computeAmount', '核定补贴总额', 1130, ROW, AMOUNT, 'approvedTotalFen'),
    event('waitPublicity', 'intermediateCatchEvent', '月度名单发布', 1280, ROW, messageBody('Msg_publicity')),
    publicityBlock(1360, ROW, 'district-reviewer'),
    gateway('gwUpheld', '异议是否成立？', 1980, ROW, 'f_gwUpheld_gwTrack'),
    notify('notifyObjectionUpheld', '通知申请人：异议成立', 2055, UP, 'j03a-objection-upheld', 'applicant', [
      ...applicant,
      ['reason', '=rejectionReason'],
    ]),
    withOutcome(event('objectionRejected', 'endEvent', '异议成立，不予通过', 2185, UP), 'rejected'),
    gateway('gwTrack', '硕士或博士？', 2080, ROW, 'f_gwTrack_payYear1'),
    service('payOneOff', '一次性拨付补贴', 2180, 560, 'pay', {}, [
      ['tranche', '="one-off"'],
      ['amount', '=approvedTotalFen'],
    ]),
    withOutcome(event('paidOnce', 'endEvent', '已拨付', 2330, 560), 'approved'),
    service(
      'payYear1',
      '拨付第 1 年补贴（40%）',
      2180,
      ROW,
      'pay',
      {},
      [
        ['tranche', '="year-1"'],
        ['amount', '=floor(approvedTotalFen * 4 / 10)'],
      ],
      'serviceTask',
      [
        ['approvalYear', '=now().year'],
        ['stopReason', '=""'],
      ],
    ),
    {
      id: 'annualTranches',
      kind: 'subProcess',
      name: '第 2、3 年：单位于 9 月底前确认在岗',
      x: 2330,
      cy: 133,
      w: 790,
      h: 334,
      body: `<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[2, 3]" inputElement="year" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`,
      children: annualChildren,
      flows: annualFlows,
    },
    withOutcome(event('tranchesDone', 'endEvent', '拨付计划结束', 3170, ROW), 'approved'),
  ],
  flows: [
    { id: 'f_start_employerCheck', from: 'start', to: 'employerCheck' },
    { id: 'f_employerCheck_gwEmployer', from: 'employerCheck', to: 'gwEmployer' },
    {
      id: 'f_gwEmployer_notifyEmployerRejected',
      name: '不通过',
      from: 'gwEmployer',
      to: 'notifyEmployerRejected',
      condition: '=decision = "reject"',
    },
    {
      id: 'f_notifyEmployerRejected_employerRejected',
      from: 'notifyEmployerRejected',
      to: 'employerRejected',
    },
    { id: 'f_gwEmployer_compareData', from: 'gwEmployer', to: 'compareData' },
    { id: 'f_compareData_recordComparison', from: 'compareData', to: 'recordComparison' },
    { id: 'f_recordComparison_gwComparison', from: 'recordComparison', to: 'gwComparison' },
    {
      id: 'f_gwComparison_propertyCheck',
      name: '一致',
      from: 'gwComparison',
      to: 'propertyCheck',
      condition: '=comparison = "match"',
    },
    {
      id: 'f_gwComparison_manualCheck',
      name: '不一致或无法判断',
      from: 'gwComparison',
      to: 'manualCheck',
    },
    { id: 'f_propertyCheck_gwChecked', from: 'propertyCheck', to: 'gwChecked' },
    { id: 'f_manualCheck_gwChecked', from: 'manualCheck', to: 'gwChecked', via: [[1055, 440]] },
    {
      id: 'f_gwChecked_notifyCheckRejected',
      name: '不通过',
      from: 'gwChecked',
      to: 'notifyCheckRejected',
      condition: '=decision = "reject"',
    },
    { id: 'f_notifyCheckRejected_checkRejected', from: 'notifyCheckRejected', to: 'checkRejected' },
    { id: 'f_gwChecked_computeAmount', from: 'gwChecked', to: 'computeAmount' },
    { id: 'f_computeAmount_waitPublicity', from: 'computeAmount', to: 'waitPublicity' },
    { id: 'f_waitPublicity_publicity', from: 'waitPublicity', to: 'publicity' },
    { id: 'f_publicity_gwUpheld', from: 'publicity', to: 'gwUpheld' },
    {
      id: 'f_gwUpheld_notifyObjectionUpheld',
      name: '成立',
      from: 'gwUpheld',
      to: 'notifyObjectionUpheld',
      condition: '=objectionUpheld = true',
    },
    {
      id: 'f_notifyObjectionUpheld_objectionRejected',
      from: 'notifyObjectionUpheld',
      to: 'objectionRejected',
    },
    { id: 'f_gwUpheld_gwTrack', from: 'gwUpheld', to: 'gwTrack' },
    {
      id: 'f_gwTrack_payOneOff',
      name: '硕士/博士',
      from: 'gwTrack',
      to: 'payOneOff',
      condition: '=track = "graduate"',
    },
    { id: 'f_payOneOff_paidOnce', from: 'payOneOff', to: 'paidOnce' },
    { id: 'f_gwTrack_payYear1', name: 'A–D 类', from: 'gwTrack', to: 'payYear1' },
    { id: 'f_payYear1_annualTranches', from: 'payYear1', to: 'annualTranches' },
    { id: 'f_annualTranches_tranchesDone', from: 'annualTranches', to: 'tranchesDone' },
  ],
};
