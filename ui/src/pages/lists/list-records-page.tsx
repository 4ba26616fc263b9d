// List records (名单记录): every published or decided list, newest first, each opening its printable notice.
// Readable by the working group (org-department, city-reviewer, admin), like the API.
// Test hooks: data-testid="list-records"; rows carry data-record-id.
import { api } from '../../api/client';
import { type ListRecordSummary, chineseDate } from '../../api/lists';
import type { Page } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Link } from '../../app/router';
import { Badge } from '../../components/badge';
import { type Column, DataTable } from '../../components/data-table';
import { Card, ErrorBanner, Loading, PageHeader, useDocumentTitle } from '../../components/page';
import { defineMessages, useMessages } from '../../i18n/i18n';

const m = defineMessages({
  zh: {
    title: '名单记录',
    intro: '已发布的公示名单和已作出的审批名单，可查看、打印和导出。',
    back: '返回名单公示与审批',
    number: '编号',
    name: '名单名称',
    kind: '类型',
    publish: '公示名单',
    approve: '审批名单',
    date: '日期',
    stage: '环节',
    cases: '案件数',
    casesOf: (done: number, total: number) =>
      done === total ? `${done} 件` : `${done} 件（共 ${total} 件）`,
    none: '暂无名单记录。',
  },
  en: {
    title: 'List records',
    intro: 'Published publicity lists and decided approval lists, to read, print and export.',
    back: 'Back to lists',
    number: 'No.',
    name: 'Title',
    kind: 'Kind',
    publish: 'Publicity list',
    approve: 'Approval list',
    date: 'Date',
    stage: 'Step',
    cases: 'Cases',
    casesOf: (done: number, total: number) => (done === total ? `${done}` : `${done} of ${total}`),
    none: 'No list records yet.',
  },
});

export function ListRecordsPage() {
  const t = useMessages(m);
  useDocumentTitle(t.title);
  const records = useApi(
    (signal) => api.get<Page<ListRecordSummary>>('/lists', { pageSize: 200 }, signal),
    [],
  );
  const columns: Column<ListRecordSummary>[] = [
    {
      key: 'number',
      header: t.number,
      render: (r) => <Link to={`/lists/records/${r.id}`}>{r.number}</Link>,
    },
    { key: 'name', header: t.name, render: (r) => r.title },
    {
      key: 'kind',
      header: t.kind,
      render: (r) => (
        <Badge tone={r.kind === 'publish' ? 'accent' : 'info'}>
          {r.kind === 'publish' ? t.publish : t.approve}
        </Badge>
      ),
    },
    { key: 'stage', header: t.stage, render: (r) => r.stageName },
    { key: 'date', header: t.date, render: (r) => chineseDate(r.createdAt) },
    { key: 'cases', header: t.cases, render: (r) => t.casesOf(r.done, r.total) },
  ];
  return (
    <>
      <PageHeader title={t.title} subtitle={t.intro} back={<Link to="/lists">{t.back}</Link>} />
      <Card>
        {records.error !== undefined && <ErrorBanner error={records.error} onRetry={records.reload} />}
        {!records.data && records.loading ? (
          <Loading />
        ) : (
          <div data-testid="list-records">
            <DataTable
              columns={columns}
              rows={records.data?.items ?? []}
              rowKey={(r) => r.id}
              empty={t.none}
              rowProps={(r) => ({ 'data-record-id': r.id })}
            />
          </div>
        )}
      </Card>
    </>
  );
}
