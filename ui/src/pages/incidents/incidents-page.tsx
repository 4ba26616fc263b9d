// Admin: the open incidents of all cases, oldest first, with the step by name, the cause in words and its age.
// Filter by programme; paged on the server. Test hooks: data-testid="incidents-table", "incidents-filter".
import { useState } from 'react';
import { api } from '../../api/client';
import type { DefinitionSummary, Page } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Link } from '../../app/router';
import { Button } from '../../components/button';
import { type Column, DataTable } from '../../components/data-table';
import { SelectField } from '../../components/field';
import { Card, ErrorBanner, Loading, PageHeader, useDocumentTitle } from '../../components/page';
import { formatDateTime, now } from '../../i18n/format';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';
import { type IncidentItem, ageText, causeText } from './incident-words';

const PAGE_SIZE = 20;

const m = defineMessages({
  zh: {
    title: '异常处理',
    subtitle: '所有案件中尚未处理的流程异常，最早发生的在前。点击案件编号进入案件页处理。',
    programme: '项目',
    allProgrammes: '全部项目',
    case: '案件编号',
    step: '异常环节',
    cause: '原因',
    since: '发生时间',
    age: '已持续',
    empty: '目前没有待处理的异常。',
    unnamed: '未命名环节',
    timerStep: '期限计算',
    count: (n: number) => `共 ${n} 个异常`,
    prev: '上一页',
    next: '下一页',
    page: (p: number, of: number) => `第 ${p} / ${of} 页`,
  },
  en: {
    title: 'Incidents',
    subtitle: 'Open incidents of all cases, oldest first. Open a case to fix it.',
    programme: 'Programme',
    allProgrammes: 'All programmes',
    case: 'Case',
    step: 'Step',
    cause: 'Cause',
    since: 'Raised',
    age: 'Open for',
    empty: 'There are no open incidents.',
    unnamed: 'Unnamed step',
    timerStep: 'Deadline computation',
    count: (n: number) => `${n} incident(s)`,
    prev: 'Previous',
    next: 'Next',
    page: (p: number, of: number) => `Page ${p} of ${of}`,
  },
});

export function IncidentsPage() {
  const t = useMessages(m);
  const { lang } = useLang();
  useDocumentTitle(t.title);
  const [processKey, setProcessKey] = useState('');
  const [page, setPage] = useState(1);
  const defs = useApi(
    (signal) => api.get<DefinitionSummary[]>('/process-definitions', undefined, signal),
    [],
  );
  const list = useApi(
    (signal) =>
      api.get<Page<IncidentItem>>(
        '/incidents',
        { processKey: processKey || undefined, page, pageSize: PAGE_SIZE },
        signal,
      ),
    [processKey, page],
  );
  const at = now();
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE));
  const columns: Column<IncidentItem>[] = [
    {
      key: 'case',
      header: t.case,
      render: (i) => (
        <>
          <Link to={`/cases/${encodeURIComponent(i.caseId)}`} className="mono">
            {i.businessKey}
          </Link>
          {i.processName && <span className="cell-sub">{i.processName}</span>}
        </>
      ),
    },
    {
      key: 'step',
      header: t.step,
      render: (i) => i.elementName || (i.incidentKey === 'shell' ? t.timerStep : t.unnamed),
    },
    { key: 'cause', header: t.cause, render: (i) => causeText(i.cause, lang) },
    {
      key: 'since',
      header: t.since,
      render: (i) => <span className="nowrap">{formatDateTime(i.raisedAt, lang)}</span>,
    },
    {
      key: 'age',
      header: t.age,
      render: (i) => <span className="nowrap">{ageText(i.raisedAt, at, lang)}</span>,
    },
  ];
  return (
    <>
      <PageHeader title={t.title} subtitle={t.subtitle} />
      <Card
        flush
        actions={
          <div data-testid="incidents-filter">
            <SelectField
              label={t.programme}
              value={processKey}
              onChange={(e) => {
                setProcessKey(e.target.value);
                setPage(1);
              }}
            >
              <option value="">{t.allProgrammes}</option>
              {(defs.data ?? []).map((d) => (
                <option key={d.key} value={d.key}>
                  {d.name || d.key}
                </option>
              ))}
            </SelectField>
          </div>
        }
        title={list.data ? t.count(list.data.total) : undefined}
      >
        {list.error !== undefined ? (
          <ErrorBanner error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <Loading />
        ) : (
          <div data-testid="incidents-table">
            <DataTable
              columns={columns}
              rows={list.data.items}
              rowKey={(i) => `${i.caseId}:${i.incidentKey}`}
              rowProps={(i) => ({ 'data-case': i.businessKey })}
              empty={t.empty}
            />
          </div>
        )}
        {pages > 1 && (
          <div className="pager">
            <Button size="sm" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              {t.prev}
            </Button>
            <span className="muted">{t.page(page, pages)}</span>
            <Button size="sm" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
              {t.next}
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}
