// Working-day arithmetic of contract §1 "Time". Pure: no I/O, no clock, no host time zone.
// Asia/Shanghai is a fixed UTC+8 (no DST since 1991), so a local date is an integer day number.

export type CalendarUnit = 'cn-workday' | 'calendar-day';

export interface CalendarYearData {
  year: number;
  /** Official days off, YYYY-MM-DD (may include weekend days inside a holiday run). */
  holidays: string[];
  /** Makeup working days (调休), YYYY-MM-DD, usually a Saturday or Sunday. */
  workdays: string[];
  source: string;
}

/** Years with official data; any other year is computed on weekends alone (provisional). Treated as immutable. */
export interface CalendarData {
  years: ReadonlyMap<number, CalendarYearData>;
}

export interface WorkdaySpan {
  /** The n counted days, YYYY-MM-DD in Asia/Shanghai. */
  days: string[];
  lastDay: string;
  /** 00:00 Asia/Shanghai of the day after lastDay. */
  closesAt: Date;
  /** True when some day examined lies in a year without official data. */
  provisional: boolean;
  missingYears: number[];
}

export class CalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarError';
  }
}

const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** Upper bound on n: keeps a typo such as P50000D from looping for ever. */
export const MAX_DAYS = 10_000;
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_DURATION_RE = /^P(\d+)D$/;

// Day numbers count from 1970-01-01; civil conversions use the proleptic Gregorian calendar.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function formatDay(day: number): string {
  const { y, m, d } = civilFromDays(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function yearOfDay(day: number): number {
  return civilFromDays(day).y;
}

/** Parses YYYY-MM-DD into a day number; throws CalendarError naming `field` when malformed or impossible. */
function parseDay(value: unknown, field: string): number {
  if (typeof value !== 'string') throw new CalendarError(`${field} must be a date string YYYY-MM-DD`);
  const match = DATE_RE.exec(value);
  if (!match) throw new CalendarError(`${field} must be a date YYYY-MM-DD, got "${value}"`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < MIN_YEAR || y > MAX_YEAR)
    throw new CalendarError(`${field} has a year outside ${MIN_YEAR}-${MAX_YEAR}: "${value}"`);
  const day = daysFromCivil(y, m, d);
  const back = civilFromDays(day);
  if (m < 1 || m > 12 || back.m !== m || back.d !== d)
    throw new CalendarError(`${field} is not a real date: "${value}"`);
  return day;
}

/** Weekday of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function shanghaiDayOf(instant: Date, field: string): number {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime()))
    throw new CalendarError(`${field} must be a valid Date`);
  const day = Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
  const y = yearOfDay(day);
  if (y < MIN_YEAR || y > MAX_YEAR)
    throw new CalendarError(`${field} has a year outside ${MIN_YEAR}-${MAX_YEAR}`);
  return day;
}

function midnightAfter(day: number): Date {
  return new Date((day + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

function checkCount(n: unknown, field: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new CalendarError(`${field} must be an integer >= 1, got ${String(n)}`);
  if (n > MAX_DAYS) throw new CalendarError(`${field} must be at most ${MAX_DAYS}, got ${n}`);
  return n;
}

interface YearIndex {
  holidays: ReadonlySet<number>;
  workdays: ReadonlySet<number>;
}

// Memoised per validated year object: the bundled years are indexed once per process, even though the API
// merges admin overrides into a fresh CalendarData per request.
const indexCache = new WeakMap<CalendarYearData, YearIndex>();

function yearIndex(data: CalendarData, year: number): YearIndex | null {
  const raw = data.years.get(year);
  if (!raw) return null;
  let idx = indexCache.get(raw);
  if (!idx) {
    const valid = validateCalendarYear(raw);
    if (valid.year !== year) throw new CalendarError(`calendar data lists year ${valid.year} under ${year}`);
    idx = indexYear(valid);
    indexCache.set(raw, idx);
  }
  return idx;
}

function indexYear(y: CalendarYearData): YearIndex {
  return {
    holidays: new Set(y.holidays.map((d) => parseDay(d, 'holidays'))),
    workdays: new Set(y.workdays.map((d) => parseDay(d, 'workdays'))),
  };
}

function isWorking(day: number, idx: YearIndex | null): boolean {
  if (idx?.workdays.has(day)) return true;
  if (idx?.holidays.has(day)) return false;
  const wd = weekday(day);
  return wd !== 0 && wd !== 6;
}

// Outputs of validateCalendarYear (treated as immutable), so merging the bundled years per API request does not re-check them.
const validatedYears = new WeakSet<CalendarYearData>();

/**
 * Checks one year's data: every date well-formed, real, inside `year`, and no date both off and on.
 * Returns a normalised copy (sorted, de-duplicated). Use it on admin input before storing it.
 */
export function validateCalendarYear(input: CalendarYearData): CalendarYearData {
  if (validatedYears.has(input)) return input;
  if (typeof input !== 'object' || input === null) throw new CalendarError('calendar year must be an object');
  const { year, holidays, workdays, source } = input;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new CalendarError(
      `year must be an integer between ${MIN_YEAR} and ${MAX_YEAR}, got ${String(year)}`,
    );
  }
  if (typeof source !== 'string') throw new CalendarError('source must be a string');
  const norm = (list: unknown, field: 'holidays' | 'workdays'): string[] => {
    if (!Array.isArray(list)) throw new CalendarError(`${field} must be an array of dates YYYY-MM-DD`);
    const out = new Set<string>();
    list.forEach((value: unknown, i) => {
      const day = parseDay(value, `${field}[${i}]`);
      if (yearOfDay(day) !== year)
        throw new CalendarError(`${field}[${i}] "${String(value)}" is not in year ${year}`);
      out.add(value as string);
    });
    return [...out].sort();
  };
  const h = norm(holidays, 'holidays');
  const w = norm(workdays, 'workdays');
  const both = w.filter((d) => h.includes(d));
  if (both.length > 0) throw new CalendarError(`workdays and holidays both contain ${both.join(', ')}`);
  const valid: CalendarYearData = { year, holidays: h, workdays: w, source };
  validatedYears.add(valid);
  return valid;
}

