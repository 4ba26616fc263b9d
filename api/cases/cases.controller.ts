import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CASE_STATUSES } from '../../db/entities/case.entity';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodBody, zodQuery } from '../common/zod-validation.pipe';
import { CANCEL_REASON_MAX, CANCEL_ROLES, CaseCancelService } from './case-cancel.service';
import { CaseStartService } from './case-start.service';
import { CasesService, caseDetail, caseSummary } from './cases.service';

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

const listQuery = z.object({
  processKey: z.string().min(1).optional(),
  status: z.enum(CASE_STATUSES as [string, ...string[]]).optional(),
  elementId: z.string().min(1).optional(),
  district: z.string().min(1).optional(),
  calendarProvisional: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  /** "my applications": the cases the caller started */
  mine: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  outcome: z.string().min(1).max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

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
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Start a case',
    description:
      'Roles named by the process rf:startableBy (default admin) may start it; others get 403 NOT_STARTABLE. ' +
      'Without businessKey one is generated: <PREFIX>-<year>-<6-digit sequence per process>, e.g. J01-2026-000123. ' +
      'An applicant is recorded as applicantId, an employer (its affiliation) as employerId.',
  })
  async create(@Body(zodBody(createBody)) body: z.infer<typeof createBody>, @CurrentUser() user: AuthUser) {
    return caseSummary(await this.starts.start(body, user));
  }

  @Get()
  @ApiOperation({
    summary: 'List the cases the caller may see',
    description:
      'mine=true: the cases the caller started ("my applications"); outcome=: the rf:outcome they ended with.',
  })
  async list(@Query(zodQuery(listQuery)) q: z.infer<typeof listQuery>, @CurrentUser() user: AuthUser) {
    const calendarProvisional =
      q.calendarProvisional === undefined ? undefined : q.calendarProvisional === 'true';
    const { items, total } = await this.cases.list(
      { ...q, calendarProvisional, mine: q.mine === 'true' },
      user,
    );
    return { items: items.map(caseDetail), total };
  }

  @Get(':id')
  detail(
    @Param('id') id: string,
    @Query(zodQuery(detailQuery)) q: z.infer<typeof detailQuery>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.cases.detail(id, user, q.fresh === 'true');
  }

  @Get(':id/history')
  history(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.cases.history(id, user);
  }

  @Get(':id/payments')
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
  cancel(
    @Param('id') id: string,
    @Body(zodBody(cancelBody)) body: z.infer<typeof cancelBody>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.cancels.cancel(id, body.reason, user);
  }

  @Post(':id/objections')
  objection(
    @Param('id') id: string,
    @Body(zodBody(objectionBody)) body: z.infer<typeof objectionBody>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.cases.objection(id, body.reason, user);
  }
}
