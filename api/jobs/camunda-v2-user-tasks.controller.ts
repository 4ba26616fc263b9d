// Camunda REST v2 user tasks = reviewflow tasks (userTaskKey = task id), through the same TasksService calls as
// /api/v1/tasks: the inbox's visibility, and the workflow's four-eyes, conflict-of-interest, form and write checks.
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/error-body';
import { zodBody } from '../common/zod-validation.pipe';
import { type InboxSortField, TasksService } from '../tasks/tasks.service';
import { CamundaV2ReadService } from './camunda-v2-read.service';
import {
  TENANT,
  exactEnum,
  exactString,
  noRows,
  pageRequest,
  searchAnswer,
  searchFilter,
  sortOf,
  sortRequest,
  unsupportedFilter,
} from './camunda-v2-search';

const STATES = [
  'CREATED',
  'ASSIGNING',
  'UPDATING',
  'COMPLETING',
  'COMPLETED',
  'CANCELING',
  'CANCELED',
  'FAILED',
] as const;
const SORTS = { creationDate: 'createdAt', dueDate: 'dueAt', name: 'name' } as const satisfies Record<
  string,
  InboxSortField
>;

const searchBody = z.object({
  filter: searchFilter({
    state: exactEnum(STATES).optional(),
    assignee: exactString.optional(),
    elementId: z.string().min(1).max(200).optional(),
    processDefinitionId: z.string().min(1).max(200).optional(),
    processInstanceKey: z.string().min(1).max(200).optional(),
  }),
  sort: sortRequest(Object.keys(SORTS) as [keyof typeof SORTS, ...(keyof typeof SORTS)[]]),
  page: pageRequest,
});

const completionBody = z
  .object({
    variables: z.record(z.string(), z.unknown()).nullish(),
    action: z.string().max(200).nullish(),
  })
  .nullish();

const assignmentBody = z.object({
  assignee: z.string().min(1, 'is required').max(200),
  allowOverride: z.boolean().nullish(),
  action: z.string().max(200).nullish(),
});

interface TaskLike {
  id: string;
  caseId: string;
  elementId: string;
  name: string;
  candidateGroups: string[];
  assignee: string | null;
  createdAt: string;
  dueAt: string | null;
  state: string;
  processKey: string;
  completedAt?: string | null;
}

function userTaskView(t: TaskLike, version: number | undefined) {
  return {
    name: t.name,
    state: t.state === 'open' ? 'CREATED' : t.state === 'completed' ? 'COMPLETED' : 'CANCELED',
    assignee: t.assignee,
    elementId: t.elementId,
    candidateGroups: t.candidateGroups,
    candidateUsers: [],
    processDefinitionId: t.processKey,
    creationDate: t.createdAt,
    completionDate: t.completedAt ?? null,
    followUpDate: null,
    dueDate: t.dueAt,
    tenantId: TENANT,
    externalFormReference: null,
    processDefinitionVersion: version ?? null,
    customHeaders: {},
    priority: 50,
    userTaskKey: t.id,
    elementInstanceKey: t.id,
    processName: null,
    processDefinitionKey: version === undefined ? null : `${t.processKey}:${version}`,
    processInstanceKey: t.caseId,
    rootProcessInstanceKey: null,
    formKey: null,
    tags: [],
  };
}

/** Camunda's default action is "complete"; any other action is the step's decision (rf:decisions). */
const decisionOf = (action: string | null | undefined) =>
  action === undefined || action === null || action === '' || action === 'complete' ? undefined : action;

@ApiTags('camunda-v2')
@ApiBearerAuth()
@Controller('v2/user-tasks')
export class CamundaV2UserTasksController {
  constructor(
    @Inject(TasksService) private readonly tasks: TasksService,
    @Inject(CamundaV2ReadService) private readonly reads: CamundaV2ReadService,
  ) {}

