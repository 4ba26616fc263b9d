import { bundledCalendarData } from '../../calendar/bundled-calendar';
import {
  CalendarError,
  type CalendarData,
  calendarDataFrom,
  countCalendarDays,
  countWorkingDays,
  deadlineFor,
  isWorkingDay,
  parseDayDuration,
  shanghaiDate,
  shanghaiStartOf,
} from '../../calendar/working-days';

const at = (iso: string) => new Date(iso);

describe('calendar: contract §1 Time worked examples (bundled data)', () => {
  const data = bundledCalendarData();

  it('P5D from Monday 2026-09-28 10:00 skips National Day and closes at 00:00 on 10 October', () => {
    // given a publicity period published on Monday 28 September 2026 at 10:00 Beijing time
    const from = at('2026-09-28T10:00:00+08:00');
    // when five working days are counted
    const span = deadlineFor(from, 'P5D', 'cn-workday', data);
    // then 28, 29, 30 Sep and 8, 9 Oct are counted and the timer fires at 00:00 on 10 Oct
    expect(span.days).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09']);
    expect(span.lastDay).toBe('2026-10-09');
    expect(span.closesAt.toISOString()).toBe(at('2026-10-10T00:00:00+08:00').toISOString());
    expect(span.provisional).toBe(false);
    expect(span.missingYears).toEqual([]);
  });

  it('P2D from Friday 2026-10-09 counts the makeup Saturday and closes at 00:00 on 11 October', () => {
    const span = deadlineFor(at('2026-10-09T15:30:00+08:00'), 'P2D', 'cn-workday', data);
    expect(span.days).toEqual(['2026-10-09', '2026-10-10']);
    expect(span.closesAt.toISOString()).toBe(at('2026-10-11T00:00:00+08:00').toISOString());
    expect(span.provisional).toBe(false);
  });
});

describe('calendar: cn-workday counting', () => {
  // Small hand-made data, independent of the package: 2030 with a 3-day holiday and one makeup Sunday.
  const data: CalendarData = calendarDataFrom([
    {
      year: 2030,
      holidays: ['2030-05-01', '2030-05-02', '2030-05-03'],
      workdays: ['2030-04-28'],
      source: 'test',
    },
  ]);

  it('a start on a Saturday begins on the next working day', () => {
    // given Saturday 2030-03-02 at 09:00 +08
    const span = countWorkingDays(at('2030-03-02T09:00:00+08:00'), 2, data);
    // then day 1 is Monday 4 March
    expect(span.days).toEqual(['2030-03-04', '2030-03-05']);
    expect(span.closesAt.toISOString()).toBe('2030-03-05T16:00:00.000Z');
  });

  it('a start on a holiday begins after the holiday and the makeup Sunday is counted', () => {
    expect(countWorkingDays(at('2030-05-01T12:00:00+08:00'), 1, data).days).toEqual(['2030-05-06']);
    expect(countWorkingDays(at('2030-04-26T12:00:00+08:00'), 3, data).days).toEqual([
      '2030-04-26',
      '2030-04-28',
      '2030-04-29',
    ]);
  });

  it('uses the Asia/Shanghai date, not the UTC date, of the start instant', () => {
    // given 2030-03-01T20:00Z, which is already Saturday 2 March 04:00 in Beijing
    const span = countWorkingDays(at('2030-03-01T20:00:00Z'), 1, data);
    expect(span.days).toEqual(['2030-03-04']);
    // and 2030-03-03T23:59Z is Monday 07:59 in Beijing
    expect(countWorkingDays(at('2030-03-03T23:59:00Z'), 1, data).days).toEqual(['2030-03-04']);
  });

  it('crossing into a year without data is computed on weekends alone and reported provisional', () => {
    // given data only for 2030, a start on Monday 30 Dec 2030 for 5 working days
    const span = countWorkingDays(at('2030-12-30T10:00:00+08:00'), 5, data);
    // then 2031 is weekends-only and flagged
    expect(span.days).toEqual(['2030-12-30', '2030-12-31', '2031-01-01', '2031-01-02', '2031-01-03']);
    expect(span.provisional).toBe(true);
    expect(span.missingYears).toEqual([2031]);
  });

  it('bundled data into 2027 (not published yet) is provisional', () => {
    const span = countWorkingDays(at('2026-12-30T10:00:00+08:00'), 5, bundledCalendarData());
    expect(span.days[0]).toBe('2026-12-30');
    expect(span.provisional).toBe(true);
    expect(span.missingYears).toEqual([2027]);
  });

  it('a span ending on 31 December of a known year is not provisional, even though it closes in the next year', () => {
    const span = countWorkingDays(at('2030-12-30T10:00:00+08:00'), 2, data);
    expect(span.lastDay).toBe('2030-12-31');
    expect(span.closesAt.toISOString()).toBe(at('2031-01-01T00:00:00+08:00').toISOString());
    expect(span.provisional).toBe(false);
  });

  it('isWorkingDay reports holidays, makeup days and provisional years', () => {
    expect(isWorkingDay('2030-05-02', data)).toEqual({ working: false, provisional: false });
    expect(isWorkingDay('2030-04-28', data)).toEqual({ working: true, provisional: false });
    expect(isWorkingDay('2031-01-01', data)).toEqual({ working: true, provisional: true });
    expect(isWorkingDay('2031-01-04', data)).toEqual({ working: false, provisional: true });
  });
});

