// One case: the live diagram (active elements, path taken), variables, history with actors, objections, payments.
// Test hooks: data-testid="case-diagram", "case-status", "case-history", "objection-form", "case-payments".
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { type BpmnModel, literal, loadDefinition } from '../../api/bpmn-model';
import { api } from '../../api/client';
import { explainError } from '../../api/explain-error';
import type { CaseDetail, HistoryEvent, Objection, Page, Payment, Task, Workdays } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Link, type Params } from '../../app/router';
import { Badge } from '../../components/badge';
import { BpmnViewer } from '../../components/bpmn-viewer';
import { Button } from '../../components/button';
import { type Column, DataTable } from '../../components/data-table';
import { TextArea } from '../../components/field';
import {
  Alert,
  Card,
  EmptyState,
  ErrorBanner,
  Loading,
  PageHeader,
  useDocumentTitle,
} from '../../components/page';
import { useToast } from '../../components/toast';
import { ID_VARIABLES, isBatchComment } from '../../i18n/content';
import {
  CaseStatusBadge,
  PaymentStatusBadge,
  ROLE_LABELS,
  useDistrictLabel,
  useTrancheLabel,
} from '../../i18n/domain';
import { formatDateTime, formatMoney, shanghaiDate } from '../../i18n/format';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';
import { useCaseVocabulary } from '../../i18n/use-case-vocabulary';
import { WorkdayCountdown } from '../../i18n/workdays';
import { AttachmentsCard } from './case-attachments';
import { CaseJobsCard } from './case-jobs';
import { useOperationHistory } from './case-operations-history';
import { CaseOperationsPanel } from './case-operations-panel';
import { CompleteTaskDialog } from '../inbox/complete-task-dialog';
import { caseHighlights, lastActivation, workdayCount } from './case-path';
import { RevocationCard } from './case-revocation';
import { ObjectionFinding, objectionsWithFindings } from './objection-findings';
import { useSubmit } from '../../api/use-submit';

const m = defineMessages({
  zh: {
    back: '← 返回案件查询',
    procedure: '流程',
    version: (v: number) => `第 ${v} 版`,
    created: '立案时间',
    updated: '最近更新',
    district: '所属区县',
    diagram: '办理进度',
    diagramLabel: '流程图，当前环节以蓝色标出，已走过的路径以绿色标出',
    noDiagram: '该流程定义没有图形信息，无法显示流程图。',
    currentAtLabel: '当前环节：',
    none: '无',
    info: '案件信息',
    variables: '案件数据',
    noVariables: '暂无数据。',
    history: '办理记录',
    showAll: '显示全部系统事件',
    showMain: '只显示主要事件',
    myTasks: '我的待办',
    complete: '办理',
    objections: '异议',
    noObjections: '暂无异议。',
    objectionReason: '异议内容',
    objectionHint: '公示期内任何人均可提出异议，异议将转交核查。',
    fileObjection: '提交异议',
    objectionFiled: '异议已提交，已转交核查。',
    objectionClosed: '该案件当前不在公示期内，不能提出异议。',
    payments: '资金拨付',
    schedule: '拨付计划',
    ledger: '拨付台账',
    tranche: '批次',
    amount: '金额',
    status: '状态',
    reason: '原因',
    at: '时间',
    planned: '尚未发生',
    step: '拨付环节',
    totalPaid: (s: string) => `累计已拨付 ${s}`,
    noPayments: '暂无拨付记录。',
    provisional:
      '本案件的期限按暂定日历计算：所需年份的法定节假日安排尚未发布，暂按周末计算。节假日数据发布后将自动重新计算。',
    failed: '案件处理异常，需管理员处理：',
    incident: () => '此环节处理异常，需管理员处理',
    timerLeft: (name: string) => `${name}：`,
    by: (u: string) => `办理人 ${u}`,
    decision: (d: string) => `结论：${d}`,
    comment: (c: string) => `意见：${c}`,
    objectionBy: (u: string) => `提出人 ${u}`,
    notFound: '案件不存在或不在您的权限范围内。',
    batchMessage: '名单发布',
    batchDecision: '批量审批',
    unnamedStep: '未命名环节',
    otherEvent: '记录事项',
  },
  en: {
    back: '← Back to cases',
    procedure: 'Procedure',
    version: (v: number) => `version ${v}`,
    created: 'Opened',
    updated: 'Last updated',
    district: 'District',
    diagram: 'Progress',
    diagramLabel: 'Process diagram; current steps in blue, the path taken in green',
    noDiagram: 'This definition has no diagram information, so it cannot be drawn.',
    currentAtLabel: 'Current step:',
    none: 'None',
    info: 'Case',
    variables: 'Case data',
    noVariables: 'No data.',
    history: 'History',
    showAll: 'Show all system events',
    showMain: 'Show main events only',
    myTasks: 'My tasks on this case',
    complete: 'Complete',
    objections: 'Objections',
    noObjections: 'No objections.',
    objectionReason: 'Objection',
    objectionHint:
      'Anyone may object during the publicity period; the objection is passed on for verification.',
    fileObjection: 'File objection',
    objectionFiled: 'Objection filed and passed on for verification.',
    objectionClosed: 'This case is not in its publicity period, so objections are closed.',
    payments: 'Payments',
    schedule: 'Schedule',
    ledger: 'Ledger',
    tranche: 'Tranche',
    amount: 'Amount',
    status: 'Status',
    reason: 'Reason',
    at: 'When',
    planned: 'Not yet',
    step: 'Paying step',
    totalPaid: (s: string) => `Paid so far: ${s}`,
    noPayments: 'No payments yet.',
    provisional:
      'Deadlines of this case are provisional: the holiday calendar for a year it needs has not been published, so only weekends were counted. They are recomputed automatically once it is loaded.',
    failed: 'This case has an incident that needs an administrator:',
    incident: () => 'This step failed and needs an administrator',
    timerLeft: (name: string) => `${name}: `,
    by: (u: string) => `by ${u}`,
    decision: (d: string) => `decision: ${d}`,
    comment: (c: string) => `comment: ${c}`,
    objectionBy: (u: string) => `filed by ${u}`,
    notFound: 'The case does not exist or is outside what you may see.',
    batchMessage: 'list published',
    batchDecision: 'batch decision',
    unnamedStep: 'unnamed step',
    otherEvent: 'Recorded',
  },
});

