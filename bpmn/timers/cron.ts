// Cron expressions as Zeebe accepts them in a timeCycle (since 8.1: Spring's six fields
// `second minute hour day-of-month month day-of-week`, and the @hourly … @yearly macros). Pure: the timer-start
// workflow computes its next fire with it. Evaluated in Asia/Shanghai (UTC+8, no daylight saving), the zone the
// procedures are run in.

export interface CronSchedule {
  seconds: number[];
  minutes: number[];
  hours: number[];
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday (7 is folded onto 0) */
  daysOfWeek: ReadonlySet<number>;
}

export const CRON_ZONE_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** Feb 29 on a Monday recurs within 28 years; no expression needs more days than this to fire again. */
const MAX_DAYS_AHEAD = 366 * 28;

const MACROS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** the value names[0] stands for */
  namesFrom?: number;
  question?: boolean;
}

const FIELDS: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 },
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, namesFrom: 0, question: true },
];

export class CronError extends Error {}

function value(raw: string, f: FieldSpec): number {
  const upper = raw.toUpperCase();
  const named = f.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (f.namesFrom ?? 0);
  if (!/^\d+$/.test(raw)) throw new CronError(`'${raw}' is not a valid ${f.name}`);
  const n = Number(raw);
  if (n < f.min || n > f.max) throw new CronError(`${f.name} ${n} is outside ${f.min}-${f.max}`);
  return n;
}

function field(raw: string, f: FieldSpec): number[] {
  if (/[LW#]/i.test(raw.replace(/[A-Z]{3}/gi, (w) => (f.names?.includes(w.toUpperCase()) ? '' : w))))
    throw new CronError(`${f.name} '${raw}': L, W and # are not supported`);
  const out = new Set<number>();
  for (const item of raw.split(',')) {
    const [range = '', stepRaw] = item.split('/');
    let step = 1;
    if (stepRaw !== undefined) {
      if (!/^\d+$/.test(stepRaw) || Number(stepRaw) === 0)
        throw new CronError(`${f.name} '${item}': the step must be a positive number`);
      step = Number(stepRaw);
    }
    let lo: number;
    let hi: number;
    if (range === '*' || (range === '?' && f.question)) {
      lo = f.min;
      hi = f.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      lo = value(a, f);
      hi = value(b, f);
      if (lo > hi) throw new CronError(`${f.name} '${item}': the range runs backwards`);
    } else {
      lo = value(range, f);
      hi = stepRaw === undefined ? lo : f.max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** Parses a six-field cron or a macro; throws CronError with the reason. */
export function parseCron(expression: string): CronSchedule {
  const text = MACROS[expression.trim().toLowerCase()] ?? expression.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 6)
    throw new CronError(
      `a cron needs six fields (second minute hour day-of-month month day-of-week), found ${parts.length}`,
    );
  const [s, mi, h, dom, mo, dow] = parts.map((p, i) => field(p, FIELDS[i] as FieldSpec)) as [
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  return {
    seconds: s,
    minutes: mi,
    hours: h,
    daysOfMonth: new Set(dom),
    months: new Set(mo),
    daysOfWeek: new Set(dow.map((d) => d % 7)),
  };
}

/** The first instant (epoch ms) strictly after `afterMs` the cron matches; null when it never does. */
export function nextCronTime(cron: CronSchedule, afterMs: number): number | null {
  // whole seconds, strictly after; computed on the zone's wall clock expressed as UTC fields
  const local = Math.floor(afterMs / 1000) * 1000 + 1000 + CRON_ZONE_OFFSET_MS;
  const firstDay = Math.floor(local / DAY_MS);
  for (let day = firstDay; day <= firstDay + MAX_DAYS_AHEAD; day += 1) {
    const d = new Date(day * DAY_MS);
    if (
      !cron.months.has(d.getUTCMonth() + 1) ||
      !cron.daysOfMonth.has(d.getUTCDate()) ||
      !cron.daysOfWeek.has(d.getUTCDay())
    )
      continue;
    const from = day === firstDay ? local - day * DAY_MS : 0;
    for (const h of cron.hours)
      for (const m of cron.minutes)
        for (const s of cron.seconds) {
          const offset = (h * 3600 + m * 60 + s) * 1000;
          if (offset >= from) return day * DAY_MS + offset - CRON_ZONE_OFFSET_MS;
        }
  }
  return null;
}
