// The case search's own filters (free text, outcome, overdue, district, started/finished dates) and its export
// buttons; every choice lives in the URL's query string, which is also what the export sends.
import { useEffect, useState } from 'react';
import { ApiError, api, withQuery } from '../../api/client';
import { explainError } from '../../api/explain-error';
import { setSearch, useLocation } from '../../app/router';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { useToast } from '../../components/toast';
import { DOMAIN, useDistrictLabel } from '../../i18n/domain';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';

/** The query-string keys the case list passes to GET /cases (and /cases/export) as they are. */
export const SEARCH_KEYS = [
  'q',
  'outcome',
  'overdue',
  'district',
  'startedFrom',
  'startedTo',
  'finishedFrom',
  'finishedTo',
] as const;

const OUTCOMES = ['approved', 'rejected', 'withdrawn'] as const;
const DISTRICTS = ['lixia', 'shizhong', 'huaiyin', 'tianqiao', 'licheng', 'changqing'] as const;

const m = defineMessages({
  zh: {
    search: '搜索',
    searchHint: '案件编号或申请人姓名',
    outcome: '结果',
    allOutcomes: '全部结果',
    overdue: '是否逾期',
    any: '不限',
    overdueYes: '已逾期',
    overdueNo: '未逾期',
    district: '区县',
    allDistricts: '全部区县',
    startedFrom: '申报日期从',
    startedTo: '申报日期至',
    finishedFrom: '办结日期从',
    finishedTo: '办结日期至',
    dateHint: '如 2026-01-31',
    exportCsv: '导出 CSV',
    exportXlsx: '导出 Excel',
    exportFailed: '导出失败',
    tooLarge: '符合条件的案件超过 10000 件，请缩小筛选范围后再导出。',
  },
  en: {
    search: 'Search',
    searchHint: 'Case no. or applicant name',
    outcome: 'Outcome',
    allOutcomes: 'All outcomes',
    overdue: 'Overdue',
    any: 'Any',
    overdueYes: 'Overdue',
    overdueNo: 'Not overdue',
    district: 'District',
    allDistricts: 'All districts',
    startedFrom: 'Started from',
    startedTo: 'Started to',
    finishedFrom: 'Finished from',
    finishedTo: 'Finished to',
    dateHint: 'e.g. 2026-01-31',
    exportCsv: 'Export CSV',
    exportXlsx: 'Export Excel',
    exportFailed: 'Export failed',
    tooLarge: 'More than 10,000 cases match; narrow the filters and export again.',
  },
});

/** The search filters from the URL, as GET /cases takes them. */
export function useSearchFilters(): Record<string, string> {
  const { search } = useLocation();
  const out: Record<string, string> = {};
  for (const k of SEARCH_KEYS) {
    const v = search.get(k);
    if (v) out[k] = v;
  }
  return out;
}

const set = (k: string, v: string) => setSearch({ [k]: v || undefined, page: undefined });

/** The free-text box: commits on Enter or on leaving it, not on every keystroke. */
export function CaseSearchBox() {
  const t = useMessages(m);
  const filters = useSearchFilters();
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  return (
    <form
      role="search"
      className="case-search"
      onSubmit={(e) => {
        e.preventDefault();
        set('q', text.trim());
      }}
    >
      <TextField
        label={t.search}
        type="search"
        name="q"
        value={text}
        maxLength={100}
        placeholder={t.searchHint}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => text.trim() !== (filters.q ?? '') && set('q', text.trim())}
      />
    </form>
  );
}

/** A Shanghai calendar day typed as YYYY-MM-DD (a native date input would show the browser's own, English, format). */
function DateFilter({
  name,
  label,
  hint,
}: {
  name: (typeof SEARCH_KEYS)[number];
  label: string;
  hint: string;
}) {
  const filters = useSearchFilters();
  const [text, setText] = useState(filters[name] ?? '');
  useEffect(() => setText(filters[name] ?? ''), [filters, name]);
  const valid = text === '' || /^\d{4}-\d{2}-\d{2}$/.test(text);
  const commit = () => valid && text !== (filters[name] ?? '') && set(name, text);
  return (
    <TextField
      label={label}
      value={text}
      placeholder={hint}
      inputMode="numeric"
      maxLength={10}
      className="field-date"
      error={valid ? undefined : hint}
      onChange={(e) => setText(e.target.value.trim())}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

export function CaseSearchFilters({ districtFixed }: { districtFixed?: boolean }) {
  const t = useMessages(m);
  const domain = useMessages(DOMAIN);
  const districtLabel = useDistrictLabel();
  const filters = useSearchFilters();
  return (
    <>
      <SelectField
        label={t.outcome}
        value={filters.outcome ?? ''}
        onChange={(e) => set('outcome', e.target.value)}
      >
        <option value="">{t.allOutcomes}</option>
        {OUTCOMES.map((o) => (
          <option key={o} value={o}>
            {domain[o]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t.overdue}
        value={filters.overdue ?? ''}
        onChange={(e) => set('overdue', e.target.value)}
      >
        <option value="">{t.any}</option>
        <option value="true">{t.overdueYes}</option>
        <option value="false">{t.overdueNo}</option>
      </SelectField>
      {!districtFixed && (
        <SelectField
          label={t.district}
          value={filters.district ?? ''}
          onChange={(e) => set('district', e.target.value)}
        >
          <option value="">{t.allDistricts}</option>
          {DISTRICTS.map((d) => (
            <option key={d} value={d}>
              {districtLabel(d)}
            </option>
          ))}
        </SelectField>
      )}
      <DateFilter name="startedFrom" label={t.startedFrom} hint={t.dateHint} />
      <DateFilter name="startedTo" label={t.startedTo} hint={t.dateHint} />
      <DateFilter name="finishedFrom" label={t.finishedFrom} hint={t.dateHint} />
      <DateFilter name="finishedTo" label={t.finishedTo} hint={t.dateHint} />
    </>
  );
}

/** Downloads the current search (every filter and the sort) as CSV or Excel, in the page's language. */
export function ExportButtons({ query }: { query: Record<string, string | undefined> }) {
  const t = useMessages(m);
  const { lang } = useLang();
  const toast = useToast();
  const [busy, setBusy] = useState<'csv' | 'xlsx' | undefined>();
  const download = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    try {
      const blob = await api.getBlob(withQuery('/cases/export', { ...query, format, lang }));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `cases.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      toast(
        err instanceof ApiError && err.body.code === 'EXPORT_TOO_LARGE'
          ? t.tooLarge
          : `${t.exportFailed}：${explainError(err, lang).text}`,
        'error',
      );
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <Button onClick={() => void download('csv')} busy={busy === 'csv'}>
        {t.exportCsv}
      </Button>
      <Button onClick={() => void download('xlsx')} busy={busy === 'xlsx'}>
        {t.exportXlsx}
      </Button>
    </>
  );
}