const EVENTS = defineMessages({
  zh: {
    'case-started': '立案',
    'element-activated': '进入环节',
    'element-completed': '完成环节',
    'element-terminated': '环节终止',
    'task-completed': '办理完成',
    'message-correlated': '收到消息',
    'timer-fired': '期限届满',
    'error-thrown': '业务异常',
    'escalation-thrown': '升级上报',
    'signal-broadcast': '发布信号',
    'compensation-thrown': '补偿撤销',
    'incident-raised': '处理异常',
    'incident-resolved': '异常已处理',
    'case-completed': '办结',
    'case-terminated': '终止',
    'case-modified': '修改流程',
    objection: '提出异议',
    payment: '资金拨付',
    batch: '批量处理',
    'certificate-issued': '颁发证书',
    'quota-reserved': '占用名额',
    published: '发文公布',
    'agreement-signed': '签订协议',
    'support-completed': '支持期满',
    'support-stopped': '停止支持',
    'final-evaluation-failed': '期满评估未通过',
    revoked: '取消资格',
    rejected: '不予通过',
    'assessment-filed': '考核备案',
    'continued-support-flagged': '列入持续支持',
    'decision-evaluated': '规则表判定',
  },
  en: {
    'case-started': 'Case opened',
    'element-activated': 'Step reached',
    'element-completed': 'Step completed',
    'element-terminated': 'Step cancelled',
    'task-completed': 'Task completed',
    'message-correlated': 'Message received',
    'timer-fired': 'Period ended',
    'error-thrown': 'Business error',
    'escalation-thrown': 'Escalated',
    'signal-broadcast': 'Signal broadcast',
    'compensation-thrown': 'Compensation',
    'incident-raised': 'Incident',
    'incident-resolved': 'Incident resolved',
    'case-completed': 'Case completed',
    'case-terminated': 'Case terminated',
    'case-modified': 'Process modified',
    objection: 'Objection filed',
    payment: 'Payment',
    batch: 'Batch',
    'certificate-issued': 'Certificate issued',
    'quota-reserved': 'Quota reserved',
    published: 'Published',
    'agreement-signed': 'Agreement signed',
    'support-completed': 'Support completed',
    'support-stopped': 'Support stopped',
    'final-evaluation-failed': 'Final evaluation failed',
    revoked: 'Revoked',
    rejected: 'Rejected',
    'assessment-filed': 'Assessment filed',
    'continued-support-flagged': 'Continued support',
    'decision-evaluated': 'Decision table evaluated',
  },
});

