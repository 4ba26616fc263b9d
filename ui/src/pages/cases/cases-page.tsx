// Case search: free text, procedure, stage, status, outcome, overdue, district and dates, sorted and paged by the
// API and limited by it to what the user may see; the same search exports to CSV or Excel.
import { type ModelElement, useElementNames } from '../../api/bpmn-model';
import { api } from '../../api/client';
import type { CaseStatus, CaseSummary, Page } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Link, setSearch, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { type Column, DataTable } from '../../components/data-table';
import { SelectField } from '../../components/field';
import { ProcedureStageFilters, useProcedureStages } from '../../components/procedure-stage-filters';
import { Card, ErrorBanner, Loading, PageHeader, useDocumentTitle } from '../../components/page';
import { Pager, urlSort, useListParams } from '../../components/pager';
import { CaseStatusBadge, DOMAIN, useDistrictLabel } from '../../i18n/domain';
import { formatDateTime } from '../../i18n/format';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';
import { CaseSearchBox, CaseSearchFilters, ExportButtons, useSearchFilters } from './case-search-filters';

const PAGE_SIZE = 50;
const isWaitingStage = (e: ModelElement) =>
  e.type === 'userTask' ||
  e.type === 'intermediateCatchEvent' ||
  e.type === 'receiveTask' ||
  e.type === 'callActivity';
const STATUSES: CaseStatus[] = ['active', 'completed', 'terminated', 'failed'];

const m = defineMessages({
  zh: {
    title: '案件查询',
    total: (n: number) => `共 ${n} 件`,
    procedure: '流程',
    allProcedures: '全部流程',
    stage: '所在环节',
    allStages: '全部环节',
    status: '状态',
    allStatuses: '全部状态',
    caseNo: '案件编号',
    applicant: '申请人',
    district: '区县',
    at: '当前环节',
    updated: '最近更新',
    outcome: '结果',
    started: '申报时间',
    provisional: '暂定期限',
    empty: '没有符合条件的案件。',
    refresh: '刷新',
    prev: '上一页',
    next: '下一页',
    pageOf: (p: number, n: number) => `第 ${p} / ${n} 页`,
  },
  en: {
    title: 'Cases',
    total: (n: number) => `${n} case${n === 1 ? '' : 's'}`,
    procedure: 'Procedure',
    allProcedures: 'All procedures',
    stage: 'Current step',
    allStages: 'All steps',
    status: 'Status',
    allStatuses: 'All statuses',
    caseNo: 'Case no.',
    applicant: 'Applicant',
    district: 'District',
    at: 'Current step',
    updated: 'Last updated',
    outcome: 'Outcome',
    started: 'Started',
    provisional: 'Provisional deadline',
    empty: 'No case matches.',
    refresh: 'Refresh',
    prev: 'Previous',
    next: 'Next',
    pageOf: (p: number, n: number) => `Page ${p} of ${n}`,
  },
});

export function CasesPage() {
  const t = useMessages(m);
  const statusLabel = useMessages(DOMAIN);
  const districtLabel = useDistrictLabel();
  const { lang } = useLang();
  useDocumentTitle(t.title);
  const { search } = useLocation();
  const processKey = search.get('processKey') ?? '';
  const elementId = search.get('elementId') ?? '';
  const status = search.get('status') ?? '';
  const { page, sort } = useListParams();
  const filters = useSearchFilters();
  const query = { processKey, elementId, status, ...filters, sort };
  const session = useSession();
  // a district reviewer searches only their district (the API enforces it); the picker would only mislead
  const districtFixed = !!session?.user.district;

  const { definitions, stages, defName } = useProcedureStages(processKey, isWaitingStage);
  const cases = useApi(
    (signal) => api.get<Page<CaseSummary>>('/cases', { ...query, page, pageSize: PAGE_SIZE }, signal),
    [JSON.stringify(query), page],
  );
  const elementName = useElementNames(cases.data?.items ?? []);
  const stageName = (c: CaseSummary, id: string) => elementName(c.processKey, c.version, id);

  const columns: Column<CaseSummary>[] = [
    {
      key: 'no',
      header: t.caseNo,
      sortField: 'businessKey',
      render: (c) => (
        <>
          <Link to={`/cases/${c.id}`} className="mono">
            {c.businessKey}
          </Link>
          <span className="cell-sub">{defName(c.processKey)}</span>
        </>
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
      sortField: 'district',
      render: (c) => (typeof c.variables?.district === 'string' ? districtLabel(c.variables.district) : '—'),
    },
    {
      key: 'status',
      header: t.status,
      sortField: 'status',
      render: (c) => (
        <span className="btn-group">
          <CaseStatusBadge status={c.status} />
          {c.calendarProvisional && <Badge tone="warning">{t.provisional}</Badge>}
        </span>
      ),
    },
    {
      key: 'outcome',
      header: t.outcome,
      sortField: 'outcome',
      render: (c) =>
        c.outcome && c.status !== 'active' ? (
          <CaseStatusBadge status={c.status} outcome={c.outcome} />
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      key: 'at',
      header: t.at,
      render: (c) =>
        (c.activeElements ?? []).length ? (
          <span className="btn-group">
            {(c.activeElements ?? []).map((a) => (
              <Badge key={a} tone="info">
                {stageName(c, a)}
              </Badge>
            ))}
          </span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      key: 'started',
      header: t.started,
      sortField: 'createdAt',
      render: (c) => <span className="nowrap">{formatDateTime(c.createdAt, lang)}</span>,
    },
    {
      key: 'updated',
      header: t.updated,
      sortField: 'updatedAt',
      render: (c) => <span className="nowrap">{formatDateTime(c.updatedAt, lang)}</span>,
    },
  ];

  const total = cases.data?.total ?? 0;
  return (
    <>
      <PageHeader
        title={t.title}
        subtitle={cases.data ? t.total(total) : undefined}
        actions={
          <>
            <ExportButtons query={query} />
            <Button onClick={cases.reload} busy={cases.loading && !!cases.data}>
              {t.refresh}
            </Button>
          </>
        }
      />
      <div className="filters">
        <CaseSearchBox />
        <ProcedureStageFilters
          processKey={processKey}
          elementId={elementId}
          definitions={definitions}
          stages={stages}
          labels={t}
        />
        <SelectField
          label={t.status}
          value={status}
          onChange={(e) => setSearch({ status: e.target.value, page: undefined })}
        >
          <option value="">{t.allStatuses}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel[s]}
            </option>
          ))}
        </SelectField>
        <CaseSearchFilters districtFixed={districtFixed} />
      </div>
      {cases.error !== undefined && <ErrorBanner error={cases.error} onRetry={cases.reload} />}
      <Card flush>
        {!cases.data && cases.loading ? (
          <Loading />
        ) : (
          <DataTable
            columns={columns}
            rows={cases.data?.items ?? []}
            rowKey={(c) => c.id}
            empty={t.empty}
            caption={t.title}
            sort={urlSort(sort)}
          />
        )}
      </Card>
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
