// Lists: cases waiting at the same step, handled as one official act.
// - At a message catch event (e.g. "publicity list published"): select cases and publish one `message` batch, so every
//   case starts its period at the same instant.
// - At a user task (e.g. an approval): choose per case one of the allowed decisions or "not in this list". The API takes
//   one action per batch, so each decision becomes its own `complete-task` batch, submitted one after another.
// Test hooks: data-testid="lists-table", "lists-submit", "batch-results"; rows carry data-case-id.
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { type BpmnModel, type ModelElement, loadDefinition } from '../../api/bpmn-model';
import { api } from '../../api/client';
import { explainCode, explainError, explainText } from '../../api/explain-error';
import type { Batch, BatchAction, CaseSummary, DefinitionSummary, Page } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Link, setSearch, useLocation } from '../../app/router';
import { hasRole, useSession } from '../../app/session';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { type Column, DataTable } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { SelectField, TextField } from '../../components/field';
import {
  Alert,
  Card,
  EmptyState,
  ErrorBanner,
  Loading,
  PageHeader,
  useDocumentTitle,
} from '../../components/page';
import { NEGATIVE_DECISIONS, useDecisionLabel, useDistrictLabel } from '../../i18n/domain';
import { formatDateTime, shanghaiDate } from '../../i18n/format';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';

const MAX_CASES = 200;
const EXCLUDE = '';

const m = defineMessages({
  zh: {
    title: '名单公示与审批',
    intro: '选择流程和环节，列出停在该环节的全部案件，作为一个名单统一发布或审批。',
    procedure: '流程',
    pickProcedure: '请选择流程',
    stage: '环节',
    pickStage: '请选择环节',
    kindPublish: '发布',
    kindApprove: '审批',
    noStages: '该流程没有可以批量处理的环节。',
    choose: '请先选择流程和环节。',
    waiting: (n: number) => `共 ${n} 件案件停在此环节`,
    capped: (n: number) => `仅列出前 ${n} 件。`,
    none: '此环节当前没有待处理的案件。',
    caseNo: '案件编号',
    applicant: '申请人',
    district: '区县',
    since: '最近更新',
    decision: '本批处理',
    exclude: '不纳入本批',
    setAll: '全部设为：',
    listTitle: '名单名称',
    // The message's name is an internal id: not shown on the Chinese page.
    publishHelp: (_msg: string) =>
      '勾选要列入名单的案件。发布后，所选案件在同一时刻收到名单发布通知，同时开始后续期限（如公示期）。',
    approveHelp: '为每件案件选择审核结论，或选择“不纳入本批”留待以后处理。不同结论分别作为一个批次提交。',
    publishRole: '发布名单需要市级审核员、组织部或系统管理员角色；以您的身份提交将被拒绝。',
    selected: (n: number) => `已选 ${n} 件`,
    publish: (n: number) => `发布名单（${n} 件）`,
    submitApproval: (n: number) => `提交审批（${n} 件）`,
    confirmTitle: '确认提交',
    confirmPublish: (n: number, title: string) =>
      `将发布名单“${title}”，共 ${n} 件案件。发布是正式行为，不能撤回。`,
    confirmBatches: '将依次提交以下批次：',
    batchLine: (title: string, n: number) => `“${title}” —— ${n} 件`,
    excludedLine: (n: number) => `另有 ${n} 件不纳入本批，保持原状。`,
    confirm: '确认提交',
    cancel: '取消',
    results: '提交结果',
    resultSummary: (ok: number, failed: number) =>
      failed ? `成功 ${ok} 件，失败 ${failed} 件。` : `全部 ${ok} 件处理成功。`,
    done: '成功',
    failed: '失败',
    action: '处理',
    result: '结果',
    batchId: '批次',
    defaultPublishTitle: (d: string) => `公示名单 ${d}`,
    defaultApproveTitle: (d: string) => `审批名单 ${d}`,
    partTitle: (title: string, decision: string) => `${title}（${decision}）`,
    complete: '办结',
    titleRequired: '请填写名单名称。',
  },
  en: {
    title: 'Lists',
    intro:
      'Pick a procedure and a step to list every case waiting there, then publish or decide them as one list.',
    procedure: 'Procedure',
    pickProcedure: 'Choose a procedure',
    stage: 'Step',
    pickStage: 'Choose a step',
    kindPublish: 'Publish',
    kindApprove: 'Approve',
    noStages: 'This procedure has no step that can be handled as a list.',
    choose: 'Choose a procedure and a step first.',
    waiting: (n: number) => `${n} case${n === 1 ? '' : 's'} waiting at this step`,
    capped: (n: number) => `Only the first ${n} are listed.`,
    none: 'No case is waiting at this step.',
    caseNo: 'Case no.',
    applicant: 'Applicant',
    district: 'District',
    since: 'Last updated',
    decision: 'In this list',
    exclude: 'Not in this list',
    setAll: 'Set all to:',
    listTitle: 'List title',
    publishHelp: (msg: string) =>
      `Tick the cases to put on the list. On publishing, the selected cases receive "${msg}" at the same instant and start what follows (such as the publicity period) together.`,
    approveHelp:
      'Choose a decision for each case, or "Not in this list" to leave it for later. Each decision is submitted as its own batch.',
    publishRole:
      'Publishing a list needs the city-reviewer, org-department or administrator role; it would be refused for you.',
    selected: (n: number) => `${n} selected`,
    publish: (n: number) => `Publish list (${n})`,
    submitApproval: (n: number) => `Submit decisions (${n})`,
    confirmTitle: 'Confirm',
    confirmPublish: (n: number, title: string) =>
      `The list "${title}" with ${n} case${n === 1 ? '' : 's'} will be published. Publishing is an official act and cannot be undone.`,
    confirmBatches: 'These batches will be submitted one after another:',
    batchLine: (title: string, n: number) => `"${title}" — ${n} case${n === 1 ? '' : 's'}`,
    excludedLine: (n: number) => `${n} more case${n === 1 ? '' : 's'} stay as they are (not in this list).`,
    confirm: 'Submit',
    cancel: 'Cancel',
    results: 'Results',
    resultSummary: (ok: number, failed: number) =>
      failed ? `${ok} succeeded, ${failed} failed.` : `All ${ok} case${ok === 1 ? '' : 's'} succeeded.`,
    done: 'Done',
    failed: 'Failed',
    action: 'Action',
    result: 'Result',
    batchId: 'Batch',
    defaultPublishTitle: (d: string) => `Publicity list ${d}`,
    defaultApproveTitle: (d: string) => `Approval list ${d}`,
    partTitle: (title: string, decision: string) => `${title} (${decision})`,
    complete: 'Complete',
    titleRequired: 'Please enter a list title.',
  },
});