// Element-level bookkeeping hidden by default; a user task being reached stays visible (it is where work waits).
const MINOR = new Set(['element-activated', 'element-completed']);

const TL_CLASS: Record<string, string> = {
  'task-completed': 'tl-decision',
  objection: 'tl-objection',
  'incident-raised': 'tl-objection',
  payment: 'tl-payment',
  'message-correlated': 'tl-message',
  batch: 'tl-message',
};

export function CasePage({ params }: { params: Params }) {
  const id = params.id ?? '';
  const t = useMessages(m);
  const ev: Record<string, string> = useMessages(EVENTS);
  const { lang } = useLang();
  const districtLabel = useDistrictLabel();
  const roleLabels: Record<string, string> = useMessages(ROLE_LABELS);
  const trancheLabel = useTrancheLabel();
  const toast = useToast();

  const detail = useApi(
    async (signal) => {
      const [c, history, payments, tasks] = await Promise.all([
        api.get<CaseDetail>(`/cases/${encodeURIComponent(id)}`, undefined, signal),
        api.get<HistoryEvent[]>(`/cases/${encodeURIComponent(id)}/history`, undefined, signal),
        api.get<Payment[]>(`/cases/${encodeURIComponent(id)}/payments`, undefined, signal),
        api.get<Page<Task>>('/tasks', { caseId: id, state: 'open' }, signal),
      ]);
      const def = await loadDefinition(c.processKey, c.version).catch(() => undefined);
      return { c, history, payments, tasks: tasks.items, def };
    },
    [id],
  );
  const data = detail.data;
  const c = data?.c;
  useDocumentTitle(c?.businessKey ?? '');
  const model: BpmnModel | undefined = data?.def?.model;
  const operationHistory = useOperationHistory(model);
  // An element without a name is never shown by its id.
  const nameOf = (elementId: string | null | undefined) =>
    elementId ? model?.elements.get(elementId)?.name || t.unnamedStep : '';
  const vocab = useCaseVocabulary(model);
  /** Who acted, by office (the account name stays in the tooltip). */
  const actorText = (e: HistoryEvent) => {
    const roles = (e.actorRoles ?? []).map((r) => roleLabels[r]).filter(Boolean);
    if (roles.length === 0) return undefined;
    return roles.join('、') + (e.actorDistrict ? ` · ${districtLabel(e.actorDistrict)}` : '');
  };

  const highlights = useMemo(
    () => (data && model ? caseHighlights(model, data.history, data.c.activeElements, t.incident) : []),
    [data, model, t.incident],
  );

  const [showAll, setShowAll] = useState(false);
  const [completing, setCompleting] = useState<Task | null>(null);

  if (!data) {
    if (detail.error !== undefined) return <ErrorBanner error={detail.error} onRetry={detail.reload} />;
    return <Loading />;
  }
  const { history, payments, tasks } = data;
  const cs = data.c;

  const visibleHistory = [...history]
    .filter(
      (e) =>
        showAll ||
        !MINOR.has(e.type) ||
        (e.type === 'element-activated' && model?.elements.get(e.elementId ?? '')?.type === 'userTask'),
    )
    .reverse();

  const objections = objectionsWithFindings(history);
  const incidents = highlights.filter((h) => h.kind === 'error');

  const timers = cs.activeElements
    .map((elementId) => model?.elements.get(elementId))
    .filter((e) => e?.timer?.calendar === 'cn-workday' && workdayCount(e.timer.duration) !== undefined);

  return (
    <>
      <PageHeader
        back={<Link to="/cases">{t.back}</Link>}
        title={
          <span className="case-title">
            <span className="mono">{cs.businessKey}</span>
            <span data-testid="case-status">
              <CaseStatusBadge status={cs.status} outcome={cs.outcome} />
            </span>
          </span>
        }
        subtitle={
          <>
            <span>
              {model?.processName || cs.processKey} · {t.version(cs.version)}
            </span>
            {typeof cs.variables.applicantName === 'string' && <span>{cs.variables.applicantName}</span>}
            {timers.map((e) =>
              e ? (
                <TimerCountdown
                  key={e.id}
                  history={history}
                  elementId={e.id}
                  days={workdayCount(e.timer?.duration) ?? 0}
                  model={model}
                />
              ) : null,
            )}
          </>
        }
      />
      {cs.calendarProvisional && <Alert tone="warning">{t.provisional}</Alert>}
      {(cs.status === 'failed' || incidents.length > 0) && (
        <Alert tone="danger">
          {t.failed}{' '}
          {incidents.map((h) => (
            <span key={h.elementId}>
              <strong>{nameOf(h.elementId)}</strong>{' '}
            </span>
          ))}
        </Alert>
      )}
      <CaseOperationsPanel
        caseId={cs.id}
        status={cs.status}
        variables={cs.variables}
        model={model}
        onChanged={detail.reload}
      />
      <Card title={t.diagram} id="diagram">
        <div className="current-at">
          <span className="muted">{t.currentAtLabel}</span>
          {cs.activeElements.length === 0
            ? t.none
            : cs.activeElements.map((a) => (
                <Badge key={a} tone="info">
                  {nameOf(a)}
                </Badge>
              ))}
        </div>
        <div data-testid="case-diagram">
          {data.def && model?.hasDiagram ? (
            <BpmnViewer xml={data.def.xml} highlights={highlights} height="auto" label={t.diagramLabel} />
          ) : (
            <EmptyState>{t.noDiagram}</EmptyState>
          )}
        </div>
      </Card>
      <div className="grid-2 case-grid">
        <div className="case-main">
          <Card
            title={t.history}
            id="history"
            actions={
              <Button size="sm" variant="ghost" onClick={() => setShowAll((s) => !s)} aria-pressed={showAll}>
                {showAll ? t.showMain : t.showAll}
              </Button>
            }
          >
            <ol className="timeline" data-testid="case-history">
              {visibleHistory.map((e) => {
                const { data: d, extra } = operationHistory(e);
                if (typeof d.decision === 'string')
                  extra.push(t.decision(vocab.decisionLabel(d.decision, e.elementId)));
                if (typeof d.comment === 'string' && d.comment && !isBatchComment(d.comment))
                  extra.push(t.comment(d.comment));
                if (typeof d.reason === 'string' && d.reason) extra.push(d.reason);
                if (typeof d.amountFen === 'number')
                  extra.push(`${trancheLabel(String(d.tranche ?? ''))} ${formatMoney(d.amountFen, lang)}`);
                // A message's name is an internal id in any language: the step's name says what arrived.
                if (typeof d.certificateNo === 'string') extra.push(d.certificateNo);
                // a business rule task's result (a grade, an amount); matched rules stay in the API history
                if (e.type === 'decision-evaluated' && ['string', 'number'].includes(typeof d.result))
                  extra.push(String(d.result));
                if (typeof d.title === 'string' && e.type === 'batch') extra.push(d.title);
                // a list's entry names the list by its number (〔2026〕第3号)
                if (typeof d.listNumber === 'string' && e.type === 'batch') extra.push(d.listNumber);
                if (e.type === 'batch') extra.push(d.action === 'message' ? t.batchMessage : t.batchDecision);
                return (
                  <li key={e.seq} className={TL_CLASS[e.type] ?? ''}>
                    <div className="tl-head">
                      <span className="tl-title">
                        {ev[e.type] ?? t.otherEvent}
                        {e.elementId && e.elementId !== cs.processKey ? ` · ${nameOf(e.elementId)}` : ''}
                      </span>
                      {actorText(e) && (
                        <span title={e.actor ?? undefined}>
                          <Badge tone="accent">{actorText(e)}</Badge>
                        </span>
                      )}
                      <span className="tl-meta">{formatDateTime(e.at, lang)}</span>
                    </div>
                    {extra.length > 0 && <div className="tl-data">{extra.join(' · ')}</div>}
                  </li>
                );
              })}
            </ol>
          </Card>
        </div>
        {/* On a narrow screen this column comes first (CSS order): tasks and payments before the long history. */}
        <div className="case-side">
          <Card title={t.info} id="info">
            <dl className="kv">
              <dt>{t.procedure}</dt>
              <dd>
                {model?.processName || cs.processKey}
                <span className="cell-sub">{t.version(cs.version)}</span>
              </dd>
              {typeof cs.variables.district === 'string' && (
                <>
                  <dt>{t.district}</dt>
                  <dd>{districtLabel(cs.variables.district)}</dd>
                </>
              )}
              <dt>{t.created}</dt>
              <dd>{formatDateTime(cs.createdAt, lang)}</dd>
              <dt>{t.updated}</dt>
              <dd>{formatDateTime(cs.updatedAt, lang)}</dd>
            </dl>
          </Card>
          {tasks.length > 0 && (
            <Card title={t.myTasks} id="tasks">
              <ul className="plain-list">
                {tasks.map((x) => (
                  <li key={x.id}>
                    <span>{x.name || t.unnamedStep}</span>
                    <Button size="sm" variant="primary" onClick={() => setCompleting(x)}>
                      {t.complete}
                    </Button>
                  </li>
                ))}
              </ul>
            </Card>
          )}
          <CaseJobsCard caseId={cs.id} model={model} />
          <PaymentsCard payments={payments} model={model} history={history} />
          <RevocationCard caseData={cs} onDone={detail.reload} />
          <Card title={t.variables} id="variables">
            {Object.keys(cs.variables).length === 0 ? (
              <p className="muted">{t.noVariables}</p>
            ) : (
              <dl className="kv kv-vars">
                {Object.entries(cs.variables)
                  // account and record ids are not for people; a key without any label only in English
                  .filter(([k]) => !ID_VARIABLES.has(k) && (lang !== 'zh' || vocab.fieldLabel(k).known))
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([k, v]) => {
                    const label = vocab.fieldLabel(k);
                    return (
                      <div key={k} className="kv-row" data-var={k}>
                        {/* The raw name stays as a tooltip for those who write the BPMN. */}
                        <dt className={label.known ? undefined : 'mono'} title={k}>
                          {label.text}
                        </dt>
                        <dd>{vocab.valueText(k, v)}</dd>
                      </div>
                    );
                  })}
              </dl>
            )}
          </Card>
          <AttachmentsCard caseId={cs.id} />
          <ObjectionsCard caseData={cs} objections={objections} onFiled={detail.reload} toast={toast} />
        </div>
      </div>
      <CompleteTaskDialog
        task={completing}
        onClose={() => setCompleting(null)}
        onDone={() => {
          setCompleting(null);
          // the read model catches up right after the workflow accepted the completion
          window.setTimeout(detail.reload, 300);
        }}
      />
    </>
  );
}

