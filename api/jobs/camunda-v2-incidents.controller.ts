// Camunda REST v2 incidents = reviewflow's open incidents (admin, as /api/v1/incidents). An incident key is
// `<case id>.<incident key within the case>` because reviewflow numbers incidents per case.
import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/error-body';
import { zodBody } from '../common/zod-validation.pipe';
import { IncidentsService } from '../incidents/incidents.service';
import {
  TENANT,
  exactEnum,
  exactString,
  operationBody,
  pageRequest,
  searchAnswer,
  searchFilter,
  sortRequest,
  unsupportedFilter,
} from './camunda-v2-search';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** reviewflow's incident causes (incident-causes.ts) as Camunda error types; the rest are UNKNOWN. */
const ERROR_TYPES: Record<string, string> = {
  JOB_FAILED: 'JOB_NO_RETRIES',
  BPMN_ERROR_UNCAUGHT: 'UNHANDLED_ERROR_EVENT',
  CALLED_CASE_FAILED: 'CALLED_ELEMENT_ERROR',
  DEFINITION_NOT_FOUND: 'RESOURCE_NOT_FOUND',
  NO_FLOW_MATCHED: 'CONDITION_ERROR',
  EXPRESSION_FAILED: 'EXTRACT_VALUE_ERROR',
  CORRELATION_KEY_INVALID: 'EXTRACT_VALUE_ERROR',
  COLLECTION_INVALID: 'EXTRACT_VALUE_ERROR',
  INVALID_PARAMETER: 'IO_MAPPING_ERROR',
};

const searchBody = z.object({
  filter: searchFilter({
    processDefinitionId: exactString.optional(),
    processInstanceKey: exactString.optional(),
    state: exactEnum(['ACTIVE', 'MIGRATED', 'PENDING', 'RESOLVED', 'UNKNOWN']).optional(),
  }),
  // reviewflow lists incidents oldest first only
  sort: sortRequest(['creationTime']).refine((s) => !s?.length || s[0]?.order === 'ASC', {
    message: 'incidents are sorted by creationTime ASC only',
  }),
  page: pageRequest,
});

function splitKey(key: string): { caseId: string; incidentKey: string } {
  const caseId = key.slice(0, 36);
  const incidentKey = key.slice(37);
  if (!UUID.test(caseId) || key[36] !== '.' || !/^(\d{1,15}|shell)$/.test(incidentKey))
    throw new ApiError(404, `Incident ${key} not found`, undefined, 'INCIDENT_NOT_FOUND');
  return { caseId, incidentKey };
}

@ApiTags('camunda-v2')
@ApiBearerAuth()
@Roles('admin')
@Controller('v2/incidents')
export class CamundaV2IncidentsController {
  constructor(@Inject(IncidentsService) private readonly incidents: IncidentsService) {}

  @Post('search')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Search open incidents (Camunda REST v2, admin)',
    description:
      'As GET /api/v1/incidents, oldest first. filter: processDefinitionId, processInstanceKey (case id), state ' +
      'ACTIVE (only open incidents are kept: RESOLVED and the rest 400), tenantId. incidentKey is ' +
      '"<case id>.<key>"; errorType maps reviewflow\'s cause (JOB_NO_RETRIES, UNHANDLED_ERROR_EVENT, …, UNKNOWN).',
  })
  async search(@Body(zodBody(searchBody)) body: z.infer<typeof searchBody>, @CurrentUser() user: AuthUser) {
    const f = body.filter ?? {};
    if (f.state && f.state !== 'ACTIVE') throw unsupportedFilter('state', 'must be ACTIVE here');
    if (f.processInstanceKey && !UUID.test(f.processInstanceKey))
      throw unsupportedFilter('processInstanceKey', 'must be a case id');
    return searchAnswer(
      body.page,
      (page, pageSize) =>
        this.incidents.list(
          { processKey: f.processDefinitionId, caseId: f.processInstanceKey, page, pageSize },
          user,
        ),
      (rows) =>
        rows.map((i) => ({
          processDefinitionId: i.processKey,
          errorType: ERROR_TYPES[i.cause.code] ?? 'UNKNOWN',
          errorMessage: i.reason,
          elementId: i.elementId,
          creationTime: i.raisedAt,
          state: 'ACTIVE',
          tenantId: TENANT,
          incidentKey: `${i.caseId}.${i.incidentKey}`,
          processDefinitionKey: `${i.processKey}:${i.processVersion}`,
          processInstanceKey: i.caseId,
          rootProcessInstanceKey: null,
          // the incidents list does not carry the element instance's key
          elementInstanceKey: null,
          jobKey: null,
        })),
    );
  }

  @Post(':incidentKey/resolution')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Resolve an incident = retry it (Camunda REST v2, admin)',
    description:
      'As POST /api/v1/cases/:id/incidents/:key/retry without variables: the failed element runs again. 204; ' +
      '404 INCIDENT_NOT_FOUND for a malformed key, 404 unknown case, 409 NO_INCIDENT when it is not open.',
  })
  async resolve(
    @Param('incidentKey') key: string,
    @Body(zodBody(operationBody)) _body: z.infer<typeof operationBody>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    const { caseId, incidentKey } = splitKey(key);
    await this.incidents.retry(caseId, incidentKey, {}, user);
  }
}
