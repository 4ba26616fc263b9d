// J11b and Q01, laid out by bpmn-auto-layout; written to processes/ by generate-processes.ts.
import {
  type El,
  type ServiceTaskOptions,
  boundaryEvent,
  businessRuleTask,
  catchEvent,
  endEvent,
  error,
  exclusive,
  flow,
  message,
  parallel,
  renderProcess,
  scriptTask,
  serviceTask as anyServiceTask,
  startEvent,
  subProcess,
  userTask,
} from './bpmn-model.builder';
import {
  expertBallot,
  objectionMessage,
  publicityWithObjections,
  reviewStep,
  tranche,
  verdict,
} from './bpmn-patterns.builder';
import { programmeForms } from './programme-forms';

/** Service tasks of these two programmes name their retries (3, the engine's default too). */
const serviceTask = (id: string, o: ServiceTaskOptions): El => anyServiceTask(id, { retries: 3, ...o });

type RecordOptions = Omit<ServiceTaskOptions, 'type' | 'headers'> & { event: string };
/** A `record` task: writes `event` (with its `data` input) to the case's history. */
const record = (id: string, { event, ...o }: RecordOptions): El =>
  serviceTask(id, { ...o, type: 'record', headers: { type: event } });

type NotifyOptions = Omit<ServiceTaskOptions, 'type' | 'headers'> & { template: string; to: string };
/** A `notify` service task: the message `template` to the role `to`. */
const notifyTask = (id: string, { template, to, ...o }: NotifyOptions): El =>
  serviceTask(id, { ...o, type: 'notify', headers: { template, to } });

/** The rejection ending: tell the applicant why, record it, end as rejected (`endName` on the diagram). */
const rejected = (template: string, endName: string): El[] => [
  notifyTask('notifyRejected', {
    name: '通知申请人未通过',
    template,
    to: 'applicant',
    inputs: [
      ['=applicantId', 'applicantId'],
      ['=rejectionReason', 'reason'],
    ],
  }),
  record('recordRejected', {
    name: '记录：不予通过',
    event: 'rejected',
    inputs: [['={reason: rejectionReason}', 'data']],
    outputs: [['="rejected"', 'outcome']],
  }),
  endEvent('endRejected', { name: endName, outcome: 'rejected' }),
];

// Grade amounts of J11b in 万元 (002:L1608-L1610), per track and grade.
const J11B_AWARDS =
  '{"innovation-talent": {A: 200, B: 100, C: 50}, "innovation-team": {A: 300, B: 200, C: 100}, ' +
  '"startup-talent": {A: 300, B: 200, C: 100}, "startup-team": {A: 500, B: 300, C: 200}}';

const J11B_DOC = `
J11b 产业领军人才支持工程（引进人才类） — Jinan industry-leader programme, introduced-talent track.
Source: 济人才办发〔2022〕4号《〈济南市人才服务支持政策（30条）〉〈济南市人才发展环境政策（30条）〉实施细则（试行）》, 《产业领军人才支持工程实施细则》 二、引进人才类: (三) 遴选程序, (五) 扶持政策, (六) 组织实施.
Stages and lines:
- Annual call and online submission L1574-L1578: the applicant creates the case (variables below).
- 资格审查 L1580: district HR formal review (形式要件审查) and on-site check (现场查验), district talent group consent, then 市人社局 (city eligibility).
- 网络评审 L1582: out-of-town experts (异地专家) organised by a third party: parallel multi-instance, scores aggregated by a script.
- 实地考察 L1584; due diligence by a third party in parallel with the visit (the J11a rule L1424; L1584 alone does not name it).
- 会议评审 L1586, 综合论证 L1588, 社会公示 5 working days L1590, 研究审定 of those without objection L1592, 发文公布 L1594.
- 多方协议 L1596-L1598 (talent + working-group office + employer/park).
- Amounts L1606-L1610 (A/B/C by track, city finance); staged payment L1640: 40% after the agreement, 30% after the mid-term
  evaluation passes, 30% after the 3-year final evaluation passes; mid-term fail → 3-6 months rectification; failing again → no
  further payment; final fail → no further payment.
- Exit L1658-L1682: voluntary withdrawal, 劝退, suspension/cancellation stopping funds, recovery "情节严重的".
- Fault tolerance L1656: exploratory failure is not pursued → failed evaluations stop payment but never claw back.
Case variables at creation: applicantId (user name), employerId (affiliation, for conflict of interest), district,
track (innovation-talent | innovation-team | startup-talent | startup-team).
Decisions where the seeds are silent (product owner):
- Roles: district-reviewer = district HR (the district talent group's consent is given with the on-site check); city-reviewer =
  市人社局 (city eligibility, due-diligence report intake, objection verification, mid-term and final evaluations, which the
  seed lets a third party perform); expert = the third party's experts; org-department = working-group office (市委组织部,
  L1648): comprehensive argumentation, working-group decision, signs the agreement.
- Online review: 5 expert seats are opened, each expert may fill one seat (rf:distinctFrom on itself), experts affiliated with
  the employer are refused (rf:excludeAffiliation), the review closes once 3 scores are in (completionCondition); pass mark:
  mean score >= 60 of 100.
- On-site inspection and meeting review are recorded by one expert each (the panel's conclusion); conflict of interest applies.
- Comprehensive argumentation sets the grade A/B/C; a grade that is missing or not in the track's table sends the task back.
- Publicity starts when the working group publishes the list (message j11b-publish-list, one batch for the whole list). Objections
  (message objection, POST /cases/:id/objections) open a verification task for city-reviewer; the period always runs its full 5
  working days and the case waits for every open verification; any upheld objection rejects the case with the finding as reason and
  the applicant is notified; unfounded objections let it continue.
- Working-group decision (研究审定) is a list approval: org-department completes workingGroupDecision for many cases with one
  POST /batches complete-task; a case left out of the list stays open until decided on its own.
- Payment channel (市财政局 → 区县财政 → 引才单位, L1632-L1634) is one ledger per case; the district top-up (L1606, proportion not
  stated) and the equity options 方式二/三 (L1612-L1622) are outside this process: the grant is paid in full at the grade amount.
- Timing: the mid-term evaluation opens 18 months after the agreement (not stated, §5 of the catalogue); the rectification period is
  set by the evaluator (rectificationMonths 3-6, default 6); the final evaluation opens 3 years after the agreement and needs the
  mid-term branch finished. Tranches: t1-agreement 40%, t2-mid-term 30%, t3-final the rest (amounts in fen, no rounding loss).
- Failing the re-evaluation writes t2-mid-term and t3-final as stopped and ends support; failing the final writes t3-final stopped.
- Revocation (message j11b-revoke, any time, interrupting event subprocess): variables revocationReason (text) and clawback (true
  when the working group finds the case serious, 情节严重). Every unpaid tranche is recorded stopped; with clawback every paid tranche
  is recovered (ledger status clawback); the applicant is notified. Before the agreement there is nothing to stop.
- Outcome variable: outcome = rejected | support-completed | support-stopped | final-failed | revoked.
`;

