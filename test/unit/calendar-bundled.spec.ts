import {
  BUNDLED_CALENDAR_SOURCE,
  bundledCalendarData,
  bundledCalendarYears,
  bundledYearsCovered,
  mergeCalendarYears,
} from '../../calendar/bundled-calendar';
import { isWorkday as packageIsWorkday } from 'chinese-days';
import { countWorkingDays, isWorkingDay } from '../../calendar/working-days';

describe('calendar: bundled chinese-days data', () => {
  it('covers every year from 2004 to 2026 without gaps', () => {
    const years = bundledYearsCovered();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i));
  });

  it('carries the 2026 National Day arrangement with its makeup days', () => {
    const y2026 = bundledCalendarYears().find((y) => y.year === 2026);
    expect(y2026?.source).toBe(BUNDLED_CALENDAR_SOURCE);
    expect(y2026?.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07', '2026-09-25']));
    expect(y2026?.workdays).toEqual(expect.arrayContaining(['2026-09-20', '2026-10-10']));
    expect(isWorkingDay('2026-10-10', bundledCalendarData())).toEqual({ working: true, provisional: false });
    expect(isWorkingDay('2026-10-05', bundledCalendarData())).toEqual({ working: false, provisional: false });
  });

  it("agrees with the package's own isWorkday on every date of every covered year", () => {
    // given the extracted years, when every date is checked against chinese-days' public API
    const data = bundledCalendarData();
    const disagreements: string[] = [];
    for (const year of bundledYearsCovered()) {
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        const ours = isWorkingDay(date, data);
        if (ours.provisional || ours.working !== packageIsWorkday(date)) disagreements.push(date);
      }
    }
    // then there is no date where the two differ
    expect(disagreements).toEqual([]);
  });

  it('every bundled year is internally consistent (dates inside the year, none both off and on)', () => {
    // mergeCalendarYears validates every year; it would throw on bad package data
    expect(() => mergeCalendarYears(bundledCalendarYears(), [])).not.toThrow();
  });
});

describe('calendar: admin overrides', () => {
  it('an override replaces a bundled year wholesale', () => {
    // given an admin row for 2026 that only declares 2026-09-29 off
    const data = mergeCalendarYears(bundledCalendarYears(), [
      { year: 2026, holidays: ['2026-09-29'], workdays: [], source: 'admin' },
    ]);
    // then National Day is no longer known (weekdays work) and the makeup Saturday is a weekend again
    expect(isWorkingDay('2026-10-05', data).working).toBe(true);
    expect(isWorkingDay('2026-10-10', data).working).toBe(false);
    expect(isWorkingDay('2026-09-29', data).working).toBe(false);
    expect(data.years.get(2026)?.source).toBe('admin');
    // and other years are still the bundled ones
    expect(data.years.get(2025)?.source).toBe(BUNDLED_CALENDAR_SOURCE);
  });

  it('adding a missing year makes its deadlines non-provisional', () => {
    const from = new Date('2026-12-30T10:00:00+08:00');
    expect(countWorkingDays(from, 5, bundledCalendarData()).provisional).toBe(true);
    const data = mergeCalendarYears(bundledCalendarYears(), [
      { year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [], source: 'admin' },
    ]);
    const span = countWorkingDays(from, 5, data);
    expect(span.provisional).toBe(false);
    expect(span.days).toEqual(['2026-12-30', '2026-12-31', '2027-01-04', '2027-01-05', '2027-01-06']);
  });

  it('refuses a malformed override naming the field', () => {
    expect(() =>
      mergeCalendarYears([], [{ year: 2027, holidays: ['2027-02-29'], workdays: [], source: 'admin' }]),
    ).toThrow(/holidays\[0\] is not a real date/);
  });
});
