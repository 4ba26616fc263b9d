import fc from 'fast-check';
import { bundledCalendarData } from '../../calendar/bundled-calendar';
import {
  type CalendarData,
  calendarDataFrom,
  countCalendarDays,
  countWorkingDays,
  isWorkingDay,
} from '../../calendar/working-days';

const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;

// Start instants over all bundled years (2004-2026) and into the data-less 2027-2028.
const instant = fc.date({
  min: new Date('2003-12-01T00:00:00Z'),
  max: new Date('2028-06-01T00:00:00Z'),
  noInvalidDate: true,
});
const count = fc.integer({ min: 1, max: 60 });

/** Plain reference walk over dates (Date.UTC based), independent of the module's day-number arithmetic. */
function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}
function beijingDate(d: Date): string {
  return new Date(d.getTime() + OFFSET).toISOString().slice(0, 10);
}

function workingDaysInclusive(first: string, last: string, data: CalendarData): number {
  let n = 0;
  for (let d = first; d <= last; d = nextDate(d)) if (isWorkingDay(d, data).working) n += 1;
  return n;
}

describe('calendar properties (fast-check)', () => {
  const data = bundledCalendarData();

  it('every counted day is a working day: never a holiday, a weekend only when it is a makeup day', () => {
    fc.assert(
      fc.property(instant, count, (from, n) => {
        const span = countWorkingDays(from, n, data);
        for (const d of span.days) {
          expect(isWorkingDay(d, data).working).toBe(true);
          const y = data.years.get(Number(d.slice(0, 4)));
          if (y) expect(y.holidays).not.toContain(d);
          const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
          if ((wd === 0 || wd === 6) && y) expect(y.workdays).toContain(d);
        }
      }),
    );
  });

  it('more days never give an earlier end', () => {
    fc.assert(
      fc.property(instant, count, count, (from, a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const s = countWorkingDays(from, small, data);
        const l = countWorkingDays(from, large, data);
        expect(l.closesAt.getTime()).toBeGreaterThanOrEqual(s.closesAt.getTime());
        if (large > small) expect(l.lastDay > s.lastDay).toBe(true);
        // the shorter span is a prefix of the longer one
        expect(l.days.slice(0, small)).toEqual(s.days);
      }),
    );
  });

  it('counting working days back from lastDay to the start date gives n, and none are skipped', () => {
    fc.assert(
      fc.property(instant, count, (from, n) => {
        const span = countWorkingDays(from, n, data);
        expect(span.days).toHaveLength(n);
        expect(workingDaysInclusive(beijingDate(from), span.lastDay, data)).toBe(n);
        expect(span.days[0]! >= beijingDate(from)).toBe(true);
      }),
    );
  });

  it('closesAt is always 00:00 Asia/Shanghai on the day after lastDay', () => {
    fc.assert(
      fc.property(instant, count, fc.boolean(), (from, n, workdays) => {
        const span = workdays ? countWorkingDays(from, n, data) : countCalendarDays(from, n);
        const local = new Date(span.closesAt.getTime() + OFFSET);
        expect(local.getUTCHours()).toBe(0);
        expect(local.getUTCMinutes()).toBe(0);
        expect(local.getUTCSeconds()).toBe(0);
        expect(local.getUTCMilliseconds()).toBe(0);
        expect(local.toISOString().slice(0, 10)).toBe(nextDate(span.lastDay));
        expect(span.closesAt.getTime()).toBeGreaterThan(from.getTime());
      }),
    );
  });

  it('provisional exactly when an examined day lies in a year without data', () => {
    fc.assert(
      fc.property(instant, count, (from, n) => {
        const span = countWorkingDays(from, n, data);
        const years = new Set<number>();
        for (let d = beijingDate(from); d <= span.lastDay; d = nextDate(d)) years.add(Number(d.slice(0, 4)));
        const missing = [...years].filter((y) => !data.years.has(y)).sort((x, y) => x - y);
        expect(span.missingYears).toEqual(missing);
        expect(span.provisional).toBe(missing.length > 0);
      }),
    );
  });

  it('with no data at all, working days are exactly Monday to Friday', () => {
    const empty = calendarDataFrom([]);
    fc.assert(
      fc.property(instant, count, (from, n) => {
        const span = countWorkingDays(from, n, empty);
        for (const d of span.days) expect([1, 2, 3, 4, 5]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
        expect(span.provisional).toBe(true);
      }),
    );
  });

  it('calendar-day spans are n consecutive dates starting on the Beijing start date', () => {
    fc.assert(
      fc.property(instant, count, (from, n) => {
        const span = countCalendarDays(from, n);
        expect(span.days[0]).toBe(beijingDate(from));
        for (let i = 1; i < span.days.length; i += 1) expect(span.days[i]).toBe(nextDate(span.days[i - 1]!));
        expect(span.lastDay).toBe(span.days[n - 1]);
      }),
    );
  });
});
