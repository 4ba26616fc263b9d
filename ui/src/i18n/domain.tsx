// Labels for the workflow's own vocabulary (case status, decisions, history events, payments), shared by pages.
import { Badge, type Tone } from '../components/badge';
import type { CaseStatus, PaymentStatus } from '../api/types';
import { formatMoney } from './format';
import { defineMessages, useLang, useMessages } from './i18n';

export const DOMAIN = defineMessages({
  zh: {
    active: '办理中',
    completed: '已办结',
    terminated: '已终止',
    failed: '异常',
    paid: '已拨付',
    stopped: '停止拨付',
    clawback: '追回',
    approved: '已通过',
    rejected: '已驳回',
    withdrawn: '已撤回',
    outcomeOther: (o: string) => `已办结（${o}）`,
  },
  en: {
    active: 'In progress',
    completed: 'Completed',
    terminated: 'Terminated',
    failed: 'Incident',
    paid: 'Paid',
    stopped: 'Stopped',
    clawback: 'Clawed back',
    approved: 'Approved',
    rejected: 'Rejected',
    withdrawn: 'Withdrawn',
    outcomeOther: (o: string) => `Completed (${o})`,
  },
});

export const ROLE_LABELS = defineMessages({
  zh: {
    applicant: '申报人',
    employer: '用人单位',
    'district-reviewer': '区县审核员',
    'city-reviewer': '市级审核员',
    expert: '评审专家',
    'org-department': '组织部',
    finance: '财务',
    admin: '系统管理员',
  },
  en: {
    applicant: 'Applicant',
    employer: 'Employer',
    'district-reviewer': 'District reviewer',
    'city-reviewer': 'City reviewer',
    expert: 'Expert',
    'org-department': 'Organization dept.',
    finance: 'Finance',
    admin: 'Administrator',
  },
});

// District codes of Jinan used by the demo data; other codes are shown as written.
const DISTRICTS = defineMessages({
  zh: {
    lixia: '历下区',
    shizhong: '市中区',
    huaiyin: '槐荫区',
    tianqiao: '天桥区',
    licheng: '历城区',
    changqing: '长清区',
    zhangqiu: '章丘区',
    jiyang: '济阳区',
    laiwu: '莱芜区',
    gangcheng: '钢城区',
    pingyin: '平阴县',
    shanghe: '商河县',
  },
  en: {
    lixia: 'Lixia',
    shizhong: 'Shizhong',
    huaiyin: 'Huaiyin',
    tianqiao: 'Tianqiao',
    licheng: 'Licheng',
    changqing: 'Changqing',
    zhangqiu: 'Zhangqiu',
    jiyang: 'Jiyang',
    laiwu: 'Laiwu',
    gangcheng: 'Gangcheng',
    pingyin: 'Pingyin',
    shanghe: 'Shanghe',
  },
});

export function useDistrictLabel(): (code: string) => string {
  const table: Record<string, string> = useMessages(DISTRICTS);
  return (c) => table[c] ?? c;
}

// Decision values seen in the shipped procedures; anything else is shown as written in the BPMN.
const DECISIONS = defineMessages({
  zh: {
    pass: '通过',
    reject: '不通过',
    return: '退回修改',
    submit: '提交',
    approve: '批准',
    upheld: '异议成立',
    unfounded: '异议不成立',
    recognise: '予以认定',
    recognize: '予以认定',
    employed: '仍在职',
    left: '已离职',
    agree: '同意',
    disagree: '不同意',
    confirm: '确认',
    fail: '不通过',
    excellent: '优秀',
    clear: '未发现问题',
    concerns: '发现问题',
    propose: '建议支持',
    downgrade: '降一等级',
    decline: '不予入选',
  },
  en: {
    pass: 'Pass',
    reject: 'Reject',
    return: 'Return for correction',
    submit: 'Submit',
    approve: 'Approve',
    upheld: 'Objection upheld',
    unfounded: 'Objection unfounded',
    recognise: 'Recognise',
    recognize: 'Recognise',
    employed: 'Still employed',
    left: 'Has left',
    agree: 'Agree',
    disagree: 'Disagree',
    confirm: 'Confirm',
    fail: 'Fail',
    excellent: 'Excellent',
    clear: 'Clear',
    concerns: 'Concerns',
    propose: 'Propose support',
    downgrade: 'Offer a lower grade',
    decline: 'Decline',
  },
});

