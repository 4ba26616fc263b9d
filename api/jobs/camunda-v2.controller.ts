// Camunda 8 REST API v2 endpoints that map onto what reviewflow has, with the v1 endpoints' authorization (user
// tokens; a job client's token is refused here): start a case, publish a message, deploy BPMN and forms.
import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CaseStartService } from '../cases/case-start.service';
import { ApiError } from '../common/error-body';
import { zodBody } from '../common/zod-validation.pipe';
import { DefinitionsService } from '../definitions/definitions.service';
import { FormsService } from '../forms/forms.service';
import { MessagesService } from '../messages/messages.service';
import { SignalsService } from '../signals/signals.service';
import { TENANT } from './camunda-v2-search';
const BPMN_MAX_BYTES = 5 * 1024 * 1024;
const MAX_RESOURCES = 20;

const startBody = z.object({
  processDefinitionId: z.string().min(1, 'is required').max(200),
  processDefinitionVersion: z.number().int().min(-1).max(2_147_483_647).optional(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  businessId: z.string().min(1).max(200).optional(),
  tenantId: z.string().max(200).optional(),
});

const publicationBody = z.object({
  name: z.string().min(1, 'is required').max(200),
  correlationKey: z.union([z.string().max(1000), z.number().transform(String)]).default(''),
  timeToLive: z.number().int().min(0).optional(),
  messageId: z.string().max(200).optional(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  tenantId: z.string().max(200).optional(),
});

const signalBody = z.object({
  signalName: z.string().trim().min(1, 'is required').max(200),
  variables: z
    .record(z.string(), z.unknown())
    .refine((v) => JSON.stringify(v).length <= 65_536, 'must be at most 64 KiB as JSON')
    .nullish(),
  tenantId: z.string().max(200).optional(),
});

interface Upload {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** One entry of the deploy answer: what a resource became, with the resource's name and the tenant. */
const deployed = (kind: string, f: Upload, fields: Record<string, unknown>) => ({
  [kind]: { ...fields, resourceName: f.originalname, tenantId: TENANT },
});

@ApiTags('camunda-v2')
@ApiBearerAuth()
@Controller('v2')
export class CamundaV2Controller {
  constructor(
    @Inject(CaseStartService) private readonly starts: CaseStartService,
    @Inject(MessagesService) private readonly messages: MessagesService,
    @Inject(DefinitionsService) private readonly definitions: DefinitionsService,
    @Inject(FormsService) private readonly forms: FormsService,
    @Inject(SignalsService) private readonly signals: SignalsService,
  ) {}

  @Post('signals/broadcast')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Broadcast a signal (Camunda REST v2, admin)',
    description:
      'As POST /api/v1/signals/broadcast: every waiting signal event of that name in every running case, and a new ' +
      'case of each latest definition with that signal start event. Answers {signalKey, tenantId}.',
  })
  async broadcastSignal(
    @Body(zodBody(signalBody)) body: z.infer<typeof signalBody>,
    @CurrentUser() user: AuthUser,
  ) {
    const { signalKey } = await this.signals.broadcast(body.signalName, body.variables ?? {}, user);
    return { signalKey, tenantId: TENANT };
  }

  @Post('process-instances')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a case (Camunda REST v2 create process instance)',
    description:
      'processDefinitionId = the process key; processDefinitionVersion (absent or -1: latest); businessId = the ' +
      'business key. Same rules as POST /api/v1/cases (rf:startableBy, start form). processInstanceKey is the case id.',
  })
  async startProcessInstance(
    @Body(zodBody(startBody)) body: z.infer<typeof startBody>,
    @CurrentUser() user: AuthUser,
  ) {
    const row = await this.starts.start(
      {
        processKey: body.processDefinitionId,
        ...(body.processDefinitionVersion && body.processDefinitionVersion > 0
          ? { version: body.processDefinitionVersion }
          : {}),
        ...(body.businessId ? { businessKey: body.businessId } : {}),
        variables: body.variables ?? {},
      },
      user,
    );
    return {
      processDefinitionId: row.processKey,
      processDefinitionVersion: row.processVersion,
      processDefinitionKey: `${row.processKey}:${row.processVersion}`,
      processInstanceKey: row.id,
      tenantId: TENANT,
      variables: {},
    };
  }

  @Post('messages/publication')
  @HttpCode(200)
  @Roles('district-reviewer', 'city-reviewer', 'org-department', 'finance', 'admin')
  @ApiOperation({
    summary: 'Publish a message (Camunda REST v2)',
    description:
      'As POST /api/v1/messages: rf:senders decide who may send it (403 NOT_SENDER); messages are not buffered, ' +
      'so timeToLive is ignored. Answers {messageKey, tenantId, correlated}.',
  })
  async publish(
    @Body(zodBody(publicationBody)) body: z.infer<typeof publicationBody>,
    @CurrentUser() user: AuthUser,
  ) {
    const { correlated } = await this.messages.publish(
      { name: body.name, correlationKey: body.correlationKey, variables: body.variables ?? {} },
      user,
    );
    return { messageKey: body.messageId ?? randomUUID(), tenantId: TENANT, correlated };
  }

  @Post('deployments')
  @HttpCode(200)
  @Roles('admin')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(
    FilesInterceptor('resources', MAX_RESOURCES, {
      limits: { fileSize: BPMN_MAX_BYTES, files: MAX_RESOURCES },
    }),
  )
  @ApiOperation({
    summary: 'Deploy BPMN processes, DMN decisions and forms (Camunda REST v2, admin)',
    description:
      'multipart/form-data with one or more `resources` files: *.bpmn (or .xml) as POST /api/v1/process-definitions, ' +
      '*.dmn as POST /api/v1/decisions, *.form as POST /api/v1/forms (forms and decisions first, so processes can ' +
      'link them). Other files: 400 RESOURCE_UNSUPPORTED.',
  })
  async deploy(@UploadedFiles() files: Upload[] | undefined, @CurrentUser() user: AuthUser) {
    if (!files || files.length === 0)
      throw new ApiError(
        400,
        'Send at least one file in the multipart field `resources`',
        [{ field: 'resources', message: 'is required' }],
        'RESOURCES_REQUIRED',
      );
    const kindOf = (f: Upload) =>
      /\.form$/i.test(f.originalname)
        ? 'form'
        : /\.dmn$/i.test(f.originalname)
          ? 'dmn'
          : /\.(bpmn|xml)$/i.test(f.originalname)
            ? 'bpmn'
            : undefined;
    const unsupported = files.filter((f) => !kindOf(f));
    if (unsupported.length > 0)
      throw new ApiError(
        400,
        'Only .bpmn, .dmn and .form resources can be deployed here',
        unsupported.map((f) => ({
          field: `resources.${f.originalname}`,
          message: 'is not a .bpmn, .dmn or .form file',
        })),
        'RESOURCE_UNSUPPORTED',
      );
    const deployments: unknown[] = [];
    for (const f of files.filter((x) => kindOf(x) === 'form')) {
      let schema: unknown;
      try {
        schema = JSON.parse(f.buffer.toString('utf8'));
      } catch {
        throw new ApiError(
          400,
          `${f.originalname} is not JSON`,
          [{ field: `resources.${f.originalname}`, message: 'is not JSON' }],
          'INVALID_FORM',
        );
      }
      const { form } = await this.forms.deploy(schema, user.username);
      deployments.push(deployed('form', f, { formId: form.formId, version: form.version, formKey: form.id }));
    }
    for (const f of files.filter((x) => kindOf(x) === 'dmn')) {
      const { decisions } = await this.definitions.deployDecisions(f.buffer.toString('utf8'), user.username);
      for (const d of decisions)
        deployments.push(
          deployed('decisionDefinition', f, {
            decisionDefinitionId: d.decisionId,
            version: d.version,
            name: d.name,
            decisionDefinitionKey: d.id,
          }),
        );
    }
    for (const f of files.filter((x) => kindOf(x) === 'bpmn')) {
      const { definition } = await this.definitions.deploy(f.buffer.toString('utf8'), user.username);
      deployments.push(
        deployed('processDefinition', f, {
          processDefinitionId: definition.key,
          processDefinitionVersion: definition.version,
          processDefinitionKey: `${definition.key}:${definition.version}`,
        }),
      );
    }
    return { deploymentKey: randomUUID(), tenantId: TENANT, deployments };
  }
}
