import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CASE_SORT_FIELDS, type CaseSortField } from '../../db/case-search.repository';
import { CASE_STATUSES } from '../../db/entities/case.entity';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { APP_CLOCK, type AppClock } from '../common/app-clock';
import { pageParams, parseSort, sortParam } from '../common/paging';
import { zodBody, zodQuery } from '../common/zod-validation.pipe';
import { CaseExportService, EXPORT_MAX_ROWS } from './case-export.service';
import { CANCEL_REASON_MAX, CANCEL_ROLES, CaseCancelService } from './case-cancel.service';
import { CaseStartService } from './case-start.service';
import {
  CaseDetailDto,
  CasePageDto,
  CaseSummaryDto,
  HistoryEventDto,
  ObjectionDto,
  PaymentDto,
} from './case.dto';
import { CasesService, DEFAULT_CASE_SORT, caseDetail, caseSearchFilter, caseSummary } from './cases.service';

const createBody = z
  .object({
    processKey: z.string().min(1, 'is required'),
    // PostgreSQL integer: a larger version would fail in SQL (a 500) instead of being refused here.
    version: z.number().int().min(1).max(2_147_483_647, 'must be at most 2147483647').optional(),
    // generated (J01-2026-000123) when absent
    businessKey: z.string().min(1, 'must not be empty').max(200).optional(),
    variables: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const shanghaiDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00+08:00`)), 'must be a date YYYY-MM-DD');
const trueFalse = z.enum(['true', 'false'], { error: 'must be true or false' });

const listQuery = z.object({
  processKey: z.string().min(1).max(200).optional(),
  status: z.enum(CASE_STATUSES as [string, ...string[]]).optional(),
  elementId: z.string().min(1).max(200).optional(),
  district: z.string().min(1).max(200).optional(),
  calendarProvisional: trueFalse.optional(),
  /** "my applications": the cases the caller started */
  mine: trueFalse.optional(),
  outcome: z.string().min(1).max(40).optional(),
  /** free text: a substring of the business key or the applicant's name */
  q: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
  overdue: trueFalse.optional(),
  /** Asia/Shanghai calendar days, both ends included */
  startedFrom: shanghaiDay.optional(),
  startedTo: shanghaiDay.optional(),
  finishedFrom: shanghaiDay.optional(),
  finishedTo: shanghaiDay.optional(),
  sort: sortParam,
  ...pageParams(20),
});

const exportQuery = listQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv'), lang: z.enum(['zh', 'en']).default('zh') });

const dayStart = (d: string | undefined) => (d ? new Date(`${d}T00:00:00+08:00`) : undefined);
const dayAfter = (d: string | undefined) =>
  d ? new Date(Date.parse(`${d}T00:00:00+08:00`) + 86_400_000) : undefined;

/** The service's query from the validated parameters (sort checked against the sortable fields). */
function caseQuery(q: z.infer<typeof exportQuery> | z.infer<typeof listQuery>) {
  return {
    processKey: q.processKey,
    status: q.status,
    elementId: q.elementId,
    district: q.district,
    calendarProvisional: q.calendarProvisional === undefined ? undefined : q.calendarProvisional === 'true',
    mine: q.mine === 'true',
    outcome: q.outcome,
    text: q.q,
    overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    startedFrom: dayStart(q.startedFrom),
    startedBefore: dayAfter(q.startedTo),
    finishedFrom: dayStart(q.finishedFrom),
    finishedBefore: dayAfter(q.finishedTo),
    sort: parseSort(q.sort, Object.keys(CASE_SORT_FIELDS) as CaseSortField[], DEFAULT_CASE_SORT),
  };
}

const LIST_PARAMS_NOTE =
  'q: substring of the business key or the applicant name (1-100 characters); overdue=true|false: an open task ' +
  'past due; startedFrom/startedTo/finishedFrom/finishedTo: YYYY-MM-DD (Asia/Shanghai, inclusive); ' +
  `sort=<field> or -<field> (${Object.keys(CASE_SORT_FIELDS).join(', ')}; default -createdAt), unknown: 400 ` +
  'SORT_FIELD_UNKNOWN.';

const detailQuery = z.object({ fresh: z.enum(['true', 'false']).optional() });
const objectionBody = z.object({ reason: z.string().trim().min(1, 'is required').max(4000) }).strict();
const cancelBody = z
  .object({ reason: z.string().trim().min(1, 'is required').max(CANCEL_REASON_MAX) })
  .strict();

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CaseStartService) private readonly starts: CaseStartService,
    @Inject(CaseCancelService) private readonly cancels: CaseCancelService,
    @Inject(CaseExportService) private readonly exports: CaseExportService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Start a case',
    description:
      'Roles named by the process rf:startableBy (default admin) may start it; others get 403 NOT_STARTABLE. ' +
      'Without businessKey one is generated: <PREFIX>-<year>-<6-digit sequence per process>, e.g. J01-2026-000123. ' +
      'An applicant is recorded as applicantId, an employer (its affiliation) as employerId.',
  })
  @ApiCreatedResponse({ type: CaseSummaryDto })
  async create(@Body(zodBody(createBody)) body: z.infer<typeof createBody>, @CurrentUser() user: AuthUser) {
    return caseSummary(await this.starts.start(body, user));
  }

  @Get()
  @ApiOperation({
    summary: 'List the cases the caller may see',
    description:
      'mine=true: the cases the caller started ("my applications"); outcome=: the rf:outcome they ended with. ' +
      LIST_PARAMS_NOTE,
  })
  @ApiOkResponse({ type: CasePageDto })
  async list(@Query(zodQuery(listQuery)) q: z.infer<typeof listQuery>, @CurrentUser() user: AuthUser) {
    const { items, total } = await this.cases.list(
      { ...caseQuery(q), page: q.page, pageSize: q.pageSize },
      user,
    );
    return { items: items.map(caseDetail), total };
  }

  @Get('export')
  @ApiOperation({
    summary: 'The case list with the same filters as a file: CSV (UTF-8 with BOM) or Excel .xlsx',
    description:
      `format=csv|xlsx (default csv), lang=zh|en (default zh); the cases the caller may see; more than ` +
      `${EXPORT_MAX_ROWS} matching cases: 413 EXPORT_TOO_LARGE. ${LIST_PARAMS_NOTE}`,
  })
  async export(
    @Query(zodQuery(exportQuery)) q: z.infer<typeof exportQuery>,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    const { sort, ...rest } = caseQuery(q);
    const file = await this.exports.export(
      caseSearchFilter(rest, user, await this.clock.now()),
      sort,
      user,
      q.format,
      q.lang,
    );
    res
      .status(200)
      .setHeader('Content-Type', file.contentType)
      .setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`)
      .setHeader('X-Total-Count', String(file.rows))
      .send(file.body);
  }

  @Get(':id')
  @ApiOkResponse({ type: CaseDetailDto })
  detail(
    @Param('id') id: string,
    @Query(zodQuery(detailQuery)) q: z.infer<typeof detailQuery>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.cases.detail(id, user, q.fresh === 'true');
  }

  @Get(':id/history')
  @ApiOkResponse({ type: [HistoryEventDto] })
  history(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.cases.history(id, user);
  }

  @Get(':id/payments')
  @ApiOkResponse({ type: [PaymentDto] })
  payments(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.cases.payments(id, user);
  }

  @Post(':id/cancel')
  @Roles(...CANCEL_ROLES)
  @ApiOperation({
    summary: 'Cancel a case (admin, org-department)',
    description:
      'Ends an active or failed case as terminated, withdraws its open tasks and records the canceller and reason ' +
      'in the history (case-terminated, actor). 409 CASE_NOT_ACTIVE otherwise.',
  })
  @HttpCode(200)
  @ApiOkResponse({ type: CaseDetailDto, description: 'the terminated case' })
  cancel(
    @Param('id') id: string,
    @Body(zodBody(cancelBody)) body: z.infer<typeof cancelBody>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.cancels.cancel(id, body.reason, user);
  }

  @Post(':id/objections')
  @ApiCreatedResponse({ type: ObjectionDto })
  objection(
    @Param('id') id: string,
    @Body(zodBody(objectionBody)) body: z.infer<typeof objectionBody>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.cases.objection(id, body.reason, user);
  }
}
