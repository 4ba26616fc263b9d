// Official PRC calendar data shipped in the `chinese-days` package, plus the admin-override merge.
// The package's own API silently treats unknown years as weekends-only, so coverage is read from its data file.
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import chineseDaysPackage from 'chinese-days/package.json';
import {
  type CalendarData,
  type CalendarYearData,
  calendarDataFrom,
  validateCalendarYear,
} from './working-days';

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export const BUNDLED_CALENDAR_SOURCE = `chinese-days@${chineseDaysPackage.version}`;

let bundledCache: readonly CalendarYearData[] | undefined;

/**
 * One entry per year the package covers. A year counts as covered when its 1 January is listed as a holiday:
 * New Year's Day is always statutory, and this ignores spill-over dates of a neighbouring year's arrangement.
 */
export function bundledCalendarYears(): readonly CalendarYearData[] {
  if (bundledCache) return bundledCache;
  const json = chineseDaysData as ChineseDaysJson;
  const byYear = new Map<number, { holidays: string[]; workdays: string[] }>();
  const bucket = (date: string) => {
    const year = Number(date.slice(0, 4));
    let entry = byYear.get(year);
    if (!entry) {
      entry = { holidays: [], workdays: [] };
      byYear.set(year, entry);
    }
    return entry;
  };
  for (const date of Object.keys(json.holidays)) bucket(date).holidays.push(date);
  for (const date of Object.keys(json.workdays)) bucket(date).workdays.push(date);
  const years = [...byYear.entries()]
    .filter(([year, e]) => e.holidays.includes(`${year}-01-01`))
    .sort(([a], [b]) => a - b)
    .map(([year, e]) =>
      validateCalendarYear({
        year,
        holidays: e.holidays,
        workdays: e.workdays,
        source: BUNDLED_CALENDAR_SOURCE,
      }),
    );
  bundledCache = Object.freeze(years);
  return bundledCache;
}

export function bundledYearsCovered(): number[] {
  return bundledCalendarYears().map((y) => y.year);
}

/** Admin rows (table `calendar_years`) replace a bundled year wholesale; overrides are validated (bundled years once). */
export function mergeCalendarYears(
  bundled: readonly CalendarYearData[],
  overrides: readonly CalendarYearData[],
): CalendarData {
  return calendarDataFrom([...bundled, ...overrides]);
}

let bundledDataCache: CalendarData | undefined;

/** CalendarData from the bundled years alone; one shared object so the per-data index is built once. */
export function bundledCalendarData(): CalendarData {
  bundledDataCache ??= mergeCalendarYears(bundledCalendarYears(), []);
  return bundledDataCache;
}
