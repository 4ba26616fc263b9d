// Lists: cases waiting at the same step, handled as one official act.
// - At a message catch event (e.g. "publicity list published"): select cases and publish one `message` batch, so every
//   case starts its period at the same instant.
// - At a user task (e.g. an approval): choose per case one of the allowed decisions or "not in this list". The API takes
//   one action per batch, so each decision becomes its own `complete-task` batch, submitted one after another.
// Test hooks: data-testid="lists-table", "lists-submit", "batch-results"; rows carry data-case-id.
import { type ReactNode, useMemo, useState } from 'react';
import { type BpmnModel, type ModelElement, loadDefinition } from '../../api/bpmn-model';
import { ApiError as ClientError, api } from '../../api/client';
import { explainCode, explainText } from '../../api/explain-error';
import {
  LIST_ROLES,
  type ListRecord,
  type Publicity,
  type PublicityPreview,
  chineseDate,
} from '../../api/lists';
import type { Batch, BatchAction, CaseSummary, DefinitionSummary, Page } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Link, setSearch, useLocation } from '../../app/router';
import { hasRole, useSession } from '../../app/session';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { type Column, DataTable } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { SelectField, TextArea, TextField } from '../../components/field';
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
import { formatDateTime, now, shanghaiDate } from '../../i18n/format';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';
import './lists.css';

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
    approveHelp: '为每件案件选择审核结论；未选择结论的案件不纳入本批，留待以后处理。',
    publishRole: '发布名单需要市级审核员、组织部或系统管理员角色；以您的身份提交将被拒绝。',
    selected: (n: number) => `已选 ${n} 件`,
    publish: (n: number) => `发布名单（${n} 件）`,
    submitApproval: (n: number) => `提交审批（${n} 件）`,
    confirmTitle: '确认提交',
    confirmPublish: (n: number, title: string) =>
      `将发布名单“${title}”，共 ${n} 件案件。发布是正式行为，不能撤回。`,
    confirmBatches: '将提交以下审批结论：',
    batchLine: (decision: string, n: number) => `${decision}：${n} 件`,
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
    defaultPublishTitle: (d: string) => `公示名单 ${d}`,
    defaultApproveTitle: (d: string) => `审批名单 ${d}`,
    partTitle: (title: string, decision: string) => `${title}（${decision}）`,
    complete: '办结',
    titleRequired: '请填写名单名称。',
    records: '名单记录',
    ownComment: '单独意见',
    ownCommentPlaceholder: '不填则使用名单意见',
    listComment: '名单意见',
    listCommentHint: '申请人在案件记录中看到的意见；填写了单独意见的案件以单独意见为准。',
    commentLine: (c: string) => `名单意见：${c}`,
    ownCommentsLine: (n: number) => `另有 ${n} 件案件使用单独意见。`,
    period: (start: string, end: string, days: number, working: boolean) =>
      `公示期：${start}至${end}（${days}个${working ? '工作日' : '自然日'}，按节假日安排计算）`,
    recordMade: (no: string) => `已生成名单记录 ${no}。`,
    openRecord: '查看名单公告',
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
    approveHelp: 'Choose a decision for each case; a case without one stays out of this list, for later.',
    publishRole:
      'Publishing a list needs the city-reviewer, org-department or administrator role; it would be refused for you.',
    selected: (n: number) => `${n} selected`,
    publish: (n: number) => `Publish list (${n})`,
    submitApproval: (n: number) => `Submit decisions (${n})`,
    confirmTitle: 'Confirm',
    confirmPublish: (n: number, title: string) =>
      `The list "${title}" with ${n} case${n === 1 ? '' : 's'} will be published. Publishing is an official act and cannot be undone.`,
    confirmBatches: 'These decisions will be submitted:',
    batchLine: (decision: string, n: number) => `${decision}: ${n} case${n === 1 ? '' : 's'}`,
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
    defaultPublishTitle: (d: string) => `Publicity list ${d}`,
    defaultApproveTitle: (d: string) => `Approval list ${d}`,
    partTitle: (title: string, decision: string) => `${title} (${decision})`,
    complete: 'Complete',
    titleRequired: 'Please enter a list title.',
    records: 'List records',
    ownComment: 'Own comment',
    ownCommentPlaceholder: 'Empty: the list comment',
    listComment: 'List comment',
    listCommentHint:
      'What applicants see in their case history; a case with its own comment gets that instead.',
    commentLine: (c: string) => `List comment: ${c}`,
    ownCommentsLine: (n: number) => `${n} case${n === 1 ? '' : 's'} with an own comment.`,
    period: (start: string, end: string, days: number, working: boolean) =>
      `Publicity period: ${start} to ${end} (${days} ${working ? 'working' : 'calendar'} days, holidays considered)`,
    recordMade: (no: string) => `List record ${no} created.`,
    openRecord: 'Open the notice',
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
}

