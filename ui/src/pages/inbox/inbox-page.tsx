// The inbox: tasks the user may act on (their own and their groups', district-scoped by the API), by due date.
// Test hooks: data-testid="inbox-table"; rows carry data-task-id; the complete dialog shows data-testid="complete-error".
import { useMemo, useState } from 'react';
import type { ModelElement } from '../../api/bpmn-model';
import { forgetCase } from '../../api/case-cache';
import { api } from '../../api/client';
import { explainError } from '../../api/explain-error';
import type { InboxTask, Page, Task } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Link, setSearch, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { type Column, DataTable } from '../../components/data-table';
import { ProcedureStageFilters, useProcedureStages } from '../../components/procedure-stage-filters';
import { Card, ErrorBanner, Loading, PageHeader, useDocumentTitle } from '../../components/page';
import { Pager, urlSort, useListParams } from '../../components/pager';
import { useToast } from '../../components/toast';
import { daysUntil, formatDate, formatDateTime, now as appNow } from '../../i18n/format';
import { ROLE_LABELS } from '../../i18n/domain';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';
import { CompleteTaskDialog } from './complete-task-dialog';

const PAGE_SIZE = 50;
const isUserTask = (e: ModelElement) => e.type === 'userTask';

const m = defineMessages({
  zh: {
    title: '待办任务',
    summary: (n: number, overdue: number) =>
      overdue ? `共 ${n} 项待办，本页 ${overdue} 项已逾期` : `共 ${n} 项待办`,
    scopeAll: '全部可办',
    scopeMine: '我认领的',
    scope: '范围',
    procedure: '流程',
    allProcedures: '全部流程',
    stage: '环节',
    allStages: '全部环节',
    refresh: '刷新',
    task: '任务',
    case: '案件',
    handler: '办理人',
    created: '到达时间',
    due: '办理期限',
    actions: '操作',
    claim: '认领',
    unclaim: '退回',
    complete: '办理',
    unclaimed: '待认领',
    me: '我',
    overdue: (d: number) => `已逾期 ${d} 天`,
    dueToday: '今日到期',
    dueIn: (d: number) => `剩 ${d} 天`,
    noDue: '无期限',
    empty: '暂无待办任务。',
    emptyFiltered: '没有符合筛选条件的任务。',
    claimed: '已认领，任务只在您的待办中显示。',
    unclaimedOk: '已退回认领，组内其他人员可以办理。',
    completed: (name: string) => `已办理：${name}`,
    prev: '上一页',
    next: '下一页',
    pageOf: (p: number, n: number) => `第 ${p} / ${n} 页`,
    tableCaption: '待办任务列表，按办理期限排序',
  },
  en: {
    title: 'Inbox',
    summary: (n: number, overdue: number) =>
      overdue ? `${n} open tasks, ${overdue} overdue on this page` : `${n} open task${n === 1 ? '' : 's'}`,
    scopeAll: 'All I can do',
    scopeMine: 'Claimed by me',
    scope: 'Scope',
    procedure: 'Procedure',
    allProcedures: 'All procedures',
    stage: 'Stage',
    allStages: 'All stages',
    refresh: 'Refresh',
    task: 'Task',
    case: 'Case',
    handler: 'Handler',
    created: 'Arrived',
    due: 'Due',
    actions: 'Actions',
    claim: 'Claim',
    unclaim: 'Release',
    complete: 'Complete',
    unclaimed: 'Unclaimed',
    me: 'me',
    overdue: (d: number) => `${d} day${d === 1 ? '' : 's'} overdue`,
    dueToday: 'Due today',
    dueIn: (d: number) => `${d} day${d === 1 ? '' : 's'} left`,
    noDue: 'No deadline',
    empty: 'Nothing to do right now.',
    emptyFiltered: 'No task matches these filters.',
    claimed: 'Claimed: the task now shows only in your inbox.',
    unclaimedOk: 'Released: others in your group can take it.',
    completed: (name: string) => `Completed: ${name}`,
    prev: 'Previous',
    next: 'Next',
    pageOf: (p: number, n: number) => `Page ${p} of ${n}`,
    tableCaption: 'Open tasks, by due date',
  },
});

function DueCell({ dueAt }: { dueAt: string | null }) {
  const t = useMessages(m);
  const { lang } = useLang();
  if (!dueAt) return <span className="muted">{t.noDue}</span>;
  const overdue = Date.parse(dueAt) < appNow().getTime();
  const d = daysUntil(dueAt);
  return (
    <span className="due">
      <span className="nowrap">{formatDate(dueAt, lang)}</span>{' '}
      {overdue ? (
        <Badge tone="danger">{t.overdue(Math.max(1, -d))}</Badge>
      ) : d <= 0 ? (
        <Badge tone="warning">{t.dueToday}</Badge>
      ) : d <= 2 ? (
        <Badge tone="warning">{t.dueIn(d)}</Badge>
      ) : (
        <span className="muted cell-sub">{t.dueIn(d)}</span>
      )}
    </span>
  );
}

