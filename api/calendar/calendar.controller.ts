import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { MAX_DAYS } from '../../calendar/working-days';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodBody, zodParams, zodQuery } from '../common/zod-validation.pipe';
import { CalendarYearDto, CalendarYearSummaryDto, WorkdaysDto } from './calendar.dto';
import { CalendarRecomputeService } from './calendar-recompute.service';
import { CalendarService, toShanghaiIso } from './calendar.service';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

const workdaysQuery = z.object({
  from: isoDate,
  days: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(MAX_DAYS, `must be at most ${MAX_DAYS}`),
});

const yearParams = z.object({
  year: z.coerce
    .number({ error: 'must be a year' })
    .int('must be a year')
    .min(1000, 'must be a 4-digit year')
    .max(9999, 'must be a 4-digit year'),
});

const yearBody = z.object({
  holidays: z.array(isoDate, { error: 'must be an array of dates YYYY-MM-DD' }).max(366),
  workdays: z.array(isoDate, { error: 'must be an array of dates YYYY-MM-DD' }).max(366),
});

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    @Inject(CalendarService) private readonly calendar: CalendarService,
    @Inject(CalendarRecomputeService) private readonly recompute: CalendarRecomputeService,
  ) {}

  @Get('workdays')
  @ApiQuery({ name: 'from', example: '2026-09-28' })
  @ApiQuery({ name: 'days', example: 5 })
  @ApiOkResponse({ type: WorkdaysDto })
  async workdays(@Query(zodQuery(workdaysQuery)) q: z.infer<typeof workdaysQuery>): Promise<WorkdaysDto> {
    const span = await this.calendar.workdays(q.from, q.days);
    return {
      days: span.days,
      lastDay: span.lastDay,
      closesAt: toShanghaiIso(span.closesAt),
      provisional: span.provisional,
    };
  }

  @Get('years')
  @ApiOkResponse({ type: [CalendarYearSummaryDto], description: 'counts per year' })
  years() {
    return this.calendar.years();
  }

  @Get('years/:year')
  @ApiOkResponse({ type: CalendarYearDto })
  year(@Param(zodParams(yearParams)) p: z.infer<typeof yearParams>) {
    return this.calendar.year(p.year);
  }

  @Put('years/:year')
  @Roles('admin')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['holidays', 'workdays'],
      properties: {
        holidays: { type: 'array', items: { type: 'string' } },
        workdays: { type: 'array', items: { type: 'string' } },
      },
    },
  })
  async putYear(
    @Param(zodParams(yearParams)) p: z.infer<typeof yearParams>,
    @Body(zodBody(yearBody)) body: z.infer<typeof yearBody>,
    @CurrentUser() user: AuthUser,
  ) {
    const row = await this.calendar.putYear(p.year, body.holidays, body.workdays, user.username);
    this.recompute.kick();
    return {
      year: row.year,
      holidays: row.holidays,
      workdays: row.workdays,
      source: row.source,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy ?? null,
    };
  }
}
