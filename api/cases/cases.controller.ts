import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CASE_STATUSES } from '../../db/entities/case.entity';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodBody, zodQuery } from '../common/zod-validation.pipe';
import { CasesService, caseDetail, caseSummary } from './cases.service';

const createBody = z
  .object({
    processKey: z.string().min(1, 'is required'),
    version: z.number().int().min(1).optional(),
    businessKey: z.string().min(1, 'is required').max(200),
    variables: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const listQuery = z.object({
  processKey: z.string().min(1).optional(),
  status: z.enum(CASE_STATUSES as [string, ...string[]]).optional(),
  elementId: z.string().min(1).optional(),
  district: z.string().min(1).optional(),
  calendarProvisional: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

const detailQuery = z.object({ fresh: z.enum(['true', 'false']).optional() });
const objectionBody = z.object({ reason: z.string().trim().min(1, 'is required').max(4000) }).strict();

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(@Inject(CasesService) private readonly cases: CasesService) {}

  @Post()
  async create(@Body(zodBody(createBody)) body: z.infer<typeof createBody>, @CurrentUser() user: AuthUser) {
    return caseSummary(await this.cases.create(body, user));
  }

  @Get()
  async list(@Query(zodQuery(listQuery)) q: z.infer<typeof listQuery>, @CurrentUser() user: AuthUser) {
    const calendarProvisional =
      q.calendarProvisional === undefined ? undefined : q.calendarProvisional === 'true';
    const { items, total } = await this.cases.list({ ...q, calendarProvisional }, user);
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

  @Post(':id/objections')
  objection(
    @Param('id') id: string,
    @Body(zodBody(objectionBody)) body: z.infer<typeof objectionBody>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.cases.objection(id, body.reason, user);
  }
}