function j11b(): El[] {
  const publicity = publicityWithObjections({
    verifierRole: 'city-reviewer',
    labels: {
      subProcess: '社会公示（5 个工作日）',
      period: '5 个工作日',
      end: '期间结束',
      onObjection: '异议',
      raised: '提出异议',
      done: '核实完毕',
    },
    ids: { period: 'publicityPeriod', done: 'objectionVerified', flows: ['p1', 'p2', 'o1', 'o2'] },
    finding: {
      local: 'objectionFinding',
      initial: '=null',
      value: '(if finding != null then finding else "objection upheld")',
      output: 'objectionFinding',
      writes: 'finding',
    },
  });

  // staged payment: a paid tranche is flagged (revocation claws back only what was paid), a stopped one says why
  const payTranche = (id: string, name: string, name_: string, amount: string, paidVar: string): El =>
    tranche(id, { name, tranche: `="${name_}"`, amount, outputs: [['=true', paidVar]], retries: 3 });
  const stopTranche = (id: string, name: string, name_: string, amount: string, reason: string): El =>
    tranche(id, {
      name,
      tranche: `="${name_}"`,
      amount,
      status: '="stopped"',
      reason: `="${reason}"`,
      retries: 3,
    });

  const management = subProcess('managementPeriod', {
    name: '管理期（3 年）',
    elements: [
      startEvent('mpStart'),
      payTranche('payT1', '签约后拨付 40%', 't1-agreement', '=award.t1', 't1Paid'),
      parallel('mpFork'),
      catchEvent('midTermDue', { name: '中期（18 个月）', timer: { duration: 'P18M' } }),
      userTask('midTermEvaluation', {
        writes: 'rectificationMonths',
        name: '中期评估',
        groups: 'city-reviewer',
        decisions: 'pass,fail',
        outputs: [
          ['=decision', 'midTermResult'],
          [
            '="P" + string(if rectificationMonths >= 3 and rectificationMonths <= 6 then rectificationMonths else 6) + "M"',
            'rectificationPeriod',
          ],
        ],
      }),
      exclusive('midTermPassed', { name: '中期评估是否通过？', default: 'm_fail' }),
      catchEvent('rectification', {
        name: '限期整改（3–6 个月）',
        timer: { duration: '=rectificationPeriod' },
      }),
      userTask('reEvaluation', {
        name: '整改后评估',
        groups: 'city-reviewer',
        decisions: 'pass,fail',
        outputs: [['=decision', 'reEvaluationResult']],
      }),
      exclusive('reEvaluationPassed', { name: '整改后评估是否通过？', default: 'm_refail' }),
      payTranche('payT2', '中期评估后拨付 30%', 't2-mid-term', '=award.t2', 't2Paid'),
      stopTranche('stopT2', '停止拨付中期款', 't2-mid-term', '=award.t2', 'mid-term re-evaluation failed'),
      stopTranche('stopT3Early', '停止拨付尾款', 't3-final', '=award.t3', 'mid-term re-evaluation failed'),
      endEvent('supportStopped', { name: '停止支持', error: 'Err_supportStopped' }),
      catchEvent('finalDue', { name: '签约 3 年后', timer: { duration: 'P3Y' } }),
      parallel('mpJoin'),
      userTask('finalEvaluation', {
        name: '期满评估',
        groups: 'city-reviewer',
        decisions: 'pass,fail',
        outputs: [['=decision', 'finalResult']],
      }),
      exclusive('finalPassed', { name: '期满评估是否通过？', default: 'm_finalFail' }),
      payTranche('payT3', '拨付尾款 30%', 't3-final', '=award.t3', 't3Paid'),
      stopTranche('stopT3', '停止拨付尾款', 't3-final', '=award.t3', 'final evaluation failed'),
      endEvent('mpEnd', { name: '期间结束' }),
      flow('m1', 'mpStart', 'payT1'),
      flow('m2', 'payT1', 'mpFork'),
      flow('m3', 'mpFork', 'midTermDue'),
      flow('m4', 'midTermDue', 'midTermEvaluation'),
      flow('m5', 'midTermEvaluation', 'midTermPassed'),
      flow('m_pass', 'midTermPassed', 'payT2', '=midTermResult = "pass"', '通过'),
      flow('m_fail', 'midTermPassed', 'rectification', undefined, '不通过'),
      flow('m6', 'rectification', 'reEvaluation'),
      flow('m7', 'reEvaluation', 'reEvaluationPassed'),
      flow('m_repass', 'reEvaluationPassed', 'payT2', '=reEvaluationResult = "pass"', '通过'),
      flow('m_refail', 'reEvaluationPassed', 'stopT2', undefined, '再次不通过'),
      flow('m8', 'stopT2', 'stopT3Early'),
      flow('m9', 'stopT3Early', 'supportStopped'),
      flow('m10', 'payT2', 'mpJoin'),
      flow('m11', 'mpFork', 'finalDue'),
      flow('m12', 'finalDue', 'mpJoin'),
      flow('m13', 'mpJoin', 'finalEvaluation'),
      flow('m14', 'finalEvaluation', 'finalPassed'),
      flow('m_finalPass', 'finalPassed', 'payT3', '=finalResult = "pass"', '通过'),
      flow('m_finalFail', 'finalPassed', 'stopT3', undefined, '不通过'),
      flow('m15', 'payT3', 'mpEnd'),
      flow('m16', 'stopT3', 'mpEnd'),
    ],
  });

  const revocation = subProcess('revocation', {
    name: '中止/取消资格',
    triggeredByEvent: true,
    elements: [
      startEvent('revoked', {
        name: '决定取消资格',
        message: 'Msg_revoke',
        interrupting: true,
        outputs: [
          ['=revocationReason', 'revocationReason'],
          ['=clawback', 'clawback'],
        ],
      }),
      record('recordRevoked', {
        name: '记录取消资格',
        event: 'revoked',
        inputs: [['={reason: revocationReason, clawback: clawback = true}', 'data']],
        outputs: [['="revoked"', 'outcome']],
      }),
      exclusive('agreementInForce', { name: '是否已签约？', default: 'r_none' }),
      scriptTask('settlementPlan', {
        name: '待停止或追回的拨付',
        expression:
          '=(for p in [{tranche: "t1-agreement", amount: award.t1, paid: t1Paid = true}, ' +
          '{tranche: "t2-mid-term", amount: award.t2, paid: t2Paid = true}, ' +
          '{tranche: "t3-final", amount: award.t3, paid: t3Paid = true}] ' +
          'return if p.paid then (if clawback = true then {tranche: p.tranche, amount: p.amount, status: "clawback"} else null) ' +
          'else {tranche: p.tranche, amount: p.amount, status: "stopped"})[item != null]',
        result: 'settlement',
      }),
      serviceTask('settleTranches', {
        name: '停止拨付、追回',
        type: 'pay',
        inputs: [
          ['=entry.tranche', 'tranche'],
          ['=entry.amount', 'amount'],
          ['=entry.status', 'status'],
          ['=if revocationReason != null then "revoked: " + revocationReason else "revoked"', 'reason'],
        ],
        mi: { collection: '=settlement', element: 'entry', sequential: true },
      }),
      notifyTask('notifyRevoked', {
        name: '通知申请人',
        template: 'j11b-revoked',
        to: 'applicant',
        inputs: [
          ['=applicantId', 'applicantId'],
          ['=revocationReason', 'reason'],
        ],
      }),
      endEvent('revokedEnd', { name: '已取消资格', outcome: 'revoked' }),
      flow('r1', 'revoked', 'recordRevoked'),
      flow('r2', 'recordRevoked', 'agreementInForce'),
      flow('r_signed', 'agreementInForce', 'settlementPlan', '=agreementSigned = true', '已签约'),
      flow('r_none', 'agreementInForce', 'notifyRevoked', undefined, '尚未签约'),
      flow('r3', 'settlementPlan', 'settleTranches'),
      flow('r4', 'settleTranches', 'notifyRevoked'),
      flow('r5', 'notifyRevoked', 'revokedEnd'),
    ],
  });

  return [
    startEvent('start', { name: '网上申报', form: 'j11b-declaration' }),
    ...reviewStep('districtFormalReview', {
      writes: 'reason',
      name: '区县形式要件审查',
      groups: 'district-reviewer',
      decisions: 'pass,reject',
      stage: 'District formal review',
      negative: 'reject',
      gateway: { id: 'formalOk', name: '形式审查是否通过？', default: 'f_formalOk' },
    }),
    ...reviewStep('districtOnSiteCheck', {
      writes: 'reason',
      name: '区县现场查验并同意推荐',
      groups: 'district-reviewer',
      decisions: 'pass,reject',
      stage: 'District on-site check',
      negative: 'reject',
      gateway: { id: 'onSiteOk', name: '现场查验是否通过？', default: 'f_onSiteOk' },
    }),
    ...reviewStep('cityEligibility', {
      writes: 'reason',
      name: '市级资格审查',
      groups: 'city-reviewer',
      decisions: 'pass,reject',
      stage: 'City eligibility review',
      negative: 'reject',
      gateway: { id: 'eligible', name: '是否符合条件？', default: 'f_eligible' },
    }),
    expertBallot('onlineReview', {
      name: '网络评审（市外专家）',
      form: 'j11b-expert-score',
      seats: 5,
      quorum: 3,
      votes: 'onlineScores',
      vote: '=score',
    }),
    scriptTask('aggregateOnlineScores', {
      name: '汇总评分',
      expression: '=mean(onlineScores[item != null])',
      result: 'onlineScore',
    }),
    exclusive('onlinePassed', { name: '平均分 ≥ 60？', default: 'f_onlineLow' }),
    scriptTask('onlineReviewFailed', {
      name: '理由：评分不足',
      expression: '="Online review: mean score " + string(onlineScore) + " is below 60"',
      result: 'rejectionReason',
    }),
    parallel('siteFork', { name: '实地考察与尽职调查并行' }),
    userTask('onSiteInspection', {
      form: 'j11b-inspection',
      name: '实地考察',
      groups: 'expert',
      excludeAffiliation: '=employerId',
      decisions: 'pass,fail',
      outputs: [
        ['=decision', 'onSiteResult'],
        [
          '=if decision = "fail" then "On-site inspection: " + (if reason != null then reason else "no reason given") else rejectionReason',
          'rejectionReason',
        ],
      ],
    }),
    userTask('dueDiligence', {
      form: 'j11b-due-diligence',
      name: '第三方尽职调查',
      groups: 'city-reviewer',
      decisions: 'clear,concerns',
      outputs: [
        ['=decision', 'dueDiligenceResult'],
        [
          '=if decision = "concerns" then "Due diligence: " + (if reason != null then reason else "no reason given") else dueDiligenceReason',
          'dueDiligenceReason',
        ],
      ],
    }),
    parallel('siteJoin'),
    exclusive('siteOk', { name: '考察通过且尽调无异常？', default: 'f_siteBad' }),
    scriptTask('siteFailed', {
      name: '理由：考察或尽调未通过',
      expression: '=if onSiteResult = "fail" then rejectionReason else dueDiligenceReason',
      result: 'rejectionReason',
    }),
    ...reviewStep('meetingReview', {
      form: 'j11b-meeting-review',
      name: '会议评审',
      groups: 'expert',
      excludeAffiliation: '=employerId',
      decisions: 'pass,fail',
      stage: 'Meeting review',
      negative: 'fail',
      gateway: { id: 'meetingOk', name: '会议评审是否通过？', default: 'f_meetingOk' },
    }),
    userTask('comprehensiveArgumentation', {
      name: '综合论证与评级',
      groups: 'org-department',
      decisions: 'propose,reject',
      form: 'j11b-grade',
      outputs: [...verdict('Comprehensive argumentation', 'reject'), ['=grade', 'grade']],
    }),
    exclusive('argued', { name: '是否建议支持并评定等级？', default: 'f_noGrade' }),
    scriptTask('computeAward', {
      name: '按等级核定金额与分期',
      expression: `={total: get value(get value(${J11B_AWARDS}, track), grade) * 1000000, t1: floor(total * 4 / 10), t2: floor(total * 3 / 10), t3: total - t1 - t2}`,
      result: 'award',
    }),
    catchEvent('waitPublicityList', { name: '公示名单发布', message: 'Msg_publish' }),
    publicity,
    exclusive('objectionOutcome', { name: '异议是否成立？', default: 'f_noObjection' }),
    scriptTask('objectionReason', {
      name: '理由：异议成立',
      expression: '="Objection upheld during publicity: " + objectionFinding',
      result: 'rejectionReason',
    }),
    ...reviewStep('workingGroupDecision', {
      writes: 'reason',
      name: '研究审定（名单）',
      groups: 'org-department',
      decisions: 'approve,reject',
      stage: 'Working-group decision',
      negative: 'reject',
      gateway: { id: 'approved', name: '是否批准？', default: 'f_approved' },
    }),
    record('recordPublished', {
      name: '发文公布',
      event: 'published',
      inputs: [['={track: track, grade: grade, amountFen: award.total}', 'data']],
    }),
    parallel('agreementFork', { name: '多方协议' }),
    userTask('talentSigns', {
      name: '人才签署协议',
      groups: 'applicant',
      assignee: '=applicantId',
      form: 'j11b-agreement',
    }),
    userTask('employerSigns', {
      name: '引进单位（园区）签署协议',
      groups: 'employer',
      form: 'j11b-agreement',
    }),
    userTask('officeSigns', {
      name: '工作专班办公室签署协议',
      groups: 'org-department',
      form: 'j11b-agreement',
    }),
    parallel('agreementJoin'),
    record('recordAgreement', {
      name: '协议已签署',
      event: 'agreement-signed',
      inputs: [['={amountFen: award.total, tranches: [award.t1, award.t2, award.t3]}', 'data']],
      outputs: [['=true', 'agreementSigned']],
    }),
    management,
    boundaryEvent('supportStoppedCaught', {
      name: '停止支持',
      host: 'managementPeriod',
      error: 'Err_supportStopped',
    }),
    record('recordSupportStopped', {
      name: '记录：停止支持',
      event: 'support-stopped',
      inputs: [['={reason: "mid-term re-evaluation failed"}', 'data']],
      outputs: [['="support-stopped"', 'outcome']],
    }),
    notifyTask('notifySupportStopped', {
      name: '通知申请人',
      template: 'j11b-support-stopped',
      to: 'applicant',
      inputs: [['=applicantId', 'applicantId']],
    }),
    endEvent('endSupportStopped', { name: '停止支持', outcome: 'stopped' }),
    exclusive('periodOutcome', { name: '期满评估是否通过？', default: 'f_finalFailed' }),
    record('recordCompleted', {
      name: '记录：支持期满',
      event: 'support-completed',
      outputs: [['="support-completed"', 'outcome']],
    }),
    endEvent('endCompleted', { name: '支持期满', outcome: 'approved' }),
    record('recordFinalFailed', {
      name: '记录：期满评估未通过',
      event: 'final-evaluation-failed',
      outputs: [['="final-failed"', 'outcome']],
    }),
    endEvent('endFinalFailed', { name: '停止拨付尾款', outcome: 'stopped' }),
    ...rejected('j11b-rejected', '不予通过'),
    revocation,
    flow('f1', 'start', 'districtFormalReview'),
    flow('f2', 'districtFormalReview', 'formalOk'),
    flow('f_formalOk', 'formalOk', 'districtOnSiteCheck', undefined, '通过'),
    flow('f_formalNo', 'formalOk', 'notifyRejected', '=decision = "reject"', '不通过'),
    flow('f3', 'districtOnSiteCheck', 'onSiteOk'),
    flow('f_onSiteOk', 'onSiteOk', 'cityEligibility', undefined, '通过'),
    flow('f_onSiteNo', 'onSiteOk', 'notifyRejected', '=decision = "reject"', '不通过'),
    flow('f4', 'cityEligibility', 'eligible'),
    flow('f_eligible', 'eligible', 'onlineReview', undefined, '通过'),
    flow('f_notEligible', 'eligible', 'notifyRejected', '=decision = "reject"', '不通过'),
    flow('f5', 'onlineReview', 'aggregateOnlineScores'),
    flow('f6', 'aggregateOnlineScores', 'onlinePassed'),
    flow('f_onlineOk', 'onlinePassed', 'siteFork', '=onlineScore >= 60', '≥ 60 分'),
    flow('f_onlineLow', 'onlinePassed', 'onlineReviewFailed', undefined, '低于 60 分'),
    flow('f7', 'onlineReviewFailed', 'notifyRejected'),
    flow('f8', 'siteFork', 'onSiteInspection'),
    flow('f9', 'siteFork', 'dueDiligence'),
    flow('f10', 'onSiteInspection', 'siteJoin'),
    flow('f11', 'dueDiligence', 'siteJoin'),
    flow('f12', 'siteJoin', 'siteOk'),
    flow(
      'f_siteOk',
      'siteOk',
      'meetingReview',
      '=onSiteResult = "pass" and dueDiligenceResult = "clear"',
      '均通过',
    ),
    flow('f_siteBad', 'siteOk', 'siteFailed', undefined, '其他'),
    flow('f13', 'siteFailed', 'notifyRejected'),
    flow('f14', 'meetingReview', 'meetingOk'),
    flow('f_meetingOk', 'meetingOk', 'comprehensiveArgumentation', undefined, '通过'),
    flow('f_meetingNo', 'meetingOk', 'notifyRejected', '=decision = "fail"', '不通过'),
    flow('f15', 'comprehensiveArgumentation', 'argued'),
    flow('f_argueNo', 'argued', 'notifyRejected', '=decision = "reject"', '不通过'),
    flow(
      'f_argueOk',
      'argued',
      'computeAward',
      `=decision = "propose" and list contains(["A", "B", "C"], grade) and get value(${J11B_AWARDS}, track) != null`,
      '评定 A/B/C 档',
    ),
    flow('f_noGrade', 'argued', 'comprehensiveArgumentation', undefined, '未评定等级'),
    flow('f16', 'computeAward', 'waitPublicityList'),
    flow('f17', 'waitPublicityList', 'publicity'),
    flow('f18', 'publicity', 'objectionOutcome'),
    flow('f_noObjection', 'objectionOutcome', 'workingGroupDecision', undefined, '异议不成立'),
    flow('f_upheld', 'objectionOutcome', 'objectionReason', '=objectionUpheld = true', '成立'),
    flow('f19', 'objectionReason', 'notifyRejected'),
    flow('f20', 'workingGroupDecision', 'approved'),
    flow('f_approved', 'approved', 'recordPublished', undefined, '批准'),
    flow('f_notApproved', 'approved', 'notifyRejected', '=decision = "reject"', '不通过'),
    flow('f21', 'recordPublished', 'agreementFork'),
    flow('f22', 'agreementFork', 'talentSigns'),
    flow('f23', 'agreementFork', 'employerSigns'),
    flow('f24', 'agreementFork', 'officeSigns'),
    flow('f25', 'talentSigns', 'agreementJoin'),
    flow('f26', 'employerSigns', 'agreementJoin'),
    flow('f27', 'officeSigns', 'agreementJoin'),
    flow('f28', 'agreementJoin', 'recordAgreement'),
    flow('f29', 'recordAgreement', 'managementPeriod'),
    flow('f30', 'managementPeriod', 'periodOutcome'),
    flow('f_finalOk', 'periodOutcome', 'recordCompleted', '=finalResult = "pass"', '通过'),
    flow('f_finalFailed', 'periodOutcome', 'recordFinalFailed', undefined, '不通过'),
    flow('f31', 'recordCompleted', 'endCompleted'),
    flow('f32', 'recordFinalFailed', 'endFinalFailed'),
    flow('f33', 'supportStoppedCaught', 'recordSupportStopped'),
    flow('f34', 'recordSupportStopped', 'notifySupportStopped'),
    flow('f35', 'notifySupportStopped', 'endSupportStopped'),
    flow('f36', 'notifyRejected', 'recordRejected'),
    flow('f37', 'recordRejected', 'endRejected'),
  ];
}

