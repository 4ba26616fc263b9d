// /calendar (admin): the years with working-day data, uploading or overriding a year, and the cases whose
// deadlines were computed without data (calendar-provisional).
// Test hooks: data-testid="calendar-years" (rows carry data-year), "calendar-form", "provisional-cases".
import { type FormEvent, useRef, useState } from 'react';
import { Link } from '../../app/router';
import { ApiError, api } from '../../api/client';
import { explainError } from '../../api/explain-error';
import { useElementNames } from '../../api/bpmn-model';
import type { CalendarYear, CalendarYearSummary, CaseDetail, DefinitionSummary, Page } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { DataTable } from '../../components/data-table';
import { TextArea, TextField } from '../../components/field';
import { Alert, Card, ErrorBanner, Loading, PageHeader, useDocumentTitle } from '../../components/page';
import { useToast } from '../../components/toast';
import { formatDateTime } from '../../i18n/format';
import { CaseStatusBadge, useDistrictLabel } from '../../i18n/domain';
import { useLang, useMessages } from '../../i18n/i18n';
import { m } from './messages';
import { type DateProblem, parseYearDates } from './year-dates';
import './calendar.css';

const NEXT_YEAR = new Date().getFullYear() + 1;

export function CalendarPage() {
  const t = useMessages(m);
  useDocumentTitle(t.title);
  const years = useApi((signal) => api.get<CalendarYearSummary[]>('/calendar/years', undefined, signal), []);
  const provisional = useApi(
    (signal) => api.get<Page<CaseDetail>>('/cases', { calendarProvisional: true, pageSize: 100 }, signal),
    [],
  );
  const [editing, setEditing] = useState<{ year: number; nonce: number } | undefined>(undefined);
  const form = useRef<HTMLDivElement>(null);

  const edit = (year: number) => {
    setEditing({ year, nonce: Date.now() });
    form.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <>
      <PageHeader title={t.title} subtitle={t.subtitle} />
      {years.data && !years.data.some((y) => y.year === NEXT_YEAR) && (
        <div className="calendar-notice" data-testid="next-year-missing">
          <Alert tone="warning">{t.nextYearMissing(NEXT_YEAR)}</Alert>
        </div>
      )}
      <div className="calendar-grid">
        <Card title={t.yearsTitle} id="calendar-years">
          {years.error ? (
            <ErrorBanner error={years.error} onRetry={years.reload} />
          ) : !years.data ? (
            <Loading />
          ) : (
            <YearsTable years={years.data} onEdit={edit} />
          )}
        </Card>
        <div ref={form}>
          <YearForm
            key={editing ? `${editing.year}-${editing.nonce}` : 'new'}
            initialYear={editing?.year}
            known={years.data ?? []}
            onSaved={() => {
              years.reload();
              provisional.reload();
            }}
          />
        </div>
      </div>
      <Card title={t.provisionalTitle} id="provisional" className="calendar-provisional">
        <p className="muted">{t.provisionalHint}</p>
        {provisional.error ? (
          <ErrorBanner error={provisional.error} onRetry={provisional.reload} />
        ) : !provisional.data ? (
          <Loading />
        ) : (
          <ProvisionalCases page={provisional.data} />
        )}
      </Card>
    </>
  );
}

/** Older bundled years are rarely touched: by default list from two years back, plus every admin-loaded year. */
const RECENT_FROM = new Date().getFullYear() - 2;

