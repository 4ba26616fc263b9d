// /definitions (admin): deploy a BPMN file, and the deployed processes with links to each version's diagram.
// Test hooks: data-testid="definitions-table"; rows carry data-key.
import { Link } from '../../app/router';
import { api } from '../../api/client';
import type { DefinitionSummary } from '../../api/types';
import { useApi } from '../../api/use-api';
import { DataTable } from '../../components/data-table';
import { Card, ErrorBanner, Loading, PageHeader, useDocumentTitle } from '../../components/page';
import { formatDateTime } from '../../i18n/format';
import { useLang, useMessages } from '../../i18n/i18n';
import { m } from './messages';
import { UploadCard } from './upload-card';
import './definitions.css';

/** The earliest next fire of a definition's timer start events (admins get them from the list). */
const nextTimerStart = (d: DefinitionSummary): string | null =>
  (d.timerStarts ?? [])
    .map((s) => s.nextFireAt)
    .filter((at): at is string => !!at)
    .sort()[0] ?? null;

/** Versions are numbered 1…latest without gaps (the API bumps by one per distinct XML). */
export const versionsOf = (latest: number) => Array.from({ length: latest }, (_, i) => latest - i);

export function DefinitionsPage() {
  const t = useMessages(m);
  const { lang } = useLang();
  useDocumentTitle(t.title);
  const list = useApi(
    (signal) => api.get<DefinitionSummary[]>('/process-definitions', undefined, signal),
    [],
  );

  return (
    <>
      <PageHeader title={t.title} subtitle={t.subtitle} />
      <div className="stack">
        <UploadCard onDeployed={list.reload} />
        <Card title={t.listTitle} id="definitions">
          {list.error ? (
            <ErrorBanner error={list.error} onRetry={list.reload} />
          ) : !list.data ? (
            <Loading />
          ) : (
            <div data-testid="definitions-table">
              <DataTable
                caption={t.listTitle}
                rows={[...list.data].sort((a, b) => a.key.localeCompare(b.key))}
                rowKey={(d) => d.key}
                rowProps={(d) => ({ 'data-key': d.key })}
                empty={t.listEmpty}
                columns={[
                  {
                    key: 'name',
                    header: t.name,
                    render: (d) => (
                      <Link
                        to={`/definitions/${encodeURIComponent(d.key)}/${d.latestVersion}`}
                        className="cell-title"
                        title={d.key}
                      >
                        {d.name || t.noName}
                      </Link>
                    ),
                  },
                  ...(lang === 'en'
                    ? [
                        {
                          key: 'key',
                          header: t.key,
                          render: (d: DefinitionSummary) => <span className="mono">{d.key}</span>,
                        },
                      ]
                    : []),
                  {
                    key: 'latest',
                    header: t.latest,
                    align: 'right',
                    width: '8rem',
                    render: (d) => d.latestVersion,
                  },
                  // only when some process starts on a schedule (timer start events)
                  ...(list.data.some((d) => nextTimerStart(d))
                    ? [
                        {
                          key: 'nextTimerStart',
                          header: t.nextTimerStart,
                          render: (d: DefinitionSummary) => formatDateTime(nextTimerStart(d), lang),
                        },
                      ]
                    : []),
                  {
                    key: 'versions',
                    header: t.versions,
                    render: (d) => (
                      <span className="version-links">
                        {versionsOf(d.latestVersion).map((v) => (
                          <Link
                            key={v}
                            to={`/definitions/${encodeURIComponent(d.key)}/${v}`}
                            aria-label={t.versionLink(v)}
                          >
                            {t.versionShort(v)}
                          </Link>
                        ))}
                      </span>
                    ),
                  },
                ]}
              />
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