// Case variables common to the shipped procedures; any other variable is shown by its own name.
const VARIABLES = defineMessages({
  zh: {
    businessKey: '案件编号',
    district: '所属区县',
    applicantId: '申请人账号',
    applicantName: '申请人',
    employerId: '用人单位',
    employerName: '用人单位名称',
    category: '人才类别',
    talentCategory: '人才类别',
    grade: '评定等级',
    level: '人才层次',
    title: '项目名称',
    decision: '审核结论',
    score: '评分',
    scores: '专家评分',
    finalScore: '最终得分',
    amount: '金额',
    tranche: '拨付批次',
    reason: '理由',
    rejectionReason: '不通过理由',
    outcome: '结果',
    track: '申报类别',
    onlineScore: '网络评审平均分',
    onlineScores: '网络评审各席评分',
    onSiteResult: '实地考察结论',
    dueDiligenceResult: '尽职调查结论',
    dueDiligenceReason: '尽职调查发现的问题',
    objectionUpheld: '异议是否成立',
    objectionFinding: '异议核实情况',
    award: '资助金额',
    agreementSigned: '已签订协议',
    t1Paid: '第一笔已拨付',
    t2Paid: '第二笔已拨付',
    t3Paid: '第三笔已拨付',
    midTermResult: '中期评估结论',
    reEvaluationResult: '整改后评估结论',
    finalResult: '期满评估结论',
    rectificationMonths: '整改期限（月）',
    achievements: '主要业绩',
    projectTitle: '项目名称',
    projectSummary: '项目简介',
    selectionYear: '申报年度',
    scoreGrade: '按评分定档',
    awardWan: '奖励金额（万元）',
    scoreComment: '评审意见',
    signatureConfirmed: '已确认签署协议',
    checkFinding: '核查情况',
    degree: '学历',
    purchasePriceFen: '购房总价',
    rentalSubsidyReceivedFen: '已领租房补贴',
    dataChecks: '数据比对结果',
    marriage: '婚姻状况',
    socialInsurance: '社保缴纳',
    netSigning: '网签备案',
  },
  en: {
    businessKey: 'Case number',
    district: 'District',
    applicantId: 'Applicant ID',
    applicantName: 'Applicant',
    employerId: 'Employer',
    employerName: 'Employer name',
    category: 'Talent category',
    talentCategory: 'Talent category',
    grade: 'Grade',
    level: 'Talent level',
    title: 'Project title',
    decision: 'Decision',
    score: 'Score',
    scores: 'Expert scores',
    finalScore: 'Final score',
    amount: 'Amount',
    tranche: 'Tranche',
    reason: 'Reason',
    rejectionReason: 'Reason for rejection',
    outcome: 'Outcome',
    track: 'Track',
    onlineScore: 'Mean online score',
    onlineScores: 'Online review scores',
    onSiteResult: 'On-site inspection',
    dueDiligenceResult: 'Due diligence',
    dueDiligenceReason: 'Due diligence findings',
    objectionUpheld: 'Objection upheld',
    objectionFinding: 'Objection finding',
    award: 'Award',
    agreementSigned: 'Agreement signed',
    t1Paid: 'First tranche paid',
    t2Paid: 'Second tranche paid',
    t3Paid: 'Third tranche paid',
    midTermResult: 'Mid-term evaluation',
    reEvaluationResult: 'Re-evaluation',
    finalResult: 'Final evaluation',
    rectificationMonths: 'Rectification (months)',
    achievements: 'Achievements',
    projectTitle: 'Project title',
    projectSummary: 'Project summary',
    selectionYear: 'Selection year',
    scoreGrade: 'Grade by score',
    awardWan: 'Award (10,000 yuan)',
    scoreComment: 'Review comment',
    signatureConfirmed: 'Agreement signature confirmed',
    checkFinding: 'Check finding',
    degree: 'Degree',
    purchasePriceFen: 'Purchase price',
    rentalSubsidyReceivedFen: 'Rental subsidy received',
    dataChecks: 'Data comparison',
    marriage: 'Marital status',
    socialInsurance: 'Social insurance',
    netSigning: 'Contract registration',
  },
});

// Codes of the shipped programmes' case data (J11b's tracks), in words.
const CODES = defineMessages({
  zh: {
    'innovation-talent': '创新人才',
    'innovation-team': '创新团队',
    'startup-talent': '创业人才',
    'startup-team': '创业团队',
    talent: '高层次人才',
    graduate: '高校毕业生',
    phd: '博士研究生',
    master: '硕士研究生',
    bachelor: '本科',
    match: '一致',
    mismatch: '不一致',
    inconclusive: '无法比对',
  },
  en: {
    'innovation-talent': 'Innovation talent',
    'innovation-team': 'Innovation team',
    'startup-talent': 'Start-up talent',
    'startup-team': 'Start-up team',
    talent: 'High-level talent',
    graduate: 'Graduate',
    phd: 'PhD',
    master: "Master's",
    bachelor: "Bachelor's",
    match: 'matches',
    mismatch: 'does not match',
    inconclusive: 'inconclusive',
  },
});