export function InboxPage() {
  const t = useMessages(m);
  const roles = useMessages(ROLE_LABELS);
  const { lang } = useLang();
  const toast = useToast();
  const session = useSession();
  const me = session?.user.username;
  useDocumentTitle(t.title);
  const { search } = useLocation();
  const processKey = search.get('processKey') ?? '';
  const elementId = search.get('elementId') ?? '';
  const mine = search.get('mine') === 'true';
  // sort absent: by due date (the API's default, the inbox index order)
  const { page, sort } = useListParams();

  const { definitions, stages, defName } = useProcedureStages(processKey, isUserTask);

  const tasks = useApi(
    (signal) =>
      api.get<Page<InboxTask>>(
        '/tasks',
        {
          state: 'open',
          processKey,
          elementId,
          mine: mine ? 'true' : undefined,
          page,
          pageSize: PAGE_SIZE,
          sort,
        },
        signal,
      ),
    [processKey, elementId, mine, page, sort],
  );
  const items = useMemo(() => tasks.data?.items ?? [], [tasks.data]);

  const [busyId, setBusyId] = useState<string | undefined>(undefined);
  const [completing, setCompleting] = useState<Task | null>(null);

  const claim = async (task: InboxTask, release: boolean) => {
    setBusyId(task.id);
    try {
      await api.post(`/tasks/${task.id}/${release ? 'unclaim' : 'claim'}`);
      toast(release ? t.unclaimedOk : t.claimed);
      tasks.reload();
    } catch (err) {
      toast(explainError(err, lang).text, 'error');
    } finally {
      setBusyId(undefined);
    }
  };

  const now = appNow().getTime();
  const overdueCount = items.filter((x) => x.dueAt && Date.parse(x.dueAt) < now).length;
  const total = tasks.data?.total ?? 0;

  const columns: Column<InboxTask>[] = [
    {
      key: 'task',
      header: t.task,
      sortField: 'name',
      render: (x) => (
        <>
          {/* the step's name only: its element id is for whoever drew the BPMN */}
          <span className="cell-title">{x.name || '—'}</span>
        </>
      ),
    },
    {
      key: 'case',
      header: t.case,
      render: (x) => (
        <>
          <Link to={`/cases/${x.caseId}`} className="mono nowrap">
            {x.businessKey}
          </Link>
          {x.applicantName && <span className="cell-sub">{x.applicantName}</span>}
          <span className="cell-sub">{defName(x.processKey)}</span>
        </>
      ),
    },
    {
      key: 'handler',
      header: t.handler,
      render: (x) =>
        x.assignee ? (
          <Badge tone={x.assignee === me ? 'accent' : 'neutral'}>
            {x.assignee === me ? `${t.me} (${x.assignee})` : x.assignee}
          </Badge>
        ) : (
          <>
            <Badge tone="neutral">{t.unclaimed}</Badge>
            <span className="cell-sub">
              {x.candidateGroups.map((g) => (roles as Record<string, string>)[g] ?? g).join('、')}
            </span>
          </>
        ),
    },
    {
      key: 'created',
      header: t.created,
      sortField: 'createdAt',
      className: 'hide-narrow',
      render: (x) => <span className="nowrap">{formatDateTime(x.createdAt, lang)}</span>,
    },
    { key: 'due', header: t.due, sortField: 'dueAt', render: (x) => <DueCell dueAt={x.dueAt} /> },
    {
      key: 'actions',
      header: t.actions,
      align: 'right',
      render: (x) => (
        <span className="btn-group row-actions">
          {x.assignee === me ? (
            <Button size="sm" variant="ghost" busy={busyId === x.id} onClick={() => void claim(x, true)}>
              {t.unclaim}
            </Button>
          ) : !x.assignee ? (
            <Button size="sm" busy={busyId === x.id} onClick={() => void claim(x, false)}>
              {t.claim}
            </Button>
          ) : null}
          <Button
            size="sm"
            variant="primary"
            onClick={() => setCompleting(x)}
            aria-label={`${t.complete}: ${x.name ?? x.elementId}`}
          >
            {t.complete}
          </Button>
        </span>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        subtitle={tasks.data ? t.summary(total, overdueCount) : undefined}
        actions={
          <Button onClick={tasks.reload} busy={tasks.loading && !!tasks.data}>
            {t.refresh}
          </Button>
        }
      />
      <div className="filters" role="search">
        <div className="field">
          <span className="field-label" id="scope-label">
            {t.scope}
          </span>
          <div className="segmented" role="group" aria-labelledby="scope-label">
            <button
              type="button"
              aria-pressed={!mine}
              onClick={() => setSearch({ mine: undefined, page: undefined })}
            >
              {t.scopeAll}
            </button>
            <button
              type="button"
              aria-pressed={mine}
              onClick={() => setSearch({ mine: 'true', page: undefined })}
            >
              {t.scopeMine}
            </button>
          </div>
        </div>
        <ProcedureStageFilters
          processKey={processKey}
          elementId={elementId}
          definitions={definitions}
          stages={stages}
          labels={t}
          keepUnknownStage
        />
      </div>
      {tasks.error !== undefined && <ErrorBanner error={tasks.error} onRetry={tasks.reload} />}
      <Card flush>
        {!tasks.data && tasks.loading ? (
          <Loading />
        ) : (
          <div data-testid="inbox-table">
            <DataTable
              caption={t.tableCaption}
              columns={columns}
              rows={items}
              rowKey={(x) => x.id}
              rowClassName={(x) => (x.dueAt && Date.parse(x.dueAt) < now ? 'row-overdue' : undefined)}
              rowProps={(x) => ({ 'data-task-id': x.id, 'data-element-id': x.elementId })}
              empty={processKey || elementId || mine ? t.emptyFiltered : t.empty}
              sort={urlSort(sort)}
            />
          </div>
        )}
      </Card>
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
      <CompleteTaskDialog
        task={completing}
        onClose={() => setCompleting(null)}
        onDone={(res) => {
          toast(t.completed(res.task.name ?? res.task.elementId));
          forgetCase(res.task.caseId);
          setCompleting(null);
          tasks.reload();
        }}
      />
    </>
  );
}