const Q01_DOC = `
Q01 青海省"人才+项目"支持服务办法（试行） 第六条 — Qinghai "Talent + Project" key support, graded A/B/C with yearly quotas.
Source: 青人才字〔2020〕11号《青海省“人才+项目”支持服务办法（试行）》第六条 (L33);
owner 省人才办 (《青海省“人才+项目”服务名录》 item 1, L92). What the seed says (004:L33): expert review (技术水平, 科研能力, 创新潜力, 发展前景); about 30
selected a year, A 5 / B 10 / C 15; awards A 150万, B 100万, C 40万; 宁缺毋滥 (places may stay empty); the employer and the talent sign
a cooperation agreement; yearly assessment of performance filed with the industry authority (报行业主管部门备案); fail → no further
support; excellent → focused cultivation and continued support.
Case variables at creation: applicantId, employerId (affiliation, for conflict of interest), selectionYear (the call's year; the
year of the case's start when absent).
Decisions where the seed is silent (catalogue §5: channel, preliminary review, publicity, approval body, tranches, timing):
- Roles: city-reviewer = 省人才办 intake (formal check); expert = the review panel; org-department = 省人才办 decision (approval,
  full-grade decisions); employer = the employer that signs the cooperation agreement and performs the yearly assessment.
- Expert grading: 5 seats, each expert fills at most one (rf:distinctFrom), experts affiliated with the employer are refused
  (rf:excludeAffiliation), closes at 3 scores. Mean score (0-100) → grade: >= 90 A, >= 80 B, >= 70 C, below 70 not selected,
  decided by the DMN table q01-grading (processes/decisions/q01-grading.dmn, a business rule task) that 省人才办 may edit.
- The grade is approved by org-department (省人才办); it may confirm or send a different grade (variable grade).
- QUOTAS ACROSS CASES: after approval the built-in service task quota (our extension of contract §1) reserves one place of
  quota "q01" for (period = selectionYear, grade) with limit 5/10/15. Reservations live in PostgreSQL (quota_reservations),
  serialised per (quota, period, grade) with an advisory transaction lock and backed by unique keys (quota, period, case) and
  (quota, period, grade, slot): retries and replays return the place already held and never take a second one. Places go in the
  order the office approves cases. A full grade throws the BPMN error QUOTA_EXHAUSTED, caught here: the office either offers the
  next lower grade (A → B → C; reserved again) or declines (宁缺毋滥), which rejects the case with the reason and notifies the
  applicant. Places are not given back when a case later ends: a year's selection is final.
- The award is paid in one tranche ("award", amount in fen) once the cooperation agreement is signed; the amount in 万元 per
  approved grade comes from the DMN table q01-award (same file). A BPMN deploy binds the tables' latest versions.
- No publicity or objection stage: the seed names none (unlike the Jinan programmes).
- Yearly assessment: the agreement runs 3 years (the 昆仑英才 honour ladder counts service periods of >= 3 years, 004:L79); an
  assessment opens every 12 months. Decisions excellent | pass | fail; each result is recorded (assessment-filed). fail ends the
  support (outcome support-ended); excellent sets continuedSupport = true and records continued-support-flagged.
- Outcome variable: outcome = rejected | support-ended | completed.
`;