// Payment tranches of the shipped programmes.
const TRANCHES = defineMessages({
  zh: {
    't1-agreement': '第一笔（协议签订后）',
    't2-mid-term': '第二笔（中期评估通过后）',
    't3-final': '第三笔（期满评估通过后）',
    'one-off': '一次性补贴',
    'year-1': '第一年补贴',
    'year-2': '第二年补贴',
    'year-3': '第三年补贴',
    award: '资助资金',
  },
  en: {
    't1-agreement': 'First tranche (on the agreement)',
    't2-mid-term': 'Second tranche (after the mid-term)',
    't3-final': 'Third tranche (after the final evaluation)',
    'one-off': 'One-off subsidy',
    'year-1': 'First year',
    'year-2': 'Second year',
    'year-3': 'Third year',
    award: 'Award',
  },
});

const own = (table: Record<string, string>, key: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

/** A payment tranche's name in words; an unknown tranche is shown as written. */
export function useTrancheLabel(): (tranche: string) => string {
  const table: Record<string, string> = useMessages(TRANCHES);
  return (c) => own(table, c) ?? c;
}

/** A case variable's label in the current language, or its own name when it has none (`known` says which). */
export function useVariableLabel(): (name: string) => { text: string; known: boolean } {
  const table: Record<string, string> = useMessages(VARIABLES);
  return (name) => {
    const text = own(table, name);
    return text === undefined ? { text: name, known: false } : { text, known: true };
  };
}

/**
 * A variable's value in words where the domain has labels for it (decisions, district codes); undefined otherwise,
 * so the caller shows the value as it is.
 */
export function useVariableValue(): (name: string, value: unknown) => string | undefined {
  const decision = useDecisionLabel();
  const district = useDistrictLabel();
  const codes: Record<string, string> = useMessages(CODES);
  const { lang } = useLang();
  return (name, value) => {
    // J11b's award: the total and its tranches, in yuan.
    if (
      name === 'award' &&
      value &&
      typeof value === 'object' &&
      typeof (value as { total?: unknown }).total === 'number'
    )
      return formatMoney((value as { total: number }).total, lang);
    // Multi-instance scores: the seats that scored (withdrawn seats are null).
    if (
      Array.isArray(value) &&
      value.every((x) => x === null || typeof x === 'number') &&
      value.some((x) => x !== null)
    )
      return value.filter((x) => x !== null).join('、');
    if (typeof value === 'number' && !Number.isInteger(value)) return String(Math.round(value * 100) / 100);
    if (typeof value !== 'string') return undefined;
    if (name === 'decision' || name.endsWith('Decision') || name.endsWith('Result')) return decision(value);
    if (name === 'district') return district(value);
    // the programmes' own codes (tracks, degrees, comparison results) wherever they appear
    return own(codes, value);
    return undefined;
  };
}

/** Decisions that say no: shown in red, and used as the "reject" choice on the lists page. */
export const NEGATIVE_DECISIONS = new Set([
  'reject',
  'return',
  'upheld',
  'disagree',
  'left',
  'fail',
  'concerns',
  'decline',
]);

export function useDecisionLabel(): (value: string) => string {
  const t = useMessages(DECISIONS);
  const table: Record<string, string> = t;
  return (v) => (Object.prototype.hasOwnProperty.call(table, v) ? (table[v] as string) : v);
}

const STATUS_TONE: Record<CaseStatus, Tone> = {
  active: 'info',
  completed: 'success',
  terminated: 'neutral',
  failed: 'danger',
};

const OUTCOME_TONE: Record<string, Tone> = { approved: 'success', rejected: 'danger', withdrawn: 'neutral' };

/**
 * The case's state in one badge. A finished case shows its outcome (rf:outcome): 已通过 green, 已驳回 red, 已撤回 grey;
 * only an approved case is ever green, so a completed case without an outcome is neutral.
 */
export function CaseStatusBadge({ status, outcome }: { status: CaseStatus; outcome?: string | null }) {
  const t = useMessages(DOMAIN);
  if (outcome && status !== 'active') {
    const known = outcome === 'approved' || outcome === 'rejected' || outcome === 'withdrawn';
    return (
      <Badge tone={OUTCOME_TONE[outcome] ?? 'neutral'} data-outcome={outcome}>
        {known ? t[outcome] : t.outcomeOther(outcome)}
      </Badge>
    );
  }
  const tone = status === 'completed' ? 'neutral' : (STATUS_TONE[status] ?? 'neutral');
  return <Badge tone={tone}>{t[status] ?? status}</Badge>;
}

const PAY_TONE: Record<PaymentStatus, Tone> = { paid: 'success', stopped: 'warning', clawback: 'danger' };

export function PaymentStatusBadge({ status }: { status: PaymentStatus }) {
  const t = useMessages(DOMAIN);
  return <Badge tone={PAY_TONE[status] ?? 'neutral'}>{t[status] ?? status}</Badge>;
}
