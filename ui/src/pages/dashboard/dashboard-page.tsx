// 总览: case counts per programme, the chosen programme's diagram with a count per stage (as Camunda Operate draws
// them: active cases, incidents in red, overdue), overdue per stage, and cases started and finished per week.
// Admin, the organization department and city reviewers see every district; a district reviewer their own.
import { useMemo } from 'react';
import { loadDefinition } from '../../api/bpmn-model';
import { api } from '../../api/client';
import type {
  DefinitionSummary,
  ElementCounts,
  ProgrammeCounts,
  ProgrammeStats,
  WeeklyStats,
} from '../../api/types';
import { useApi } from '../../api/use-api';
import { Link, setSearch, useLocation } from '../../app/router';
import { type ElementBadge, BpmnViewer } from '../../components/bpmn-viewer';
import { Button } from '../../components/button';
import { type Column, DataTable } from '../../components/data-table';
import { SelectField } from '../../components/field';
import { Card, ErrorBanner, Loading, PageHeader, useDocumentTitle } from '../../components/page';
import { useDistrictLabel } from '../../i18n/domain';
import { defineMessages, useMessages } from '../../i18n/i18n';
import { WeeklyChart } from './weekly-chart';
import './dashboard.css';

const m = defineMessages({
  zh: {
    title: '总览',
    scopeAll: '全部区县',
    scope: (d: string) => `范围：${d}`,
    refresh: '刷新',
    programmes: '各流程案件数',
    programme: '流程',
    active: '办理中',
    completed: '已办结',
    terminated: '已终止',
    failed: '异常',
    overdue: '逾期',
    none: '暂无案件。',
    diagram: '流程图上的分布',
    pick: '选择流程',
    stages: '各环节案件数',
    stage: '环节',
    noStage: '该流程当前没有办理中的案件。',
    weekly: '每周新申报与办结',
    weeklyLabel: '近 12 周每周新申报与办结案件数',
    badgeActive: (n: number, s: string) => `${s}：${n} 件办理中`,
    badgeIncident: (n: number, s: string) => `${s}：${n} 件异常`,
    badgeOverdue: (n: number, s: string) => `${s}：${n} 件逾期`,
    diagramLabel: (p: string) => `${p}流程图，标注各环节案件数`,
    legendActive: '绿色：办理中',
    legendIncident: '红色：异常',
    legendOverdue: '橙色：逾期',
    viewCases: '查看案件',
  },
  en: {
    title: 'Overview',
    scopeAll: 'All districts',
    scope: (d: string) => `Scope: ${d}`,
    refresh: 'Refresh',
    programmes: 'Cases per procedure',
    programme: 'Procedure',
    active: 'In progress',
    completed: 'Completed',
    terminated: 'Terminated',
    failed: 'Incidents',
    overdue: 'Overdue',
    none: 'No cases yet.',
    diagram: 'On the diagram',
    pick: 'Procedure',
    stages: 'Cases per step',
    stage: 'Step',
    noStage: 'No case of this procedure is in progress.',
    weekly: 'Started and finished per week',
    weeklyLabel: 'Cases started and finished per week, last 12 weeks',
    badgeActive: (n: number, s: string) => `${s}: ${n} in progress`,
    badgeIncident: (n: number, s: string) => `${s}: ${n} incidents`,
    badgeOverdue: (n: number, s: string) => `${s}: ${n} overdue`,
    diagramLabel: (p: string) => `Diagram of ${p} with case counts per step`,
    legendActive: 'Green: in progress',
    legendIncident: 'Red: incidents',
    legendOverdue: 'Orange: overdue',
    viewCases: 'View cases',
  },
});