  @Post('search')
  @HttpCode(200)
  @ApiOperation({
    summary: "Search user tasks = the caller's inbox (Camunda REST v2)",
    description:
      'state CREATED (default): open tasks the caller may act on, as GET /api/v1/tasks; COMPLETED: the tasks the ' +
      'caller completed; other states 400. filter: assignee (the caller: claimed by them; anyone else: none), ' +
      'elementId, processDefinitionId, processInstanceKey (case id), tenantId "<default>"; other fields 400 naming ' +
      'the field. sort: one of creationDate, dueDate, name. page as process-instance search.',
  })
  async search(@Body(zodBody(searchBody)) body: z.infer<typeof searchBody>, @CurrentUser() user: AuthUser) {
    const f = body.filter ?? {};
    if (f.state && f.state !== 'CREATED' && f.state !== 'COMPLETED')
      throw unsupportedFilter('state', 'must be CREATED or COMPLETED here');
    // the inbox holds only tasks the caller may act on: none is assigned to someone else
    const source =
      f.assignee !== undefined && f.assignee !== user.username
        ? noRows
        : (page: number, pageSize: number) =>
            this.tasks.inbox(
              {
                caseId: f.processInstanceKey,
                processKey: f.processDefinitionId,
                elementId: f.elementId,
                state: f.state === 'COMPLETED' ? 'completed' : 'open',
                mine: f.assignee !== undefined,
                ...sortOf(body.sort, SORTS),
                page,
                pageSize,
              },
              user,
            );
    return searchAnswer(body.page, source, async (rows) => {
      const versions = await this.reads.versionsOf(rows.map((t) => t.caseId));
      return rows.map((t) => userTaskView(t, versions.get(t.caseId)));
    });
  }

  @Get(':userTaskKey')
  @ApiOperation({
    summary: 'Get a user task = a task whose case the caller may see (Camunda REST v2)',
    description:
      '404 otherwise; 403 CONFLICT_OF_INTEREST for a candidate the task excludes (as /api/v1/tasks).',
  })
  async get(@Param('userTaskKey') key: string, @CurrentUser() user: AuthUser) {
    const t = await this.tasks.visible(key, user);
    const versions = await this.reads.versionsOf([t.caseId]);
    return userTaskView(
      {
        ...t,
        createdAt: t.createdAt.toISOString(),
        dueAt: t.dueAt ? t.dueAt.toISOString() : null,
        completedAt: t.completedAt ? t.completedAt.toISOString() : null,
      },
      versions.get(t.caseId),
    );
  }

  @Post(':userTaskKey/completion')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Complete a user task (Camunda REST v2)',
    description:
      'As POST /api/v1/tasks/:id/complete: {variables, action}; an action other than "complete" is the decision. ' +
      "The step's form and rf:writes, four eyes and conflict of interest apply (400/403 with reviewflow's codes); " +
      '409 when the task is no longer open.',
  })
  async complete(
    @Param('userTaskKey') key: string,
    @Body(zodBody(completionBody)) body: z.infer<typeof completionBody>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    const decision = decisionOf(body?.action);
    await this.tasks.complete(
      key,
      { variables: body?.variables ?? {}, ...(decision ? { decision } : {}) },
      user,
    );
  }

  @Post(':userTaskKey/assignment')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Assign a user task to the caller = claim it (Camunda REST v2)',
    description:
      'assignee must be the caller (400 ASSIGNEE_NOT_CALLER: reviewflow has no assigning to others); a task ' +
      'claimed by someone else is 409 TASK_ALREADY_ASSIGNED. As POST /api/v1/tasks/:id/claim otherwise.',
  })
  async assign(
    @Param('userTaskKey') key: string,
    @Body(zodBody(assignmentBody)) body: z.infer<typeof assignmentBody>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    if (body.assignee !== user.username)
      throw new ApiError(
        400,
        'A task can only be assigned to the caller (claimed)',
        [{ field: 'assignee', message: `must be the caller (${user.username})` }],
        'ASSIGNEE_NOT_CALLER',
      );
    const task = await this.tasks.visible(key, user);
    if (task.state === 'open' && task.assignee === user.username) return;
    if (task.state === 'open' && task.assignee !== null)
      throw new ApiError(
        409,
        `Task ${key} is assigned to ${task.assignee}`,
        undefined,
        'TASK_ALREADY_ASSIGNED',
      );
    await this.tasks.claim(key, user);
  }

  @Delete(':userTaskKey/assignee')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Unassign a user task = unclaim it (Camunda REST v2)',
    description: 'As POST /api/v1/tasks/:id/unclaim: the claimant or an admin.',
  })
  async unassign(@Param('userTaskKey') key: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.tasks.claim(key, user, true);
  }
}