/** Builds CalendarData from a list of years; a later entry for the same year replaces an earlier one. */
export function calendarDataFrom(years: readonly CalendarYearData[]): CalendarData {
  const map = new Map<number, CalendarYearData>();
  for (const y of years) {
    const valid = validateCalendarYear(y);
    map.set(valid.year, valid);
  }
  return { years: map };
}

export function isWorkingDay(date: string, data: CalendarData): { working: boolean; provisional: boolean } {
  const day = parseDay(date, 'date');
  const idx = yearIndex(data, yearOfDay(day));
  return { working: isWorking(day, idx), provisional: idx === null };
}

/** The Asia/Shanghai calendar date of an instant, YYYY-MM-DD. */
export function shanghaiDate(instant: Date): string {
  return formatDay(shanghaiDayOf(instant, 'instant'));
}

/** 00:00 Asia/Shanghai at the start of a YYYY-MM-DD date (for `GET /calendar/workdays?from=`). */
export function shanghaiStartOf(date: string): Date {
  return new Date(parseDay(date, 'date') * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/** n working days: day 1 is from's date if working, else the next working day; closes 00:00 +08 after day n. */
export function countWorkingDays(from: Date, n: number, data: CalendarData): WorkdaySpan {
  let day = shanghaiDayOf(from, 'from');
  checkCount(n, 'n');
  const days: string[] = [];
  const missing = new Set<number>();
  let last = day;
  // The year index is looked up once per calendar year crossed, not once per day.
  let year = yearOfDay(day);
  let nextYearStart = daysFromCivil(year + 1, 1, 1);
  let idx = yearIndex(data, year);
  while (days.length < n) {
    if (day >= nextYearStart) {
      year += 1;
      if (year > MAX_YEAR) throw new CalendarError(`the deadline would fall after year ${MAX_YEAR}`);
      nextYearStart = daysFromCivil(year + 1, 1, 1);
      idx = yearIndex(data, year);
    }
    if (!idx) missing.add(year);
    if (isWorking(day, idx)) {
      days.push(formatDay(day));
      last = day;
    }
    day += 1;
  }
  const missingYears = [...missing].sort((a, b) => a - b);
  return {
    days,
    lastDay: formatDay(last),
    closesAt: midnightAfter(last),
    provisional: missingYears.length > 0,
    missingYears,
  };
}

/** n natural days counted from from's date (day 1), closing 00:00 +08 after day n. Never provisional. */
export function countCalendarDays(from: Date, n: number): WorkdaySpan {
  const first = shanghaiDayOf(from, 'from');
  checkCount(n, 'n');
  const last = first + n - 1;
  if (yearOfDay(last) > MAX_YEAR) throw new CalendarError(`the deadline would fall after year ${MAX_YEAR}`);
  const days: string[] = [];
  for (let i = 0; i < n; i += 1) days.push(formatDay(first + i));
  return {
    days,
    lastDay: formatDay(last),
    closesAt: midnightAfter(last),
    provisional: false,
    missingYears: [],
  };
}

/** Parses a `PnD` duration, the only form a calendar unit accepts; for deploy-time validation too. */
export function parseDayDuration(isoDuration: string): number {
  const match = typeof isoDuration === 'string' ? DAY_DURATION_RE.exec(isoDuration) : null;
  if (!match) {
    throw new CalendarError(
      `duration "${String(isoDuration)}" is not allowed with a calendar: only whole days PnD (e.g. P5D) are`,
    );
  }
  const n = Number(match[1]);
  if (n < 1 || n > MAX_DAYS)
    throw new CalendarError(`duration "${isoDuration}" must be between P1D and P${MAX_DAYS}D`);
  return n;
}

export function deadlineFor(
  from: Date,
  isoDuration: string,
  unit: CalendarUnit,
  data: CalendarData,
): WorkdaySpan {
  const n = parseDayDuration(isoDuration);
  if (unit === 'cn-workday') return countWorkingDays(from, n, data);
  if (unit === 'calendar-day') return countCalendarDays(from, n);
  throw new CalendarError(`unit must be "cn-workday" or "calendar-day", got "${String(unit)}"`);
}
