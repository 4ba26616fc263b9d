// 我的申报: the cases the caller started or applies in (GET /cases?mine=true), with their outcome shown distinctly.
import { api } from '../../api/client';
import type { CaseSummary, DefinitionSummary, Page } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Link } from '../../app/router';
import { Button } from '../../components/button';
import { type Column, DataTable } from '../../components/data-table';
import { Pager, urlSort, useListParams } from '../../components/pager';
import { Card, ErrorBanner, Loading, PageHeader, useDocumentTitle } from '../../components/page';
import { CaseStatusBadge } from '../../i18n/domain';
import { formatDateTime } from '../../i18n/format';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';

const m = defineMessages({
  zh: {
    title: '我的申报',
    apply: '我要申报',
    caseNo: '申报编号',
    programme: '项目',
    status: '状态',
    submitted: '提交时间',
    updated: '最近更新',
    empty: '您还没有申报记录。',
    refresh: '刷新',
  },
  en: {
    title: 'My applications',
    apply: 'Apply',
    caseNo: 'Application no.',
    programme: 'Programme',
    status: 'Status',
    submitted: 'Submitted',
    updated: 'Last updated',
    empty: 'You have no applications yet.',
    refresh: 'Refresh',
  },
});

const PAGE_SIZE = 20;

export function MyCasesPage() {
  const t = useMessages(m);
  const { lang } = useLang();
  useDocumentTitle(t.title);
  const { page, sort } = useListParams();
  const cases = useApi(
    (signal) => api.get<Page<CaseSummary>>('/cases', { mine: true, page, pageSize: PAGE_SIZE, sort }, signal),
    [page, sort],
  );
  const defs = useApi(
    (signal) => api.get<DefinitionSummary[]>('/process-definitions', undefined, signal),
    [],
  );
  const name = (key: string) => defs.data?.find((d) => d.key === key)?.name || key;
  const columns: Column<CaseSummary>[] = [
    {
      key: 'no',
      header: t.caseNo,
      sortField: 'businessKey',
      render: (c) => (
        <Link to={`/cases/${c.id}`} className="mono">
          {c.businessKey}
        </Link>
      ),
    },
    { key: 'programme', header: t.programme, render: (c) => name(c.processKey) },
    {
      key: 'status',
      header: t.status,
      sortField: 'status',
      render: (c) => <CaseStatusBadge status={c.status} outcome={c.outcome} />,
    },
    {
      key: 'submitted',
      header: t.submitted,
      sortField: 'createdAt',
      render: (c) => <span className="nowrap">{c.createdAt ? formatDateTime(c.createdAt, lang) : '—'}</span>,
    },
    {
      key: 'updated',
      header: t.updated,
      sortField: 'updatedAt',
      render: (c) => <span className="nowrap">{c.updatedAt ? formatDateTime(c.updatedAt, lang) : '—'}</span>,
    },
  ];
  return (
    <>
      <PageHeader
        title={t.title}
        actions={
          <span className="btn-group">
            <Button onClick={cases.reload} busy={cases.loading && !!cases.data}>
              {t.refresh}
            </Button>
            <Link to="/cases/new" className="btn btn-primary">
              {t.apply}
            </Link>
          </span>
        }
      />
      {cases.error !== undefined && <ErrorBanner error={cases.error} onRetry={cases.reload} />}
      <Card flush>
        {!cases.data && cases.loading ? (
          <Loading />
        ) : (
          <DataTable
            columns={columns}
            rows={cases.data?.items ?? []}
            rowKey={(c) => c.id}
            rowProps={(c) => ({
              'data-case-id': c.id,
              'data-status': c.status,
              'data-outcome': c.outcome ?? '',
            })}
            empty={t.empty}
            caption={t.title}
            sort={urlSort(sort)}
          />
        )}
      </Card>
      <Pager page={page} pageSize={PAGE_SIZE} total={cases.data?.total ?? 0} />
    </>
  );
}
