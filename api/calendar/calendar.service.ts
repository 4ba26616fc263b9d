import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { enqueueCalendarRecompute } from '../../db/calendar-recompute.repository';
import { CalendarYearEntity } from '../../db/entities/calendar-year.entity';
import {
  BUNDLED_CALENDAR_SOURCE,
  bundledCalendarYears,
  mergeCalendarYears,
} from '../../calendar/bundled-calendar';
import {
  type CalendarData,
  CalendarError,
  type CalendarYearData,
  type WorkdaySpan,
  countWorkingDays,
  shanghaiStartOf,
  validateCalendarYear,
} from '../../calendar/working-days';
import { badRequest, notFound } from '../common/error-body';

/** Renders an instant in Asia/Shanghai (fixed +08:00), the zone every deadline is defined in. */
export function toShanghaiIso(instant: Date): string {
  const local = new Date(instant.getTime() + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 19)}+08:00`;
}

/** Turns a CalendarError ("holidays[2] … is not in year 2027") into a 400 naming the field, as zod does ("holidays.2"). */
function calendarBadRequest(err: CalendarError, fallbackField: string): never {
  const match = /^(holidays|workdays)(?:\[(\d+)\])?/.exec(err.message);
  const field = match ? [match[1], match[2]].filter((p) => p !== undefined).join('.') : fallbackField;
  throw badRequest(err.message.replace(/^date\b/, fallbackField), [{ field, message: err.message }]);
}

export interface CalendarYearSummary {
  year: number;
  source: string;
  holidays: number;
  workdays: number;
  /** The bundled package covers this year (whether or not an admin overrode it). */
  bundled: boolean;
  overridden: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** One year's dates (GET /calendar/years/:year). */
export interface CalendarYearDates {
  year: number;
  source: string;
  holidays: string[];
  workdays: string[];
}

@Injectable()
export class CalendarService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Bundled years overridden by admin rows; read per call so a PUT takes effect at once on every instance. */
  async calendarData(): Promise<CalendarData> {
    const rows = await this.dataSource.getRepository(CalendarYearEntity).find();
    const overrides: CalendarYearData[] = rows.map((r) => ({
      year: r.year,
      holidays: r.holidays,
      workdays: r.workdays,
      source: r.source,
    }));
    return mergeCalendarYears(bundledCalendarYears(), overrides);
  }

  /** Every year with data, bundled or admin-loaded, oldest first; an admin row replaces the bundled year. */
  async years(): Promise<CalendarYearSummary[]> {
    const rows = await this.dataSource.getRepository(CalendarYearEntity).find();
    const byYear = new Map<number, CalendarYearSummary>();
    for (const y of bundledCalendarYears())
      byYear.set(y.year, {
        year: y.year,
        source: BUNDLED_CALENDAR_SOURCE,
        holidays: y.holidays.length,
        workdays: y.workdays.length,
        bundled: true,
        overridden: false,
        updatedAt: null,
        updatedBy: null,
      });
    for (const r of rows)
      byYear.set(r.year, {
        year: r.year,
        source: r.source,
        holidays: r.holidays.length,
        workdays: r.workdays.length,
        bundled: byYear.has(r.year),
        overridden: true,
        updatedAt: r.updatedAt.toISOString(),
        updatedBy: r.updatedBy ?? null,
      });
    return [...byYear.values()].sort((a, b) => a.year - b.year);
  }

  /** One year's dates as the calendar uses them (admin row, else bundled); 404 when there is no data. */
  async year(year: number): Promise<CalendarYearDates> {
    const row = await this.dataSource.getRepository(CalendarYearEntity).findOneBy({ year });
    if (row) return { year, source: row.source, holidays: row.holidays, workdays: row.workdays };
    const bundled = bundledCalendarYears().find((y) => y.year === year);
    if (!bundled) throw notFound(`No calendar data for ${year}`);
    return {
      year,
      source: BUNDLED_CALENDAR_SOURCE,
      holidays: [...bundled.holidays],
      workdays: [...bundled.workdays],
    };
  }

  async workdays(from: string, days: number): Promise<WorkdaySpan> {
    const data = await this.calendarData();
    try {
      return countWorkingDays(shanghaiStartOf(from), days, data);
    } catch (err) {
      if (err instanceof CalendarError) calendarBadRequest(err, 'from');
      throw err;
    }
  }

  async putYear(
    year: number,
    holidays: string[],
    workdays: string[],
    actor: string,
  ): Promise<CalendarYearEntity> {
    let valid: CalendarYearData;
    try {
      valid = validateCalendarYear({ year, holidays, workdays, source: 'admin' });
    } catch (err) {
      if (err instanceof CalendarError) calendarBadRequest(err, 'year');
      throw err;
    }
    // The data and the recompute jobs of the provisional cases commit together (CalendarRecomputeService works them off).
    return this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(CalendarYearEntity);
      await repo.upsert(
        {
          year,
          holidays: valid.holidays,
          workdays: valid.workdays,
          source: 'admin',
          updatedAt: new Date(),
          updatedBy: actor,
        },
        ['year'],
      );
      await enqueueCalendarRecompute(tx, year);
      return repo.findOneByOrFail({ year });
    });
  }
}