function YearsTable({ years, onEdit }: { years: CalendarYearSummary[]; onEdit: (year: number) => void }) {
  const t = useMessages(m);
  const { lang } = useLang();
  const [all, setAll] = useState(false);
  const shown = all ? years : years.filter((y) => y.year >= RECENT_FROM || y.overridden);
  return (
    <div data-testid="calendar-years">
      <DataTable
        caption={t.yearsTitle}
        rows={[...shown].reverse()}
        rowKey={(y) => String(y.year)}
        rowProps={(y) => ({ 'data-year': String(y.year) })}
        empty={t.yearsEmpty}
        columns={[
          { key: 'year', header: t.year, width: '5rem', render: (y) => <strong>{y.year}</strong> },
          {
            key: 'source',
            header: t.source,
            render: (y) =>
              y.overridden ? (
                <span className="year-source">
                  <Badge tone="accent">{t.sourceAdmin}</Badge>
                  {y.bundled && <span className="cell-sub">{t.overridesBundled}</span>}
                </span>
              ) : (
                <Badge tone="neutral">{t.sourceBundled(y.source)}</Badge>
              ),
          },
          { key: 'holidays', header: t.holidays, align: 'right', render: (y) => t.days(y.holidays) },
          { key: 'workdays', header: t.workdays, align: 'right', render: (y) => t.days(y.workdays) },
          {
            key: 'updated',
            header: t.updated,
            render: (y) =>
              y.updatedAt ? (
                <span className="cell-sub">
                  {t.updatedBy(formatDateTime(y.updatedAt, lang), y.updatedBy ?? '—')}
                </span>
              ) : (
                <span className="muted">—</span>
              ),
          },
          {
            key: 'actions',
            header: <span className="sr-only">{t.actions}</span>,
            align: 'right',
            render: (y) => (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => onEdit(y.year)}
                aria-label={`${y.overridden ? t.edit : t.override} ${y.year}`}
              >
                {y.overridden ? t.edit : t.override}
              </Button>
            ),
          },
        ]}
      />
      {shown.length < years.length || all ? (
        <div className="years-toggle">
          <Button size="sm" variant="ghost" onClick={() => setAll(!all)} aria-expanded={all}>
            {all ? t.showRecent : t.showAll(years.length)}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function YearForm({
  initialYear,
  known,
  onSaved,
}: {
  initialYear?: number;
  known: CalendarYearSummary[];
  onSaved: () => void;
}) {
  const t = useMessages(m);
  const { lang } = useLang();
  const toast = useToast();
  const [year, setYear] = useState(initialYear ? String(initialYear) : '');
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [errors, setErrors] = useState<{ year?: string; holidays?: string; workdays?: string }>({});
  const [serverError, setServerError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  // Editing an existing year starts from its current dates.
  const loaded = useApi<CalendarYear | undefined>(
    (signal) =>
      initialYear
        ? api.get<CalendarYear>(`/calendar/years/${initialYear}`, undefined, signal)
        : Promise.resolve(undefined),
    [initialYear],
  );
  const [filledFrom, setFilledFrom] = useState<CalendarYear | undefined>(undefined);
  if (loaded.data && loaded.data !== filledFrom) {
    setFilledFrom(loaded.data);
    setHolidays(loaded.data.holidays.join('\n'));
    setWorkdays(loaded.data.workdays.join('\n'));
  }

  const yearNum = /^\d{4}$/.test(year.trim()) ? Number(year.trim()) : undefined;
  const exists = yearNum !== undefined && known.some((k) => k.year === yearNum);
  const describe = (p: DateProblem, y: number) =>
    p.kind === 'format' ? t.badDate(p.value) : t.wrongYear(p.value, y);

  const importJson = async (f: File | undefined) => {
    if (!f) return;
    try {
      const data = JSON.parse(await f.text()) as { year?: unknown; holidays?: unknown; workdays?: unknown };
      if (!Array.isArray(data.holidays) || !Array.isArray(data.workdays)) throw new Error('shape');
      if (typeof data.year === 'number' && !year) setYear(String(data.year));
      setHolidays(data.holidays.map(String).join('\n'));
      setWorkdays(data.workdays.map(String).join('\n'));
      setErrors({});
    } catch {
      toast(t.importFailed, 'error');
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setServerError(undefined);
    if (yearNum === undefined) return setErrors({ year: t.badYear });
    const h = parseYearDates(holidays, yearNum);
    const w = parseYearDates(workdays, yearNum);
    const next = {
      holidays: 'problem' in h ? describe(h.problem, yearNum) : undefined,
      workdays: 'problem' in w ? describe(w.problem, yearNum) : undefined,
    };
    setErrors(next);
    if ('problem' in h || 'problem' in w) return;
    setBusy(true);
    try {
      await api.put(`/calendar/years/${yearNum}`, { holidays: h.dates, workdays: w.dates });
      toast(t.saved(yearNum), 'success');
      onSaved();
    } catch (err) {
      // The server names the field (holidays.3 …); show it under that field when it can.
      const field = err instanceof ApiError ? err.body.details?.[0]?.field?.split('.')[0] : undefined;
      const text = explainError(err, lang).text;
      if (field === 'holidays' || field === 'workdays' || field === 'year')
        setErrors({ [field]: err instanceof ApiError ? (err.body.details?.[0]?.message ?? text) : text });
      else setServerError(err);
    } finally {
      setBusy(false);
    }
  };

  const counts = (() => {
    if (yearNum === undefined) return undefined;
    const h = parseYearDates(holidays, yearNum);
    const w = parseYearDates(workdays, yearNum);
    return 'dates' in h && 'dates' in w ? t.countSummary(h.dates.length, w.dates.length) : undefined;
  })();

  return (
    <Card title={t.formTitle} id="calendar-form">
      <form onSubmit={(e) => void submit(e)} data-testid="calendar-form" noValidate>
        <p className="muted">{t.formHint}</p>
        <div className="year-row">
          <TextField
            label={t.formYear}
            value={year}
            inputMode="numeric"
            maxLength={4}
            onChange={(e) => setYear(e.target.value)}
            error={errors.year}
            required
            className="year-field"
          />
          <div className="year-import">
            <Button size="sm" variant="ghost" onClick={() => file.current?.click()}>
              {t.importFile}
            </Button>
            <input
              ref={file}
              type="file"
              accept=".json,application/json"
              className="sr-only"
              tabIndex={-1}
              aria-label={t.importFile}
              onChange={(e) => {
                void importJson(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </div>
        </div>
        {initialYear !== undefined && loaded.loading && <Loading label={t.loadingYear(initialYear)} />}
        <div className="dates-grid">
          <TextArea
            label={t.formHolidays}
            hint={t.formHolidaysHint}
            value={holidays}
            rows={9}
            onChange={(e) => setHolidays(e.target.value)}
            error={errors.holidays}
            className="mono-input"
          />
          <TextArea
            label={t.formWorkdays}
            hint={t.formWorkdaysHint}
            value={workdays}
            rows={9}
            onChange={(e) => setWorkdays(e.target.value)}
            error={errors.workdays}
            className="mono-input"
          />
        </div>
        <div className="field-hint">{t.importHint}</div>
        {exists && yearNum !== undefined && <Alert tone="warning">{t.confirmOverride(yearNum)}</Alert>}
        {serverError !== undefined && <ErrorBanner error={serverError} />}
        <div className="form-actions">
          <span className="muted">{counts}</span>
          <Button type="submit" variant="primary" busy={busy}>
            {t.save}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function ProvisionalCases({ page }: { page: Page<CaseDetail> }) {
  const t = useMessages(m);
  const { lang } = useLang();
  const districtLabel = useDistrictLabel();
  // procedures and steps by name: keys and element ids are not for people
  const defs = useApi(
    (signal) => api.get<DefinitionSummary[]>('/process-definitions', undefined, signal),
    [],
  );
  // only deployed procedures are read (a case always has one; the test's hand-made rows do not)
  const elementName = useElementNames(
    page.items.filter((c) => defs.data?.some((d) => d.key === c.processKey)),
  );
  const processName = (key: string) => defs.data?.find((d) => d.key === key)?.name || '—';
  const steps = (c: CaseDetail) =>
    c.activeElements
      .map((id) => elementName(c.processKey, c.version, id))
      .filter((name, i) => name !== c.activeElements[i])
      .join('、') || '—';
  return (
    <div data-testid="provisional-cases">
      <DataTable
        caption={t.provisionalTitle}
        rows={page.items}
        rowKey={(c) => c.id}
        rowProps={(c) => ({ 'data-case-id': c.id })}
        empty={t.provisionalEmpty}
        columns={[
          {
            key: 'case',
            header: t.caseNo,
            render: (c) => (
              <Link to={`/cases/${c.id}`} className="cell-title mono">
                {c.businessKey}
              </Link>
            ),
          },
          {
            key: 'process',
            header: t.process,
            render: (c) => (
              <span title={c.processKey}>{t.processVersion(processName(c.processKey), c.version)}</span>
            ),
          },
          {
            key: 'status',
            header: t.status,
            render: (c) => <CaseStatusBadge status={c.status} outcome={c.outcome} />,
          },
          {
            key: 'district',
            header: t.district,
            render: (c) =>
              typeof c.variables.district === 'string' ? districtLabel(c.variables.district) : '—',
          },
          {
            key: 'at',
            header: t.waitingAt,
            render: (c) => steps(c),
          },
          { key: 'since', header: t.since, render: (c) => formatDateTime(c.updatedAt, lang) },
        ]}
      />
      {page.total > page.items.length && <p className="muted">{t.total(page.total)}</p>}
    </div>
  );
}
