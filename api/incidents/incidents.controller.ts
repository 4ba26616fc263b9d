// Incidents and case operations (admin only): GET /incidents, POST /cases/:id/incidents/:key/retry,
// POST /cases/:id/modification, GET /cases/:id/element-instances. Cancelling stays POST /cases/:id/cancel.
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CaseDetailDto } from '../cases/case.dto';
import { zodBody, zodParams, zodQuery } from '../common/zod-validation.pipe';
import { ElementInstanceDto, IncidentPageDto } from './incident.dto';
import { IncidentsService } from './incidents.service';

/** Bounds of what an administrator may set on a case in one request. */
export const OPERATION_LIMITS = {
  variables: 50,
  variablesBytes: 64 * 1024,
  activations: 20,
  terminations: 50,
};

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a variable name (letters, digits, _; at most 64)');

const variables = z
  .record(variableName, z.unknown())
  .refine((v) => Object.keys(v).length <= OPERATION_LIMITS.variables, {
    message: `at most ${OPERATION_LIMITS.variables} variables`,
  })
  .refine((v) => Buffer.byteLength(JSON.stringify(v)) <= OPERATION_LIMITS.variablesBytes, {
    message: `at most ${OPERATION_LIMITS.variablesBytes} bytes of JSON`,
  });

const elementId = z.string().min(1, 'is required').max(200);
const instanceKey = z.string().regex(/^\d{1,15}$/, 'must be an element-instance key');

const listQuery = z.object({
  processKey: z.string().min(1).max(200).optional(),
  caseId: z.uuid('must be a case id').optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

const caseParams = z.object({ id: z.string() });
const retryParams = z.object({
  id: z.string(),
  key: z.string().regex(/^(\d{1,15}|shell)$/, 'must be an incident key'),
});
const retryBody = z.object({ variables: variables.default({}) }).strict();

const modificationBody = z
  .object({
    activateInstructions: z
      .array(
        z
          .object({
            elementId,
            ancestorElementInstanceKey: instanceKey.optional(),
            variableInstructions: z
              .array(z.object({ variables, scopeId: elementId.optional() }).strict())
              .max(5)
              .optional(),
          })
          .strict(),
      )
      .max(OPERATION_LIMITS.activations)
      .optional(),
    terminateInstructions: z
      .array(z.object({ elementInstanceKey: instanceKey }).strict())
      .max(OPERATION_LIMITS.terminations)
      .optional(),
  })
  .strict();

@ApiTags('incidents')
@ApiBearerAuth()
@Controller()
@Roles('admin')
export class IncidentsController {
  constructor(@Inject(IncidentsService) private readonly incidents: IncidentsService) {}

  @Get('incidents')
  @ApiOperation({
    summary: 'Open incidents of all cases (admin)',
    description:
      'Oldest first, paged (page, pageSize ≤ 200); processKey= one programme, caseId= one case. Each item: case, ' +
      'element (id and name), cause {code, errorCode?} (a stable code the UI puts into words), the raw reason and ' +
      'raisedAt. incidentKey "shell" is an incident of the workflow shell (a deadline that could not be computed).',
  })
  @ApiOkResponse({ type: IncidentPageDto })
  list(@Query(zodQuery(listQuery)) q: z.infer<typeof listQuery>, @CurrentUser() user: AuthUser) {
    return this.incidents.list(q, user);
  }

  @Post('cases/:id/incidents/:key/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retry an incident after setting variables (admin)',
    description:
      'Sets `variables` on the case (names: letters, digits, _; at most 50, 64 KiB) and runs the failed element ' +
      'again. The incident-resolved history row records the administrator and the changed names. 404 unknown case, ' +
      '409 NO_INCIDENT (no such open incident).',
  })
  @ApiOkResponse({ type: CaseDetailDto, description: 'the case after the retry' })
  retry(
    @Param(zodParams(retryParams)) p: z.infer<typeof retryParams>,
    @Body(zodBody(retryBody)) body: z.infer<typeof retryBody>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.incidents.retry(p.id, p.key, body.variables, user);
  }

  @Post('cases/:id/modification')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Modify a running case (admin): activate elements, terminate element instances',
    description:
      'Camunda 8 process-instance modification. activateInstructions [{elementId, ancestorElementInstanceKey?, ' +
      'variableInstructions? [{variables, scopeId?}]}], terminateInstructions [{elementInstanceKey}]; applied as ' +
      'one step (activations first), recorded as case-modified with the administrator. Terminating the last active ' +
      'element of the case (activating nothing) terminates the case. Refusals change nothing: 400 ' +
      'MODIFICATION_EMPTY, ELEMENT_NOT_FOUND, ELEMENT_NOT_ACTIVATABLE (start/boundary event, sequence flow, joining ' +
      'gateway, event after an event-based gateway, event subprocess), VARIABLE_SCOPE_INVALID; 409 ' +
      'SCOPE_NOT_ACTIVE, SCOPE_AMBIGUOUS, ANCESTOR_INVALID, ELEMENT_INSTANCE_NOT_FOUND, ' +
      'ELEMENT_INSTANCE_NOT_TERMINABLE, CASE_NOT_ACTIVE; details[].elementId names the element.',
  })
  @ApiOkResponse({ type: CaseDetailDto, description: 'the case after the modification' })
  modify(
    @Param(zodParams(caseParams)) p: z.infer<typeof caseParams>,
    @Body(zodBody(modificationBody)) body: z.infer<typeof modificationBody>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.incidents.modify(p.id, body, user);
  }

  @Get('cases/:id/element-instances')
  @ApiOperation({
    summary: "The case's active element instances (admin)",
    description: 'What a modification may terminate; empty for an ended case.',
  })
  @ApiOkResponse({ type: [ElementInstanceDto] })
  elementInstances(
    @Param(zodParams(caseParams)) p: z.infer<typeof caseParams>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.incidents.elementInstances(p.id, user);
  }
}