function TimerCountdown({
  history,
  elementId,
  days,
  model,
}: {
  history: HistoryEvent[];
  elementId: string;
  days: number;
  model: BpmnModel | undefined;
}) {
  const started = lastActivation(history, elementId);
  const [closesAt, setClosesAt] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!started) return;
    let live = true;
    api
      .get<Workdays>('/calendar/workdays', { from: shanghaiDate(started), days })
      .then((w) => {
        if (live) setClosesAt(w.closesAt);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [started, days]);
  if (!closesAt) return null;
  const el = model?.elements.get(elementId);
  const parent = el?.parentId ? model?.elements.get(el.parentId) : undefined;
  const publicity = [el?.id, el?.name, parent?.id, parent?.name].some((s) => s && /public|公示/i.test(s));
  return (
    <span data-testid="countdown">
      <WorkdayCountdown deadline={closesAt} kind={publicity ? 'publicity' : 'due'} />
    </span>
  );
}

function ObjectionsCard({
  caseData,
  objections,
  onFiled,
  toast,
}: {
  caseData: CaseDetail;
  objections: HistoryEvent[];
  onFiled: () => void;
  toast: (text: string, tone?: 'success' | 'error') => void;
}) {
  const t = useMessages(m);
  const { lang } = useLang();
  const roleLabels: Record<string, string> = useMessages(ROLE_LABELS);
  const officeOf = (o: HistoryEvent) =>
    (o.actorRoles ?? [])
      .map((r) => roleLabels[r])
      .filter(Boolean)
      .join('、');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useSubmit((err) => explainError(err, lang).text);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    await run(async () => {
      await api.post<Objection>(`/cases/${caseData.id}/objections`, { reason: reason.trim() });
      setReason('');
      toast(t.objectionFiled);
      window.setTimeout(onFiled, 300);
    });
  };
  return (
    <Card title={t.objections} id="objections">
      {objections.length === 0 ? (
        <p className="muted">{t.noObjections}</p>
      ) : (
        <ul className="objection-list">
          {objections.map((o) => (
            <li key={o.seq}>
              <div>{String(o.data?.reason ?? '')}</div>
              <div className="tl-meta">
                {/* the objector by office (their account only as the tooltip) */}
                {officeOf(o) && <span title={o.actor ?? undefined}>{t.objectionBy(officeOf(o))} · </span>}
                {formatDateTime(o.at, lang)}
              </div>
              <ObjectionFinding objection={o} />
            </li>
          ))}
        </ul>
      )}
      {caseData.status === 'active' && (
        <form onSubmit={(e) => void submit(e)} data-testid="objection-form" className="objection-form">
          {error && (
            <div className="alert alert-danger" role="alert">
              <div className="alert-text">{error}</div>
            </div>
          )}
          <TextArea
            label={t.objectionReason}
            hint={t.objectionHint}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={4000}
            required
          />
          <Button type="submit" busy={busy} disabled={!reason.trim()}>
            {t.fileObjection}
          </Button>
        </form>
      )}
    </Card>
  );
}

