// Dates are always shown in Asia/Shanghai, whatever the browser's zone; money is stored in fen.
import type { Lang } from './i18n';

export const TIME_ZONE = 'Asia/Shanghai';

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: Lang, kind: 'date' | 'datetime' | 'time'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE, hourCycle: 'h23' };
    if (kind !== 'time') Object.assign(opts, { year: 'numeric', month: '2-digit', day: '2-digit' });
    if (kind !== 'date') Object.assign(opts, { hour: '2-digit', minute: '2-digit' });
    f = new Intl.DateTimeFormat(locale(lang), opts);
    cache.set(key, f);
  }
  return f;
}

function parse(value: string | Date | null | undefined): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function formatDateTime(value: string | Date | null | undefined, lang: Lang): string {
  const d = parse(value);
  return d ? fmt(lang, 'datetime').format(d) : '—';
}

export function formatDate(value: string | Date | null | undefined, lang: Lang): string {
  const d = parse(value);
  return d ? fmt(lang, 'date').format(d) : '—';
}

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiDate(value: string | Date = new Date()): string {
  const d = parse(value) ?? new Date();
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

/** Amount in fen → "¥12,345.00" (negative for clawbacks). */
export function formatMoney(fen: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
  }).format(fen / 100);
}

/** Whole days from now until `due` (negative when overdue), by Shanghai calendar dates. */
export function daysUntil(due: string | Date, at: Date = now()): number {
  const a = Date.parse(`${shanghaiDate(at)}T00:00:00Z`);
  const b = Date.parse(`${shanghaiDate(due)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

// On temporal-lite the workflow clock can be moved forward (POST /dev/time/advance); deadlines and countdowns are
// then judged against that clock, not the browser's. syncServerClock sets the offset once per session.
let clockOffset = 0;

export function now(): Date {
  return new Date(Date.now() + clockOffset);
}

export function setClockOffset(ms: number): void {
  clockOffset = ms;
}
