// /definitions/:key/:version: one version's diagram, with links to the other versions and the XML source.
// Test hooks: data-testid="definition-diagram".
import { useState } from 'react';
import { Link, type Params } from '../../app/router';
import { ApiError, api } from '../../api/client';
import type { DefinitionSummary, DefinitionVersion } from '../../api/types';
import { useApi } from '../../api/use-api';
import { BpmnViewer } from '../../components/bpmn-viewer';
import { Badge } from '../../components/badge';
import { Alert, Card, ErrorBanner, Loading, PageHeader, useDocumentTitle } from '../../components/page';
import { useLang, useMessages } from '../../i18n/i18n';
import { versionsOf } from './definitions-page';
import { m } from './messages';
import './definitions.css';

export function DefinitionVersionPage({ params }: { params: Params }) {
  const t = useMessages(m);
  const { lang } = useLang();
  const key = params.key ?? '';
  const version = Number(params.version);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const def = useApi(
    (signal) =>
      api.get<DefinitionVersion>(
        `/process-definitions/${encodeURIComponent(key)}/versions/${version}`,
        undefined,
        signal,
      ),
    [key, version],
  );
  const all = useApi((signal) => api.get<DefinitionSummary[]>('/process-definitions', undefined, signal), []);
  const latest = all.data?.find((d) => d.key === key)?.latestVersion;
  const name = def.data?.name || key;
  useDocumentTitle(def.data ? t.versionTitle(name, version) : t.title);

  const back = <Link to="/definitions">{t.back}</Link>;
  if (def.error) {
    const missing = def.error instanceof ApiError && (def.error.status === 404 || def.error.status === 400);
    return (
      <>
        <PageHeader title={t.title} back={back} />
        {missing ? (
          <Alert tone="warning">{t.notFound}</Alert>
        ) : (
          <ErrorBanner error={def.error} onRetry={def.reload} />
        )}
      </>
    );
  }
  if (!def.data) return <Loading />;

  return (
    <>
      <PageHeader
        title={
          <>
            {t.versionTitle(name, version)}{' '}
            {latest === version && <Badge tone="success">{t.latestBadge}</Badge>}
          </>
        }
        subtitle={
          latest ? (
            t.versionSubtitle(key, latest)
          ) : lang === 'en' ? (
            <span className="mono">{key}</span>
          ) : undefined
        }
        back={back}
        actions={
          latest && latest > 1 ? (
            <nav className="version-switch" aria-label={t.otherVersions}>
              {versionsOf(latest).map((v) => (
                <Link
                  key={v}
                  to={`/definitions/${encodeURIComponent(key)}/${v}`}
                  className={`btn btn-sm ${v === version ? 'btn-primary' : 'btn-secondary'}`}
                  aria-current={v === version ? 'page' : undefined}
                >
                  {t.versionShort(v)}
                </Link>
              ))}
            </nav>
          ) : undefined
        }
      />
      <div className="stack">
        <Card>
          <div data-testid="definition-diagram">
            <BpmnViewer
              xml={def.data.xml}
              height={520}
              label={t.diagramLabel(name)}
              onElementClick={setSelected}
            />
          </div>
          <p className="muted selected-element" aria-live="polite">
            {selected ? t.elementClicked(selected) : '\u00a0'}
          </p>
        </Card>
        <Card title={t.xml} id="xml">
          <details>
            <summary>{t.showXml}</summary>
            <pre className="xml-source">{def.data.xml}</pre>
          </details>
        </Card>
      </div>
    </>
  );
}