function q01(): El[] {
  return [
    startEvent('start', { name: '网上申报', form: 'q01-declaration' }),
    scriptTask('fixSelectionYear', {
      name: '确定申报年度',
      expression: '=if selectionYear != null then selectionYear else now().year',
      result: 'selectionYear',
    }),
    ...reviewStep('formalCheck', {
      writes: 'reason',
      name: '省人才办受理',
      groups: 'city-reviewer',
      decisions: 'pass,reject',
      stage: 'Formal check',
      negative: 'reject',
      gateway: { id: 'formalOk', name: '是否受理？', default: 'f_formalOk' },
    }),
    expertBallot('expertGrading', {
      name: '专家评审',
      form: 'q01-expert-score',
      seats: 5,
      quorum: 3,
      votes: 'expertScores',
      vote: '=score',
    }),
    businessRuleTask('gradeByScore', {
      name: '平均分定档（规则表）',
      decisionId: 'q01-grading',
      result: 'scoreGrade',
    }),
    exclusive('graded', { name: '是否定档？', default: 'f_graded' }),
    scriptTask('belowGrades', {
      name: '理由：低于 C 档',
      expression:
        '="Expert review: mean score " + string(mean(expertScores[item != null])) + " is below grade C (70)"',
      result: 'rejectionReason',
    }),
    userTask('talentOfficeApproval', {
      form: 'q01-approval',
      name: '省人才办审定等级',
      groups: 'org-department',
      decisions: 'approve,reject',
      outputs: [
        ...verdict('Talent office', 'reject'),
        ['=if list contains(["A", "B", "C"], grade) then grade else scoreGrade', 'grade'],
      ],
    }),
    exclusive('approvedGrade', { name: '是否批准？', default: 'f_approved' }),
    serviceTask('reserveQuota', {
      name: '占用年度名额',
      type: 'quota',
      inputs: [
        ['="q01"', 'quota'],
        ['=string(selectionYear)', 'period'],
        ['=grade', 'grade'],
        ['=get value({A: 5, B: 10, C: 15}, grade)', 'limit'],
      ],
      outputs: [['=quotaSlot', 'quotaSlot']],
    }),
    boundaryEvent('quotaExhausted', { name: '该档已满', host: 'reserveQuota', error: 'Err_quotaExhausted' }),
    userTask('gradeFull', {
      name: '名额已满：降档或放弃',
      groups: 'org-department',
      decisions: 'downgrade,decline',
      outputs: [['=decision', 'decision']],
    }),
    exclusive('lowerGrade', { name: '能否降档？', default: 'f_decline' }),
    scriptTask('downgrade', {
      name: '降一档',
      expression: '=if grade = "A" then "B" else "C"',
      result: 'grade',
    }),
    scriptTask('quotaDeclined', {
      name: '理由：名额已满',
      expression: '="Quota for grade " + grade + " in " + string(selectionYear) + " is full (宁缺毋滥)"',
      result: 'rejectionReason',
    }),
    record('recordSelected', {
      name: '记录：入选',
      event: 'selected',
      inputs: [['={year: selectionYear, grade: grade, slot: quotaSlot}', 'data']],
    }),
    userTask('cooperationAgreement', {
      name: '单位与人才签署合作协议',
      groups: 'employer',
    }),
    businessRuleTask('awardByGrade', {
      name: '核定奖励金额（规则表）',
      decisionId: 'q01-award',
      result: 'awardWan',
    }),
    serviceTask('payAward', {
      name: '拨付奖励',
      type: 'pay',
      inputs: [
        ['="award"', 'tranche'],
        ['=awardWan * 1000000', 'amount'],
      ],
    }),
    scriptTask('assessmentsStart', { name: '尚未考核', expression: '=0', result: 'assessmentsDone' }),
    catchEvent('assessmentDue', { name: '每 12 个月', timer: { duration: 'P1Y' } }),
    userTask('annualAssessment', {
      name: '年度考核',
      groups: 'employer',
      decisions: 'excellent,pass,fail',
      outputs: [['=decision', 'assessment']],
    }),
    record('fileAssessment', {
      name: '报行业主管部门备案',
      event: 'assessment-filed',
      inputs: [['={year: assessmentsDone + 1, result: assessment}', 'data']],
      outputs: [['=assessmentsDone + 1', 'assessmentsDone']],
    }),
    exclusive('assessed', { name: '考核结果？', default: 'f_passed' }),
    record('flagContinuedSupport', {
      name: '标记后续扶持',
      event: 'continued-support-flagged',
      inputs: [['={year: assessmentsDone}', 'data']],
      outputs: [['=true', 'continuedSupport']],
    }),
    exclusive('moreYears', { name: '协议期是否未满？', default: 'f_done' }),
    record('recordCompleted', {
      name: '记录：协议期满',
      event: 'support-completed',
      outputs: [['="completed"', 'outcome']],
    }),
    endEvent('endCompleted', { name: '已完成', outcome: 'approved' }),
    record('recordSupportEnded', {
      name: '记录：终止支持',
      event: 'support-ended',
      inputs: [['={year: assessmentsDone}', 'data']],
      outputs: [['="support-ended"', 'outcome']],
    }),
    notifyTask('notifySupportEnded', {
      name: '通知申请人',
      template: 'q01-support-ended',
      to: 'applicant',
      inputs: [['=applicantId', 'applicantId']],
    }),
    endEvent('endSupportEnded', { name: '终止支持', outcome: 'stopped' }),
    ...rejected('q01-rejected', '未入选'),
    flow('f1', 'start', 'fixSelectionYear'),
    flow('f2', 'fixSelectionYear', 'formalCheck'),
    flow('f3', 'formalCheck', 'formalOk'),
    flow('f_formalOk', 'formalOk', 'expertGrading', undefined, '通过'),
    flow('f_formalNo', 'formalOk', 'notifyRejected', '=decision = "reject"', '不通过'),
    flow('f4', 'expertGrading', 'gradeByScore'),
    flow('f5', 'gradeByScore', 'graded'),
    flow('f_graded', 'graded', 'talentOfficeApproval', undefined, 'A/B/C 档'),
    flow('f_ungraded', 'graded', 'belowGrades', '=scoreGrade = null', '低于 C 档'),
    flow('f6', 'belowGrades', 'notifyRejected'),
    flow('f7', 'talentOfficeApproval', 'approvedGrade'),
    flow('f_approved', 'approvedGrade', 'reserveQuota', undefined, '批准'),
    flow('f_rejected', 'approvedGrade', 'notifyRejected', '=decision = "reject"', '不通过'),
    flow('f8', 'reserveQuota', 'recordSelected'),
    flow('f9', 'quotaExhausted', 'gradeFull'),
    flow('f10', 'gradeFull', 'lowerGrade'),
    flow('f_lower', 'lowerGrade', 'downgrade', '=decision = "downgrade" and grade != "C"', '降档'),
    flow('f_decline', 'lowerGrade', 'quotaDeclined', undefined, '放弃'),
    flow('f11', 'downgrade', 'reserveQuota'),
    flow('f12', 'quotaDeclined', 'notifyRejected'),
    flow('f13', 'recordSelected', 'cooperationAgreement'),
    flow('f14', 'cooperationAgreement', 'awardByGrade'),
    flow('f14b', 'awardByGrade', 'payAward'),
    flow('f15', 'payAward', 'assessmentsStart'),
    flow('f16', 'assessmentsStart', 'assessmentDue'),
    flow('f17', 'assessmentDue', 'annualAssessment'),
    flow('f18', 'annualAssessment', 'fileAssessment'),
    flow('f19', 'fileAssessment', 'assessed'),
    flow('f_passed', 'assessed', 'moreYears', undefined, '通过'),
    flow('f_excellent', 'assessed', 'flagContinuedSupport', '=assessment = "excellent"', '优秀'),
    flow('f_failed', 'assessed', 'recordSupportEnded', '=assessment = "fail"', '不通过'),
    flow('f20', 'flagContinuedSupport', 'moreYears'),
    flow('f_again', 'moreYears', 'assessmentDue', '=assessmentsDone < 3', '下一年'),
    flow('f_done', 'moreYears', 'recordCompleted', undefined, '3 年后'),
    flow('f21', 'recordCompleted', 'endCompleted'),
    flow('f22', 'recordSupportEnded', 'notifySupportEnded'),
    flow('f23', 'notifySupportEnded', 'endSupportEnded'),
    flow('f24', 'notifyRejected', 'recordRejected'),
    flow('f25', 'recordRejected', 'endRejected'),
  ];
}