type Mode =
  | { kind: 'publish'; element: ModelElement; message: string }
  | { kind: 'approve'; element: ModelElement; decisions: string[] };

function modeOf(e: ModelElement | undefined): Mode | undefined {
  if (!e) return undefined;
  if (e.type === 'userTask') return { kind: 'approve', element: e, decisions: e.decisions ?? [] };
  if ((e.type === 'intermediateCatchEvent' || e.type === 'receiveTask') && e.messageName)
    return { kind: 'publish', element: e, message: e.messageName };
  return undefined;
}

interface ResultRow {
  caseId: string;
  businessKey: string;
  action: string;
  status: 'done' | 'failed';
  error?: string;
  /** The refusal's stable code, when the item's error carries one. */
  code?: string;
  batchId?: string;
}

export function ListsPage() {
  const t = useMessages(m);
  useDocumentTitle(t.title);
  const { search } = useLocation();
  const processKey = search.get('processKey') ?? '';
  const elementId = search.get('elementId') ?? '';

  const definitions = useApi(
    (signal) => api.get<DefinitionSummary[]>('/process-definitions', undefined, signal),
    [],
  );
  const def = definitions.data?.find((d) => d.key === processKey);
  const model = useApi<BpmnModel | undefined>(
    async () => (def ? (await loadDefinition(def.key, def.latestVersion)).model : undefined),
    [def?.key, def?.latestVersion],
  );
  const stages = useMemo(
    () => [...(model.data?.elements.values() ?? [])].filter((e) => modeOf(e) !== undefined),
    [model.data],
  );
  const mode = modeOf(model.data?.elements.get(elementId));

  return (
    <>
      <PageHeader title={t.title} subtitle={t.intro} />
      <div className="filters" role="search">
        <SelectField
          label={t.procedure}
          value={processKey}
          onChange={(e) => setSearch({ processKey: e.target.value, elementId: undefined })}
        >
          <option value="">{t.pickProcedure}</option>
          {definitions.data?.map((d) => (
            <option key={d.key} value={d.key}>
              {d.name ?? d.key}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t.stage}
          value={elementId}
          disabled={!processKey || stages.length === 0}
          onChange={(e) => setSearch({ elementId: e.target.value })}
          className="field-wide"
        >
          <option value="">{t.pickStage}</option>
          {stages.map((s) => (
            <option key={s.id} value={s.id}>
              {`[${modeOf(s)?.kind === 'publish' ? t.kindPublish : t.kindApprove}] ${s.name || s.id}`}
            </option>
          ))}
        </SelectField>
      </div>
      {definitions.error !== undefined && (
        <ErrorBanner error={definitions.error} onRetry={definitions.reload} />
      )}
      {model.error !== undefined && <ErrorBanner error={model.error} onRetry={model.reload} />}
      {processKey && model.data && stages.length === 0 && <Alert tone="info">{t.noStages}</Alert>}
      {!mode ? (
        <Card>
          <EmptyState>{t.choose}</EmptyState>
        </Card>
      ) : (
        <ListWorkbench key={`${processKey}/${elementId}`} processKey={processKey} mode={mode} />
      )}
    </>
  );
}

function ListWorkbench({ processKey, mode }: { processKey: string; mode: Mode }) {
  const t = useMessages(m);
  const { lang } = useLang();
  const session = useSession();
  const decisionLabel = useDecisionLabel();
  const districtLabel = useDistrictLabel();
  const elementId = mode.element.id;

  const cases = useApi(
    (signal) =>
      api.get<Page<CaseSummary>>(
        '/cases',
        { processKey, elementId, status: 'active', pageSize: MAX_CASES },
        signal,
      ),
    [processKey, elementId],
  );
  const rows = useMemo(() => cases.data?.items ?? [], [cases.data]);

  const defaultDecision =
    mode.kind === 'approve'
      ? (mode.decisions.find((d) => !NEGATIVE_DECISIONS.has(d)) ?? mode.decisions[0] ?? 'complete')
      : '';
  const choices = mode.kind === 'approve' ? (mode.decisions.length ? mode.decisions : ['complete']) : [];

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [title, setTitle] = useState(
    mode.kind === 'publish' ? t.defaultPublishTitle(shanghaiDate()) : t.defaultApproveTitle(shanghaiDate()),
  );
  const [titleError, setTitleError] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(undefined);
  const [results, setResults] = useState<ResultRow[] | undefined>(undefined);

  // A fresh list preselects everything (publish) or proposes the positive decision (approve).
  useEffect(() => {
    setSelected(new Set(rows.map((r) => r.id)));
    setChoice(Object.fromEntries(rows.map((r) => [r.id, defaultDecision])));
  }, [rows, defaultDecision]);

  const label = (d: string) => (d === 'complete' ? t.complete : decisionLabel(d));
  const groups: { decision: string; ids: string[] }[] =
    mode.kind === 'approve'
      ? choices
          .map((d) => ({ decision: d, ids: rows.filter((r) => choice[r.id] === d).map((r) => r.id) }))
          .filter((g) => g.ids.length > 0)
      : [];
  const includedCount =
    mode.kind === 'publish'
      ? rows.filter((r) => selected.has(r.id)).length
      : groups.reduce((s, g) => s + g.ids.length, 0);
  const excludedCount = rows.length - includedCount;

  const openConfirm = () => {
    if (!title.trim()) {
      setTitleError(t.titleRequired);
      return;
    }
    setTitleError(undefined);
    setConfirming(true);
  };

  const submit = async () => {
    setBusy(true);
    setSubmitError(undefined);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out: ResultRow[] = [];
    const plan: { title: string; ids: string[]; action: BatchAction; actionLabel: string }[] =
      mode.kind === 'publish'
        ? [
            {
              title: title.trim(),
              ids: rows.filter((r) => selected.has(r.id)).map((r) => r.id),
              action: { type: 'message', name: mode.message, variables: {} },
              actionLabel: t.kindPublish,
            },
          ]
        : groups.map((g) => ({
            title: groups.length > 1 ? t.partTitle(title.trim(), label(g.decision)) : title.trim(),
            ids: g.ids,
            action: {
              type: 'complete-task',
              elementId,
              variables: mode.decisions.length ? { decision: g.decision } : {},
            },
            actionLabel: label(g.decision),
          }));
    try {
      for (const p of plan) {
        try {
          const batch = await api.post<Batch>('/batches', {
            title: p.title,
            caseIds: p.ids,
            action: p.action,
          });
          for (const item of batch.items)
            out.push({
              caseId: item.caseId,
              businessKey: byId.get(item.caseId)?.businessKey ?? item.caseId,
              action: p.actionLabel,
              status: item.status,
              error: typeof item.error === 'string' ? item.error : (item.error?.message ?? undefined),
              code: typeof item.error === 'object' ? (item.error?.code ?? undefined) : undefined,
              batchId: batch.id,
            });
        } catch (err) {
          // The whole batch was refused (e.g. role): every case in it is reported with that reason.
          const text = explainError(err, lang).text;
          for (const id of p.ids)
            out.push({
              caseId: id,
              businessKey: byId.get(id)?.businessKey ?? id,
              action: p.actionLabel,
              status: 'failed',
              error: text,
            });
          if (plan.length === 1) setSubmitError(err);
        }
      }
      setResults(out);
      setConfirming(false);
      cases.reload();
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<CaseSummary>[] = [
    {
      key: 'no',
      header: t.caseNo,
      render: (c) => (
        <Link to={`/cases/${c.id}`} className="mono">
          {c.businessKey}
        </Link>
      ),
    },
    {
      key: 'applicant',
      header: t.applicant,
      render: (c) =>
        typeof c.variables?.applicantName === 'string' ? (
          c.variables.applicantName
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      key: 'district',
      header: t.district,
      render: (c) => (typeof c.variables?.district === 'string' ? districtLabel(c.variables.district) : '—'),
    },
    {
      key: 'since',
      header: t.since,
      render: (c) => <span className="nowrap">{formatDateTime(c.updatedAt, lang)}</span>,
    },
  ];
  if (mode.kind === 'approve')
    columns.push({
      key: 'decision',
      header: t.decision,
      render: (c) => (
        <div className="row-choice" role="radiogroup" aria-label={`${t.decision}: ${c.businessKey}`}>
          {[...choices, EXCLUDE].map((d) => (
            <label
              key={d || 'exclude'}
              className={`choice${d === EXCLUDE ? ' choice-exclude' : NEGATIVE_DECISIONS.has(d) ? ' choice-negative' : ' choice-positive'}`}
            >
              <input
                type="radio"
                name={`choice-${c.id}`}
                value={d}
                checked={(choice[c.id] ?? defaultDecision) === d}
                onChange={() => setChoice((prev) => ({ ...prev, [c.id]: d }))}
              />
              {d === EXCLUDE ? t.exclude : label(d)}
            </label>
          ))}
        </div>
      ),
    });

  const canPublish = hasRole(session, 'city-reviewer', 'org-department', 'admin');
  const submitLabel: ReactNode =
    mode.kind === 'publish' ? t.publish(includedCount) : t.submitApproval(includedCount);

  return (
    <>
      {results && <BatchResults rows={results} />}
      <Card
        title={cases.data ? t.waiting(cases.data.total) : mode.element.name || mode.element.id}
        actions={
          mode.kind === 'publish' ? <Badge tone="accent">{t.selected(includedCount)}</Badge> : undefined
        }
      >
        <p className="muted">{mode.kind === 'publish' ? t.publishHelp(mode.message) : t.approveHelp}</p>
        {mode.kind === 'publish' && !canPublish && <Alert tone="warning">{t.publishRole}</Alert>}
        {cases.data && cases.data.total > MAX_CASES && <Alert tone="info">{t.capped(MAX_CASES)}</Alert>}
        {cases.error !== undefined && <ErrorBanner error={cases.error} onRetry={cases.reload} />}
        {mode.kind === 'approve' && rows.length > 0 && (
          <div className="set-all">
            <span className="muted">{t.setAll}</span>
            {[...choices, EXCLUDE].map((d) => (
              <Button
                key={d || 'exclude'}
                size="sm"
                variant="ghost"
                onClick={() => setChoice(Object.fromEntries(rows.map((r) => [r.id, d])))}
              >
                {d === EXCLUDE ? t.exclude : label(d)}
              </Button>
            ))}
          </div>
        )}
        {!cases.data && cases.loading ? (
          <Loading />
        ) : (
          <div data-testid="lists-table" className="lists-table">
            <DataTable
              columns={columns}
              rows={rows}
              rowKey={(c) => c.id}
              empty={t.none}
              caption={mode.element.name || mode.element.id}
              rowProps={(c) => ({ 'data-case-id': c.id, 'data-business-key': c.businessKey })}
              rowClassName={(c) =>
                mode.kind === 'approve' && (choice[c.id] ?? defaultDecision) === EXCLUDE
                  ? 'row-excluded'
                  : undefined
              }
              selection={
                mode.kind === 'publish'
                  ? {
                      selected,
                      onChange: setSelected,
                      label: (c) => c.businessKey,
                      allLabel: t.selected(includedCount),
                    }
                  : undefined
              }
            />
          </div>
        )}
        {rows.length > 0 && (
          <div className="list-submit">
            <TextField
              label={t.listTitle}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              error={titleError}
              required
              className="field-grow"
            />
            <Button
              variant="primary"
              onClick={openConfirm}
              disabled={includedCount === 0}
              data-testid="lists-submit"
            >
              {submitLabel}
            </Button>
          </div>
        )}
      </Card>
      <Dialog
        open={confirming}
        title={t.confirmTitle}
        onClose={() => setConfirming(false)}
        closeLabel={t.cancel}
        footer={
          <>
            <Button onClick={() => setConfirming(false)}>{t.cancel}</Button>
            <Button variant="primary" busy={busy} onClick={() => void submit()}>
              {t.confirm}
            </Button>
          </>
        }
      >
        {submitError !== undefined && <ErrorBanner error={submitError} />}
        {mode.kind === 'publish' ? (
          <p>{t.confirmPublish(includedCount, title.trim())}</p>
        ) : (
          <>
            <p>{t.confirmBatches}</p>
            <ul className="confirm-list">
              {groups.map((g) => (
                <li key={g.decision}>
                  {t.batchLine(
                    groups.length > 1 ? t.partTitle(title.trim(), label(g.decision)) : title.trim(),
                    g.ids.length,
                  )}
                </li>
              ))}
            </ul>
            {excludedCount > 0 && <p className="muted">{t.excludedLine(excludedCount)}</p>}
          </>
        )}
      </Dialog>
    </>
  );
}

function BatchResults({ rows }: { rows: ResultRow[] }) {
  const t = useMessages(m);
  const { lang } = useLang();
  const ok = rows.filter((r) => r.status === 'done').length;
  const failed = rows.length - ok;
  const columns: Column<ResultRow>[] = [
    {
      key: 'no',
      header: t.caseNo,
      render: (r) => (
        <Link to={`/cases/${r.caseId}`} className="mono">
          {r.businessKey}
        </Link>
      ),
    },
    { key: 'action', header: t.action, render: (r) => r.action },
    {
      key: 'result',
      header: t.result,
      render: (r) =>
        r.status === 'done' ? (
          <Badge tone="success">{t.done}</Badge>
        ) : (
          <>
            <Badge tone="danger">{t.failed}</Badge>
            {r.error && (
              <span className="cell-sub" title={r.error}>
                {explainCode(r.code, lang) ?? explainText(r.error, lang).text}
              </span>
            )}
          </>
        ),
    },
    {
      key: 'batch',
      header: t.batchId,
      render: (r) => <span className="mono muted">{r.batchId?.slice(0, 8) ?? '—'}</span>,
    },
  ];
  return (
    <Card title={t.results} id="batch-results">
      <div data-testid="batch-results">
        <Alert tone={failed ? 'warning' : 'success'}>{t.resultSummary(ok, failed)}</Alert>
        <DataTable
          columns={columns}
          rows={rows}
          rowKey={(r) => `${r.batchId ?? ''}:${r.caseId}`}
          rowProps={(r) => ({ 'data-case-id': r.caseId, 'data-status': r.status })}
        />
      </div>
    </Card>
  );
}