interface ScheduleRow {
  elementId: string;
  name: string;
  /** Ledger writes of this pay task, from the case history. */
  made: { tranche: string; amountFen: number; status: string }[];
}

function PaymentsCard({
  payments,
  model,
  history,
}: {
  payments: Payment[];
  model: BpmnModel | undefined;
  history: HistoryEvent[];
}) {
  const t = useMessages(m);
  const { lang } = useLang();
  const trancheLabel = useTrancheLabel();
  // The schedule is the procedure's paying steps (not stops or clawbacks) and what each has paid in this case. A step
  // whose status is computed (J11b's settlement: stop or claw back) is not a planned payment either.
  const schedule: ScheduleRow[] = [...(model?.elements.values() ?? [])]
    .filter((e) => e.pay && (e.pay.status === undefined || literal(e.pay.status) === 'paid'))
    .map((e) => ({
      elementId: e.id,
      name: e.name || e.id,
      made: history
        .filter((h) => h.type === 'payment' && h.elementId === e.id)
        .map((h) => ({
          tranche: String(h.data?.tranche ?? ''),
          amountFen: Number(h.data?.amountFen ?? 0),
          status: String(h.data?.status ?? 'paid'),
        })),
    }));
  if (schedule.length === 0 && payments.length === 0) return null;
  const total = payments.reduce((s, p) => (p.status === 'stopped' ? s : s + p.amount), 0);
  const ledgerCols: Column<Payment>[] = [
    {
      key: 'tranche',
      header: t.tranche,
      render: (p) => (
        <>
          <span>{trancheLabel(p.tranche)}</span>
          <span className="cell-sub nowrap">{formatDateTime(p.at, lang)}</span>
          {p.reason && <span className="cell-sub">{p.reason}</span>}
        </>
      ),
    },
    {
      key: 'amount',
      header: t.amount,
      align: 'right',
      render: (p) => <span className="nowrap">{formatMoney(p.amount, lang)}</span>,
    },
    { key: 'status', header: t.status, render: (p) => <PaymentStatusBadge status={p.status} /> },
  ];
  const scheduleCols: Column<ScheduleRow>[] = [
    { key: 'name', header: t.step, render: (r) => r.name },
    {
      key: 'made',
      header: t.amount,
      align: 'right',
      render: (r) =>
        r.made.length ? (
          r.made.map((x) => (
            // The step's name says which tranche; the amount alone keeps the table narrow.
            <span key={x.tranche} className="nowrap cell-line" title={trancheLabel(x.tranche)}>
              {formatMoney(x.amountFen, lang)}
            </span>
          ))
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      key: 'status',
      header: t.status,
      render: (r) => (r.made.length ? <PaymentStatusBadge status="paid" /> : <Badge>{t.planned}</Badge>),
    },
  ];

  return (
    <Card
      title={t.payments}
      id="payments"
      actions={
        payments.length > 0 ? (
          <span className="muted">{t.totalPaid(formatMoney(total, lang))}</span>
        ) : undefined
      }
    >
      <div data-testid="case-payments" className="stack">
        {schedule.length > 0 && (
          <div>
            <h3 className="section-title">{t.schedule}</h3>
            <DataTable columns={scheduleCols} rows={schedule} rowKey={(r) => r.elementId} />
          </div>
        )}
        <div>
          <h3 className="section-title">{t.ledger}</h3>
          <DataTable
            columns={ledgerCols}
            rows={payments}
            rowKey={(p) => `${p.tranche}:${p.status}`}
            empty={t.noPayments}
          />
        </div>
      </div>
    </Card>
  );
}
