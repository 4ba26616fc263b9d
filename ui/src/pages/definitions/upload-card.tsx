// Upload a BPMN file (file picker or drag and drop). A 400 shows the diagram with each offending element in red,
// its message beside it, and the list of messages; a success links to the new version.
// Test hooks: data-testid="bpmn-dropzone", "upload-result", "upload-errors" (rows carry data-element-id),
// "rejected-diagram".
import { type DragEvent, useMemo, useRef, useState } from 'react';
import { Link } from '../../app/router';
import { ApiError, api } from '../../api/client';
import type { DefinitionSummary, DeployResponse, ErrorDetail } from '../../api/types';
import { Alert, Card, ErrorBanner } from '../../components/page';
import { BpmnViewer, type Highlight } from '../../components/bpmn-viewer';
import { deployProblemText } from '../../i18n/deploy-problems';
import { useLang, useMessages } from '../../i18n/i18n';
import { m } from './messages';

type Outcome =
  | { kind: 'busy'; file: string }
  | { kind: 'deployed'; file: string; created: boolean; result: DeployResponse }
  | { kind: 'rejected'; file: string; xml: string; message: string; details: ErrorDetail[] }
  | { kind: 'failed'; file: string; error: unknown };

export function UploadCard({ onDeployed }: { onDeployed: () => void }) {
  const t = useMessages(m);
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);

  const upload = async (file: File) => {
    setOutcome({ kind: 'busy', file: file.name });
    let xml: string;
    try {
      xml = await file.text();
    } catch {
      setOutcome({ kind: 'failed', file: file.name, error: new Error(t.readFailed) });
      return;
    }
    try {
      // 201 = a new version, 200 = byte-identical to a deployed one; fetch's status is hidden by the client, so
      // compare with the list instead of guessing.
      const before = await api.get<DefinitionSummary[]>('/process-definitions');
      const result = await api.postXml<DeployResponse>('/process-definitions', xml);
      const prior = before.find((d) => d.key === result.key);
      setOutcome({
        kind: 'deployed',
        file: file.name,
        created: !prior || prior.latestVersion < result.version,
        result,
      });
      onDeployed();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400)
        setOutcome({
          kind: 'rejected',
          file: file.name,
          xml,
          message: err.body.message,
          details: err.body.details ?? [],
        });
      else setOutcome({ kind: 'failed', file: file.name, error: err });
    }
  };

  const pick = (files: FileList | null) => {
    const file = files?.[0];
    if (file) void upload(file);
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files);
  };

  return (
    <Card title={t.uploadTitle} id="upload">
      <div
        className={`dropzone${dragging ? ' dropzone-active' : ''}`}
        data-testid="bpmn-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <div className="dropzone-icon" aria-hidden="true">
          ⇪
        </div>
        <div className="dropzone-text">
          <strong>{t.dropHere}</strong> <span className="muted">{t.or}</span>{' '}
          <button
            type="button"
            className="btn btn-primary btn-sm"
            onClick={() => input.current?.click()}
            disabled={outcome?.kind === 'busy'}
          >
            {t.choose}
          </button>
          <input
            ref={input}
            type="file"
            accept=".bpmn,.xml,application/xml,text/xml"
            className="sr-only"
            aria-label={t.choose}
            tabIndex={-1}
            onChange={(e) => {
              pick(e.target.files);
              e.target.value = '';
            }}
          />
        </div>
        <div className="field-hint">{t.accepts}</div>
      </div>
      {outcome && <OutcomeView outcome={outcome} />}
    </Card>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const t = useMessages(m);
  const { lang } = useLang();
  const [drawable, setDrawable] = useState(true);
  // Elements by name (their ids are for whoever drew the BPMN; kept as the tooltip).
  const names = useMemo(() => {
    if (outcome.kind !== 'rejected') return undefined;
    // every named element, whatever its kind (a refused file may hold kinds the viewer model leaves out)
    const doc = new DOMParser().parseFromString(outcome.xml, 'application/xml');
    const out = new Map<string, string>();
    for (const el of Array.from(doc.querySelectorAll('[id][name]')))
      out.set(el.getAttribute('id') ?? '', el.getAttribute('name') ?? '');
    return out;
  }, [outcome]);
  const highlights = useMemo<Highlight[]>(
    () =>
      outcome.kind === 'rejected'
        ? outcome.details
            .filter((d): d is ErrorDetail & { elementId: string } => !!d.elementId)
            .map((d) => ({ elementId: d.elementId, kind: 'error', message: deployProblemText(d, lang) }))
        : [],
    [outcome, lang],
  );
  switch (outcome.kind) {
    case 'busy':
      return (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span>{t.uploading(outcome.file)}</span>
        </div>
      );
    case 'failed':
      return <ErrorBanner error={outcome.error} />;
    case 'deployed': {
      const { key, version } = outcome.result;
      // the process by its name in Chinese (its key is for integrators); English keeps the key
      const shown = lang === 'zh' ? outcome.result.name || t.noName : key;
      return (
        <div data-testid="upload-result">
          <Alert tone="success">
            {outcome.created ? t.deployed(shown, version) : t.unchanged(shown, version)}{' '}
            <Link to={`/definitions/${encodeURIComponent(key)}/${version}`}>{t.view}</Link>
          </Alert>
        </div>
      );
    }
    case 'rejected': {
      const problems = outcome.details.length ? outcome.details : [{ message: outcome.message }];
      return (
        <div className="upload-rejected" data-testid="upload-errors">
          <Alert tone="danger">
            <strong>{t.rejectedTitle(outcome.file)}</strong>
            <div>{t.rejectedCount(problems.length)}</div>
          </Alert>
          {drawable ? (
            <div data-testid="rejected-diagram">
              <BpmnViewer
                xml={outcome.xml}
                highlights={highlights}
                height={420}
                label={t.rejectedTitle(outcome.file)}
                onError={() => setDrawable(false)}
              />
            </div>
          ) : (
            <p className="muted">{t.rejectedNoDiagram}</p>
          )}
          <table className="table problem-table">
            <thead>
              <tr>
                <th scope="col">{t.element}</th>
                <th scope="col">{t.problem}</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((d, i) => (
                <tr key={i} data-element-id={'elementId' in d ? (d.elementId ?? '') : ''}>
                  <td className="nowrap" title={('elementId' in d && d.elementId) || undefined}>
                    {'elementId' in d && d.elementId
                      ? names?.get(d.elementId) || t.unnamedElement
                      : t.general}
                  </td>
                  <td title={lang === 'zh' ? d.message : undefined}>{deployProblemText(d, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
  }
}
