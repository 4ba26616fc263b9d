// Camunda REST v2 process instances read and cancelled as reviewflow cases (processInstanceKey = case id), with
// the v1 endpoints' authorization: the caller's case visibility, and cancelling as POST /api/v1/cases/:id/cancel.
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { CaseSortField } from '../../db/case-search.repository';
import type { CaseEntity } from '../../db/entities/case.entity';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CANCEL_ROLES, CaseCancelService } from '../cases/case-cancel.service';
import { CasesService } from '../cases/cases.service';
import { ApiError } from '../common/error-body';
import { zodBody } from '../common/zod-validation.pipe';
import {
  type PageSource,
  TENANT,
  exactEnum,
  exactString,
  noRows,
  operationBody,
  pageRequest,
  rowsOf,
  searchAnswer,
  searchFilter,
  sortOf,
  sortRequest,
} from './camunda-v2-search';

const STATES = ['ACTIVE', 'COMPLETED', 'TERMINATED'] as const;
/** Camunda's ACTIVE includes an instance with an incident (a failed case: hasIncident). */
const STATUSES_OF: Record<(typeof STATES)[number], string[]> = {
  ACTIVE: ['active', 'failed'],
  COMPLETED: ['completed'],
  TERMINATED: ['terminated'],
};
const SORTS = {
  startDate: 'createdAt',
  endDate: 'finishedAt',
  processDefinitionId: 'processKey',
  state: 'status',
  businessId: 'businessKey',
} as const satisfies Record<string, CaseSortField>;

const searchBody = z.object({
  filter: searchFilter({
    processInstanceKey: exactString.optional(),
    processDefinitionId: exactString.optional(),
    state: exactEnum(STATES).optional(),
    businessId: exactString.optional(),
    hasIncident: z.boolean().optional(),
  }),
  sort: sortRequest(Object.keys(SORTS) as [keyof typeof SORTS, ...(keyof typeof SORTS)[]]),
  page: pageRequest,
});

export function processInstanceView(c: CaseEntity) {
  return {
    processDefinitionId: c.processKey,
    processDefinitionName: null,
    processDefinitionVersion: c.processVersion,
    processDefinitionVersionTag: null,
    startDate: c.createdAt.toISOString(),
    endDate: c.finishedAt ? c.finishedAt.toISOString() : null,
    state: c.status === 'completed' ? 'COMPLETED' : c.status === 'terminated' ? 'TERMINATED' : 'ACTIVE',
    hasIncident: c.status === 'failed',
    tenantId: TENANT,
    processInstanceKey: c.id,
    processDefinitionKey: `${c.processKey}:${c.processVersion}`,
    parentProcessInstanceKey: null,
    parentElementInstanceKey: null,
    rootProcessInstanceKey: null,
    tags: [],
    businessId: c.businessKey,
  };
}

/** statusIn for the state and hasIncident filters together (failed = ACTIVE with an incident). */
function statusesOf(state: (typeof STATES)[number] | undefined, hasIncident: boolean | undefined) {
  let s = state ? STATUSES_OF[state] : ['active', 'failed', 'completed', 'terminated'];
  if (hasIncident === true) s = s.filter((x) => x === 'failed');
  if (hasIncident === false) s = s.filter((x) => x !== 'failed');
  return s;
}

@ApiTags('camunda-v2')
@ApiBearerAuth()
@Controller('v2/process-instances')
export class CamundaV2InstancesController {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CaseCancelService) private readonly cancels: CaseCancelService,
  ) {}

  @Post('search')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Search process instances = the cases the caller may see (Camunda REST v2)',
    description:
      'filter: processInstanceKey (case id), processDefinitionId, state (ACTIVE: active or failed, COMPLETED, ' +
      'TERMINATED), businessId (the business key), hasIncident (a failed case), tenantId "<default>": a value or {$eq}; other fields or ' +
      'operators 400 naming the field. sort: one of startDate, endDate, processDefinitionId, state, businessId. ' +
      'page: {from, limit} or {after|before: cursor, limit} (limit ≤ 1000, default 100). ' +
      'Answers {items: [{processInstanceKey (case id), processDefinitionId, processDefinitionVersion, state, ' +
      'hasIncident, startDate, endDate, businessId, …}], page: {totalItems, startCursor, endCursor, …}}.',
  })
  async search(@Body(zodBody(searchBody)) body: z.infer<typeof searchBody>, @CurrentUser() user: AuthUser) {
    const f = body.filter ?? {};
    const statusIn = statusesOf(f.state, f.hasIncident);
    const source: PageSource<CaseEntity> =
      statusIn.length === 0
        ? noRows
        : f.processInstanceKey !== undefined
          ? rowsOf(
              await this.one(f.processInstanceKey, user, (c) =>
                Boolean(
                  statusIn.includes(c.status) &&
                  (f.processDefinitionId === undefined || c.processKey === f.processDefinitionId) &&
                  (f.businessId === undefined || c.businessKey === f.businessId),
                ),
              ),
            )
          : (page, pageSize) =>
              this.cases.list(
                {
                  processKey: f.processDefinitionId,
                  statusIn,
                  businessKey: f.businessId,
                  ...sortOf(body.sort, SORTS),
                  page,
                  pageSize,
                },
                user,
              );
    return searchAnswer(body.page, source, (rows) => rows.map(processInstanceView));
  }

  /** A search by processInstanceKey: the one case if the caller sees it and it passes the other filters. */
  private async one(id: string, user: AuthUser, passes: (c: CaseEntity) => boolean): Promise<CaseEntity[]> {
    const row = await this.cases.visible(id, user).catch((err: unknown) => {
      if (err instanceof ApiError && err.getStatus() === 404) return undefined;
      throw err;
    });
    return row && passes(row) ? [row] : [];
  }

  @Get(':processInstanceKey')
  @ApiOperation({
    summary: 'Get a process instance = a case the caller may see (Camunda REST v2)',
    description: '404 when the case does not exist or the caller may not see it (as GET /api/v1/cases/:id).',
  })
  async get(@Param('processInstanceKey') key: string, @CurrentUser() user: AuthUser) {
    return processInstanceView(await this.cases.visible(key, user));
  }

  @Post(':processInstanceKey/cancellation')
  @HttpCode(204)
  @Roles(...CANCEL_ROLES)
  @ApiOperation({
    summary: 'Cancel a process instance = cancel the case (Camunda REST v2; admin, org-department)',
    description:
      'As POST /api/v1/cases/:id/cancel; the recorded reason names the operationReference when one is sent. 204; ' +
      '404 unknown or invisible case, 409 CASE_NOT_ACTIVE for a completed or terminated case.',
  })
  async cancel(
    @Param('processInstanceKey') key: string,
    @Body(zodBody(operationBody)) body: z.infer<typeof operationBody>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    const ref = body?.operationReference;
    await this.cancels.cancel(
      key,
      ref ? `Cancelled through the REST API (operation ${ref})` : 'Cancelled through the REST API',
      user,
    );
  }
}
