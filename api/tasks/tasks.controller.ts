import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodBody, zodQuery } from '../common/zod-validation.pipe';
import { TasksService } from './tasks.service';

const inboxQuery = z.object({
  caseId: z.string().min(1).optional(),
  processKey: z.string().min(1).optional(),
  elementId: z.string().min(1).optional(),
  state: z.enum(['open', 'completed']).default('open'),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const nullableString = { type: 'string', nullable: true } as const;

/** GET /tasks: the contract's task fields, then (additive) the case fields an inbox row shows. */
const inboxSchema = {
  type: 'object',
  required: ['items', 'total'],
  properties: {
    total: { type: 'integer' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'id',
          'caseId',
          'elementId',
          'name',
          'candidateGroups',
          'assignee',
          'createdAt',
          'dueAt',
          'state',
        ],
        properties: {
          id: { type: 'string', format: 'uuid' },
          caseId: { type: 'string', format: 'uuid' },
          elementId: { type: 'string' },
          name: { type: 'string' },
          candidateGroups: { type: 'array', items: { type: 'string' } },
          assignee: nullableString,
          createdAt: { type: 'string', format: 'date-time' },
          dueAt: { ...nullableString, format: 'date-time' },
          state: { type: 'string', enum: ['open', 'completed', 'withdrawn'] },
          businessKey: { type: 'string', description: "the case's business key (case number)" },
          processKey: { type: 'string', description: "the case's process definition key" },
          caseStatus: {
            type: 'string',
            enum: ['active', 'completed', 'terminated', 'failed'],
            description: "the case's status",
          },
          applicantName: {
            ...nullableString,
            description: "the case's `applicantName` variable (as text), null when the procedure sets none",
          },
        },
      },
    },
  },
};

export const completeBody = z
  .object({
    variables: z.record(z.string(), z.unknown()).default({}),
    decision: z.string().min(1).max(200).nullish(),
    comment: z.string().max(4000).nullish(),
  })
  .strict();

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(@Inject(TasksService) private readonly tasks: TasksService) {}

  @Get()
  @ApiOkResponse({ description: 'Tasks the caller may act on, by due date', schema: inboxSchema })
  inbox(@Query(zodQuery(inboxQuery)) q: z.infer<typeof inboxQuery>, @CurrentUser() user: AuthUser) {
    return this.tasks.inbox(q, user);
  }

  @Get(':id/form')
  @ApiOkResponse({
    description:
      "The step's data contract: {elementId, decisions, form: {formId, version?, embedded?, fields, schema} | null, writes}",
  })
  async form(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.tasks.contract(id, user);
  }

  @Post(':id/claim')
  claim(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    res.status(200);
    return this.tasks.claim(id, user);
  }

  @Post(':id/unclaim')
  unclaim(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    res.status(200);
    return this.tasks.claim(id, user, true);
  }

  @Post(':id/complete')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async complete(
    @Param('id') id: string,
    @Body(zodBody(completeBody)) body: z.infer<typeof completeBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const answer = await this.tasks.idempotent(key, user, { op: 'complete', id, body }, (resumed) =>
      this.tasks.complete(id, body, user, key ? `complete:${user.id}:${key}` : undefined, resumed),
    );
    res.status(answer.status);
    return answer.body;
  }
}
