// 已办: the tasks I completed (task, case, procedure, my decision, when), paged and sorted by the API.
import { useElementNames } from '../../api/bpmn-model';
import { api } from '../../api/client';
import type { DefinitionSummary, DoneTask, Page } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Link } from '../../app/router';
import { Button } from '../../components/button';
import { type Column, DataTable } from '../../components/data-table';
import { Card, ErrorBanner, Loading, PageHeader, useDocumentTitle } from '../../components/page';
import { Pager, urlSort, useListParams } from '../../components/pager';
import { CaseStatusBadge, useDecisionLabel } from '../../i18n/domain';
import { formatDateTime } from '../../i18n/format';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';

const PAGE_SIZE = 20;

const m = defineMessages({
  zh: {
    title: '已办',
    total: (n: number) => `共 ${n} 项`,
    task: '任务',
    caseNo: '案件编号',
    procedure: '流程',
    decision: '我的结论',
    completedAt: '办理时间',
    caseState: '案件状态',
    empty: '还没有办理过的任务。',
    refresh: '刷新',
  },
  en: {
    title: 'Done',
    total: (n: number) => `${n} task${n === 1 ? '' : 's'}`,
    task: 'Task',
    caseNo: 'Case no.',
    procedure: 'Procedure',
    decision: 'My decision',
    completedAt: 'Completed',
    caseState: 'Case',
    empty: 'No completed task yet.',
    refresh: 'Refresh',
  },
});

export function DonePage() {
  const t = useMessages(m);
  const { lang } = useLang();
  const decisionLabel = useDecisionLabel();
  useDocumentTitle(t.title);
  const { page, sort } = useListParams('-completedAt');
  const done = useApi(
    (signal) => api.get<Page<DoneTask>>('/tasks/done', { page, pageSize: PAGE_SIZE, sort }, signal),
    [page, sort],
  );
  const definitions = useApi(
    (signal) => api.get<DefinitionSummary[]>('/process-definitions', undefined, signal),
    [],
  );
  const items = done.data?.items ?? [];
  const elementName = useElementNames(
    items.map((d) => ({ processKey: d.processKey, version: d.processVersion })),
  );
  const defName = (key: string) => definitions.data?.find((d) => d.key === key)?.name ?? key;

  const columns: Column<DoneTask>[] = [
    {
      key: 'task',
      header: t.task,
      sortField: 'name',
      render: (d) => elementName(d.processKey, d.processVersion, d.elementId) || d.name,
    },
    {
      key: 'case',
      header: t.caseNo,
      sortField: 'businessKey',
      render: (d) => (
        <Link to={`/cases/${d.caseId}`} className="mono">
          {d.businessKey}
        </Link>
      ),
    },
    { key: 'procedure', header: t.procedure, sortField: 'processKey', render: (d) => defName(d.processKey) },
    {
      key: 'decision',
      header: t.decision,
      render: (d) => (d.decision ? decisionLabel(d.decision) : <span className="muted">—</span>),
    },
    {
      key: 'completedAt',
      header: t.completedAt,
      sortField: 'completedAt',
      render: (d) => <span className="nowrap">{formatDateTime(d.completedAt, lang)}</span>,
    },
    {
      key: 'state',
      header: t.caseState,
      render: (d) => <CaseStatusBadge status={d.caseStatus} outcome={d.outcome} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        subtitle={done.data ? t.total(done.data.total) : undefined}
        actions={
          <Button onClick={done.reload} busy={done.loading && !!done.data}>
            {t.refresh}
          </Button>
        }
      />
      {done.error !== undefined && <ErrorBanner error={done.error} onRetry={done.reload} />}
      <Card flush>
        {!done.data && done.loading ? (
          <Loading />
        ) : (
          <DataTable
            columns={columns}
            rows={items}
            rowKey={(d) => d.id}
            empty={t.empty}
            caption={t.title}
            sort={urlSort(sort)}
          />
        )}
      </Card>
      <Pager page={page} pageSize={PAGE_SIZE} total={done.data?.total ?? 0} />
    </>
  );
}