export function ListsPage() {
  const t = useMessages(m);
  useDocumentTitle(t.title);
  const session = useSession();
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
      <PageHeader
        title={t.title}
        subtitle={t.intro}
        actions={
          hasRole(session, ...LIST_ROLES) ? (
            <Link to="/lists/records" className="btn btn-sm" data-testid="list-records-link">
              {t.records}
            </Link>
          ) : undefined
        }
      />
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
  const choices = mode.kind === 'approve' ? (mode.decisions.length ? mode.decisions : ['complete']) : [];
  // The working group's lists become numbered records; other reviewers' approvals stay plain batches.
  const asRecord = hasRole(session, ...LIST_ROLES);
  const canPublish = hasRole(session, 'city-reviewer', 'org-department', 'admin');

  // Nothing is preselected: every case on the list is put there by a deliberate choice.
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const [listComment, setListComment] = useState('');
  const [title, setTitle] = useState(
    mode.kind === 'publish' ? t.defaultPublishTitle(shanghaiDate()) : t.defaultApproveTitle(shanghaiDate()),
  );
  const [titleError, setTitleError] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(undefined);
  const [results, setResults] = useState<ResultRow[] | undefined>(undefined);
  const [record, setRecord] = useState<ListRecord | undefined>(undefined);

  const preview = useApi<Publicity | null>(
    async (signal) =>
      mode.kind === 'publish' && canPublish
        ? (
            await api.get<PublicityPreview>(
              '/lists/publicity-preview',
              // the workflow's clock (the dev clock may have moved it), which is what the period will count from
              { processKey, elementId, from: shanghaiDate(now()) },
              signal,
            )
          ).publicity
        : null,
    [processKey, elementId, mode.kind, canPublish],
  );

  const label = (d: string) => (d === 'complete' ? t.complete : decisionLabel(d));
  const groups: { decision: string; ids: string[] }[] =
    mode.kind === 'approve'
      ? choices
          .map((d) => ({ decision: d, ids: rows.filter((r) => choice[r.id] === d).map((r) => r.id) }))
          .filter((g) => g.ids.length > 0)
      : [];
  const included =
    mode.kind === 'publish'
      ? rows.filter((r) => selected.has(r.id)).map((r) => r.id)
      : groups.flatMap((g) => g.ids);
  const includedCount = included.length;
  const excludedCount = rows.length - includedCount;
  const ownComments = Object.fromEntries(
    included.filter((id) => comments[id]?.trim()).map((id) => [id, comments[id]!.trim()]),
  );

  const openConfirm = () => {
    if (!title.trim()) {
      setTitleError(t.titleRequired);
      return;
    }
    setTitleError(undefined);
    setConfirming(true);
  };

  const byId = new Map(rows.map((r) => [r.id, r]));
  const submitRecord = async () => {
    const items = included.map((id) => ({
      caseId: id,
      ...(mode.kind === 'approve' && mode.decisions.length ? { decision: choice[id] } : {}),
      ...(ownComments[id] ? { comment: ownComments[id] } : {}),
    }));
    try {
      const r = await api.post<ListRecord>('/lists', {
        title: title.trim(),
        processKey,
        elementId,
        comment: listComment.trim() || null,
        items,
      });
      setRecord(r);
      return r.items.map<ResultRow>((i) => ({
        caseId: i.caseId,
        businessKey: i.businessKey,
        action: mode.kind === 'publish' ? t.kindPublish : label(i.decision ?? 'complete'),
        status: i.status === 'done' ? 'done' : 'failed',
        code: i.code ?? undefined,
      }));
    } catch (err) {
      // 409 LIST_NOT_PUBLISHED names each case's reason; any other refusal is the whole list's
      const details = err instanceof ClientError ? (err.body.details ?? []) : [];
      if (err instanceof ClientError && err.body.code === 'LIST_NOT_PUBLISHED')
        return items.map<ResultRow>((i, n) => ({
          caseId: i.caseId,
          businessKey: byId.get(i.caseId)?.businessKey ?? '',
          action: mode.kind === 'publish' ? t.kindPublish : label(i.decision ?? 'complete'),
          status: 'failed',
          code: details.find((d) => d.field === `items.${n}.caseId`)?.code,
        }));
      throw err;
    }
  };

  const submitBatches = async () => {
    const out: ResultRow[] = [];
    for (const g of groups) {
      const batch = await api.post<Batch>('/batches', {
        title: groups.length > 1 ? t.partTitle(title.trim(), label(g.decision)) : title.trim(),
        caseIds: g.ids,
        action: {
          type: 'complete-task',
          elementId,
          variables: mode.kind === 'approve' && mode.decisions.length ? { decision: g.decision } : {},
        } satisfies BatchAction,
        comment: listComment.trim() || null,
        comments: Object.fromEntries(
          g.ids.filter((id) => ownComments[id]).map((id) => [id, ownComments[id]!]),
        ),
      });
      for (const item of batch.items)
        out.push({
          caseId: item.caseId,
          businessKey: byId.get(item.caseId)?.businessKey ?? '',
          action: label(g.decision),
          // a POST answer has run every item: none is pending
          status: item.status === 'done' ? 'done' : 'failed',
          error: item.error,
          code: item.code,
        });
    }
    return out;
  };

  const submit = async () => {
    setBusy(true);
    setSubmitError(undefined);
    setRecord(undefined);
    try {
      const out = asRecord ? await submitRecord() : await submitBatches();
      setResults(out);
      setConfirming(false);
      // decided cases leave the step; what stays keeps the choice made for it (nothing is reset)
      const done = new Set(out.filter((r) => r.status === 'done').map((r) => r.caseId));
      setSelected((prev) => new Set([...prev].filter((id) => !done.has(id))));
      cases.reload();
    } catch (err) {
      setSubmitError(err);
      setResults(undefined);
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
                checked={(choice[c.id] ?? EXCLUDE) === d}
                onChange={() => setChoice((prev) => ({ ...prev, [c.id]: d }))}
              />
              {d === EXCLUDE ? t.exclude : label(d)}
            </label>
          ))}
        </div>
      ),
    });
  columns.push({
    key: 'comment',
    header: t.ownComment,
    render: (c) => (
      <input
        className="input input-sm"
        aria-label={`${t.ownComment}: ${c.businessKey}`}
        placeholder={t.ownCommentPlaceholder}
        maxLength={2000}
        value={comments[c.id] ?? ''}
        onChange={(e) => setComments((prev) => ({ ...prev, [c.id]: e.target.value }))}
        data-testid="case-comment"
      />
    ),
  });

  const submitLabel: ReactNode =
    mode.kind === 'publish' ? t.publish(includedCount) : t.submitApproval(includedCount);
  const period = preview.data ? (
    <span data-testid="publicity-period">
      {t.period(
        chineseDate(preview.data.start),
        chineseDate(preview.data.end),
        preview.data.days,
        preview.data.calendar === 'cn-workday',
      )}
    </span>
  ) : null;

  return (
    <>
      {results && <BatchResults rows={results} record={record} />}
      <Card
        title={cases.data ? t.waiting(cases.data.total) : mode.element.name || mode.element.id}
        actions={
          mode.kind === 'publish' ? <Badge tone="accent">{t.selected(includedCount)}</Badge> : undefined
        }
      >
        <p className="muted">{mode.kind === 'publish' ? t.publishHelp(mode.message) : t.approveHelp}</p>
        {mode.kind === 'publish' && !canPublish && <Alert tone="warning">{t.publishRole}</Alert>}
        {period && <Alert tone="info">{period}</Alert>}
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
                mode.kind === 'approve' && (choice[c.id] ?? EXCLUDE) === EXCLUDE ? 'row-excluded' : undefined
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
              maxLength={200}
              className="field-grow"
            />
            <TextArea
              label={t.listComment}
              hint={t.listCommentHint}
              value={listComment}
              onChange={(e) => setListComment(e.target.value)}
              maxLength={2000}
              rows={2}
              className="field-grow"
              data-testid="list-comment"
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
            <Button variant="primary" busy={busy} onClick={() => void submit()} data-testid="lists-confirm">
              {t.confirm}
            </Button>
          </>
        }
      >
        {submitError !== undefined && <ErrorBanner error={submitError} />}
        {mode.kind === 'publish' ? (
          <>
            <p>{t.confirmPublish(includedCount, title.trim())}</p>
            {period && <p>{period}</p>}
          </>
        ) : (
          <>
            <p>{t.confirmBatches}</p>
            <ul className="confirm-list">
              {groups.map((g) => (
                <li key={g.decision}>{t.batchLine(label(g.decision), g.ids.length)}</li>
              ))}
            </ul>
            {excludedCount > 0 && <p className="muted">{t.excludedLine(excludedCount)}</p>}
          </>
        )}
        {listComment.trim() && <p>{t.commentLine(listComment.trim())}</p>}
        {Object.keys(ownComments).length > 0 && (
          <p className="muted">{t.ownCommentsLine(Object.keys(ownComments).length)}</p>
        )}
      </Dialog>
    </>
  );
}

function BatchResults({ rows, record }: { rows: ResultRow[]; record?: ListRecord }) {
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
            {(r.code || r.error) && (
              <span className="cell-sub">
                {explainCode(r.code, lang) ?? explainText(r.error ?? '', lang).text}
              </span>
            )}
          </>
        ),
    },
  ];
  return (
    <Card title={t.results} id="batch-results">
      <div data-testid="batch-results">
        <Alert tone={failed ? 'warning' : 'success'}>{t.resultSummary(ok, failed)}</Alert>
        {record && (
          <p data-testid="list-record-link">
            {t.recordMade(record.number)} <Link to={`/lists/records/${record.id}`}>{t.openRecord}</Link>
          </p>
        )}
        <DataTable
          columns={columns}
          rows={rows}
          rowKey={(r) => `${r.action}:${r.caseId}`}
          rowProps={(r) => ({ 'data-case-id': r.caseId, 'data-status': r.status })}
        />
      </div>
    </Card>
  );
}