export function DashboardPage() {
  const t = useMessages(m);
  const districtLabel = useDistrictLabel();
  useDocumentTitle(t.title);
  const { search } = useLocation();

  const programmes = useApi((signal) => api.get<ProgrammeStats>('/stats/programmes', undefined, signal), []);
  const weekly = useApi((signal) => api.get<WeeklyStats>('/stats/weekly', { weeks: 12 }, signal), []);
  const definitions = useApi(
    (signal) => api.get<DefinitionSummary[]>('/process-definitions', undefined, signal),
    [],
  );
  const items = programmes.data?.items ?? [];
  const name = (key: string) =>
    items.find((p) => p.processKey === key)?.name ??
    definitions.data?.find((d) => d.key === key)?.name ??
    key;
  // the programme drawn: from the URL, else the one with the most cases in progress
  const chosen =
    search.get('processKey') ||
    [...items].sort((a, b) => b.active + b.failed - (a.active + a.failed))[0]?.processKey ||
    '';
  const latest = definitions.data?.find((d) => d.key === chosen)?.latestVersion;

  const definition = useApi(
    async () => (chosen && latest ? loadDefinition(chosen, latest) : undefined),
    [chosen, latest],
  );
  const elements = useApi(
    (signal) =>
      chosen
        ? api.get<{ items: ElementCounts[] }>(
            `/stats/programmes/${encodeURIComponent(chosen)}/elements`,
            undefined,
            signal,
          )
        : Promise.resolve({ items: [] as ElementCounts[] }),
    [chosen],
  );
  const stageName = (id: string) => definition.data?.model.elements.get(id)?.name || '—';

  const badges = useMemo<ElementBadge[]>(() => {
    const named = (id: string) => definition.data?.model.elements.get(id)?.name || '';
    return (elements.data?.items ?? []).flatMap((e) => [
      {
        elementId: e.elementId,
        kind: 'active' as const,
        count: e.active,
        label: t.badgeActive(e.active, named(e.elementId)),
      },
      {
        elementId: e.elementId,
        kind: 'incident' as const,
        count: e.incidents,
        label: t.badgeIncident(e.incidents, named(e.elementId)),
      },
      {
        elementId: e.elementId,
        kind: 'overdue' as const,
        count: e.overdue,
        label: t.badgeOverdue(e.overdue, named(e.elementId)),
      },
    ]);
  }, [elements.data, definition.data, t]);

  const num = (n: number, tone?: 'danger' | 'warning') => (
    <span className={`num${n > 0 && tone ? ` text-${tone}` : ''}`}>{n}</span>
  );
  const programmeColumns: Column<ProgrammeCounts>[] = [
    {
      key: 'name',
      header: t.programme,
      render: (p) => (
        <Button variant="ghost" size="sm" onClick={() => setSearch({ processKey: p.processKey })}>
          {p.name ?? name(p.processKey)}
        </Button>
      ),
    },
    { key: 'active', header: t.active, align: 'right', render: (p) => num(p.active) },
    { key: 'completed', header: t.completed, align: 'right', render: (p) => num(p.completed) },
    { key: 'terminated', header: t.terminated, align: 'right', render: (p) => num(p.terminated) },
    { key: 'failed', header: t.failed, align: 'right', render: (p) => num(p.failed, 'danger') },
    { key: 'overdue', header: t.overdue, align: 'right', render: (p) => num(p.overdue, 'warning') },
    {
      key: 'cases',
      header: '',
      align: 'right',
      render: (p) => <Link to={`/cases?processKey=${encodeURIComponent(p.processKey)}`}>{t.viewCases}</Link>,
    },
  ];
  const stageColumns: Column<ElementCounts>[] = [
    {
      key: 'stage',
      header: t.stage,
      render: (e) => (
        <Link
          to={`/cases?processKey=${encodeURIComponent(chosen)}&elementId=${encodeURIComponent(e.elementId)}`}
        >
          {stageName(e.elementId)}
        </Link>
      ),
    },
    { key: 'active', header: t.active, align: 'right', render: (e) => num(e.active) },
    { key: 'incidents', header: t.failed, align: 'right', render: (e) => num(e.incidents, 'danger') },
    { key: 'overdue', header: t.overdue, align: 'right', render: (e) => num(e.overdue, 'warning') },
  ];

  const district = programmes.data?.district;
  const reload = () => {
    programmes.reload();
    weekly.reload();
    elements.reload();
  };
  return (
    <>
      <PageHeader
        title={t.title}
        subtitle={programmes.data ? t.scope(district ? districtLabel(district) : t.scopeAll) : undefined}
        actions={
          <Button onClick={reload} busy={programmes.loading && !!programmes.data}>
            {t.refresh}
          </Button>
        }
      />
      {programmes.error !== undefined && <ErrorBanner error={programmes.error} onRetry={programmes.reload} />}
      <div className="dashboard-grid">
        <Card title={t.programmes} flush>
          {!programmes.data && programmes.loading ? (
            <Loading />
          ) : (
            <DataTable
              columns={programmeColumns}
              rows={items}
              rowKey={(p) => p.processKey}
              empty={t.none}
              caption={t.programmes}
              rowClassName={(p) => (p.processKey === chosen ? 'row-selected' : undefined)}
              rowProps={(p) => ({ 'data-process-key': p.processKey })}
            />
          )}
        </Card>
        {chosen && (
          <Card
            title={t.diagram}
            actions={
              <SelectField
                label={t.pick}
                value={chosen}
                onChange={(e) => setSearch({ processKey: e.target.value })}
              >
                {(definitions.data ?? []).map((d) => (
                  <option key={d.key} value={d.key}>
                    {d.name ?? d.key}
                  </option>
                ))}
              </SelectField>
            }
          >
            {elements.error !== undefined && <ErrorBanner error={elements.error} onRetry={elements.reload} />}
            {definition.data ? (
              <BpmnViewer
                xml={definition.data.xml}
                badges={badges}
                height="auto"
                label={t.diagramLabel(name(chosen))}
              />
            ) : (
              <Loading />
            )}
            <p className="chart-legend">
              <span className="legend-swatch rf-badge-active" /> {t.legendActive}
              <span className="legend-swatch rf-badge-incident" /> {t.legendIncident}
              <span className="legend-swatch rf-badge-overdue" /> {t.legendOverdue}
            </p>
          </Card>
        )}
        {chosen && (
          <Card title={t.stages} flush>
            <DataTable
              columns={stageColumns}
              rows={elements.data?.items ?? []}
              rowKey={(e) => e.elementId}
              empty={t.noStage}
              caption={t.stages}
              rowProps={(e) => ({ 'data-element-id': e.elementId })}
            />
          </Card>
        )}
        <Card title={t.weekly}>
          {weekly.error !== undefined && <ErrorBanner error={weekly.error} onRetry={weekly.reload} />}
          {weekly.data ? <WeeklyChart weeks={weekly.data.items} label={t.weeklyLabel} /> : <Loading />}
        </Card>
      </div>
    </>
  );
}