export async function renderProgrammes(): Promise<Record<string, string>> {
  return {
    'j11b-industry-leader-introduced.bpmn': await renderProcess({
      id: 'j11b-industry-leader-introduced',
      name: 'J11b 产业领军人才支持工程（引进人才类）',
      documentation: J11B_DOC,
      startableBy: 'applicant,employer',
      forms: programmeForms([
        'j11b-declaration',
        'j11b-expert-score',
        'j11b-inspection',
        'j11b-due-diligence',
        'j11b-meeting-review',
        'j11b-grade',
        'j11b-agreement',
      ]),
      roots: [
        message('Msg_publish', 'j11b-publish-list', { senders: 'org-department,city-reviewer' }),
        objectionMessage(),
        // a revocation is never sent without its reason (the applicant is told it; the history keeps it)
        message('Msg_revoke', 'j11b-revoke', { senders: 'org-department', requires: 'revocationReason' }),
        error('Err_supportStopped', '停止支持', 'SUPPORT_STOPPED'),
      ],
      elements: j11b(),
      layout: 'auto',
    }),
    'q01-qinghai-talent-project.bpmn': await renderProcess({
      id: 'q01-qinghai-talent-project',
      name: 'Q01 青海省"人才+项目"',
      documentation: Q01_DOC,
      startableBy: 'applicant,employer',
      forms: programmeForms(['q01-declaration', 'q01-expert-score', 'q01-approval']),
      roots: [error('Err_quotaExhausted', '名额已满', 'QUOTA_EXHAUSTED')],
      elements: q01(),
      layout: 'auto',
    }),
  };
}
