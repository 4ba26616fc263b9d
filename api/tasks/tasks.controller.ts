import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { DONE_SORT_FIELDS, type DoneSortField } from '../../db/done-tasks.repository';
import { pageParams, parseSort, sortParam } from '../common/paging';
import { zodBody, zodQuery } from '../common/zod-validation.pipe';
import { DoneTasksService } from './done-tasks.service';
import { CompleteResponseDto, DonePageDto, InboxPageDto } from './task.dto';
import { DEFAULT_INBOX_SORT, INBOX_SORT_FIELDS, TasksService } from './tasks.service';

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
  /** dueAt (default), createdAt, name; -field for descending */
  sort: sortParam,
});

const doneQuery = z.object({ sort: sortParam, ...pageParams(20) }).strict();

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
  constructor(
    @Inject(TasksService) private readonly tasks: TasksService,
    @Inject(DoneTasksService) private readonly done: DoneTasksService,
  ) {}

  @Get()
  @ApiOkResponse({
    description: `Tasks the caller may act on, by due date; sort=<field> or -<field> (${INBOX_SORT_FIELDS.join(', ')}), unknown: 400 SORT_FIELD_UNKNOWN`,
    type: InboxPageDto,
  })
  inbox(@Query(zodQuery(inboxQuery)) q: z.infer<typeof inboxQuery>, @CurrentUser() user: AuthUser) {
    const sort = q.sort === undefined ? undefined : parseSort(q.sort, INBOX_SORT_FIELDS, DEFAULT_INBOX_SORT);
    return this.tasks.inbox({ ...q, sort }, user);
  }

  @Get('done')
  @ApiOperation({
    summary: '已办: the tasks the caller completed (on cases the caller still sees), newest first',
    description:
      '{items: [{id, caseId, elementId, name, decision, completedAt, businessKey, processKey, processVersion, ' +
      `caseStatus, outcome}], total}; sort=<field> or -<field> (${Object.keys(DONE_SORT_FIELDS).join(', ')}; ` +
      'default -completedAt), unknown: 400 SORT_FIELD_UNKNOWN.',
  })
  @ApiOkResponse({ type: DonePageDto })
  doneList(@Query(zodQuery(doneQuery)) q: z.infer<typeof doneQuery>, @CurrentUser() user: AuthUser) {
    const sort = parseSort(q.sort, Object.keys(DONE_SORT_FIELDS) as DoneSortField[], {
      field: 'completedAt',
      dir: 'DESC',
    });
    return this.done.list(user, sort, { page: q.page, pageSize: q.pageSize });
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
  @ApiOkResponse({ type: CompleteResponseDto, description: 'the task and its case after completion' })
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