describe('calendar: calendar-day unit', () => {
  it('P7D counts seven natural days from the start date, holidays included', () => {
    const span = deadlineFor(at('2026-09-28T10:00:00+08:00'), 'P7D', 'calendar-day', bundledCalendarData());
    expect(span.days).toEqual([
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
    ]);
    expect(span.closesAt.toISOString()).toBe(at('2026-10-05T00:00:00+08:00').toISOString());
    expect(span.provisional).toBe(false);
  });

  it('needs no data and never reports provisional', () => {
    const span = countCalendarDays(at('2099-12-31T23:00:00+08:00'), 2);
    expect(span.days).toEqual(['2099-12-31', '2100-01-01']);
    expect(span.provisional).toBe(false);
  });
});

describe('calendar: helpers', () => {
  it('shanghaiDate and shanghaiStartOf convert between instants and Beijing dates', () => {
    expect(shanghaiDate(at('2026-02-28T16:00:00Z'))).toBe('2026-03-01');
    expect(shanghaiDate(at('2026-02-28T15:59:59Z'))).toBe('2026-02-28');
    expect(shanghaiStartOf('2024-02-29').toISOString()).toBe('2024-02-28T16:00:00.000Z');
  });
});

describe('calendar: bad input', () => {
  const data = calendarDataFrom([]);
  const from = at('2030-01-07T10:00:00+08:00');

  it.each(['P5W', 'PT5H', 'P1M', 'P0D', '5D', 'p5d', 'P5D ', '', 'P-1D', 'P1.5D'])(
    'refuses duration %p naming it',
    (d) => {
      expect(() => deadlineFor(from, d, 'cn-workday', data)).toThrow(CalendarError);
      expect(() => deadlineFor(from, d, 'cn-workday', data)).toThrow(d === '' ? /duration ""/ : d);
    },
  );

  it('refuses an unknown unit naming the unit', () => {
    expect(() => deadlineFor(from, 'P1D', 'workday' as never, data)).toThrow(/unit .*"workday"/);
  });

  it.each([0, -1, 1.5, Number.NaN, Infinity, 10_001])('refuses n = %p naming the field', (n) => {
    expect(() => countWorkingDays(from, n, data)).toThrow(/^n must be/);
    expect(() => countCalendarDays(from, n)).toThrow(/^n must be/);
  });

  it('refuses a deadline past year 9999', () => {
    const late = at('9999-12-30T10:00:00+08:00');
    expect(() => countCalendarDays(late, 5)).toThrow(/after year 9999/);
    expect(() => countWorkingDays(late, 5, data)).toThrow(/after year 9999/);
  });

  it('refuses an invalid Date naming the field', () => {
    expect(() => countWorkingDays(new Date('nope'), 1, data)).toThrow(/^from must be a valid Date/);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-01', '20260101', 'tomorrow'])(
    'refuses malformed date %p',
    (d) => {
      expect(() => isWorkingDay(d, data)).toThrow(CalendarError);
      expect(() => shanghaiStartOf(d)).toThrow(/^date /);
    },
  );

  it('refuses year data with a date outside its year, a malformed date, or a date both off and on', () => {
    expect(() =>
      calendarDataFrom([{ year: 2030, holidays: ['2031-01-01'], workdays: [], source: 't' }]),
    ).toThrow(/holidays\[0\] "2031-01-01" is not in year 2030/);
    expect(() =>
      calendarDataFrom([{ year: 2030, holidays: [], workdays: ['2030-02-30'], source: 't' }]),
    ).toThrow(/workdays\[0\] is not a real date/);
    expect(() =>
      calendarDataFrom([{ year: 2030, holidays: ['2030-05-01'], workdays: ['2030-05-01'], source: 't' }]),
    ).toThrow(/both contain 2030-05-01/);
    expect(() => calendarDataFrom([{ year: 20.5, holidays: [], workdays: [], source: 't' }])).toThrow(
      /^year must be/,
    );
  });

  it('parseDayDuration returns n for PnD', () => {
    expect(parseDayDuration('P15D')).toBe(15);
  });
});
