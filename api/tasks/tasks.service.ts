// The inbox and task actions; every action goes through the case workflow's updates, which decide.
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CaseEntity, type CaseStatus } from '../../db/entities/case.entity';
import { IdempotencyKeyEntity } from '../../db/entities/idempotency-key.entity';
import { TaskEntity } from '../../db/entities/task.entity';
import {
  type CaseTaskView,
  type CaseUser,
  type CaseView,
  claimTaskUpdate,
  completeTaskUpdate,
  unclaimTaskUpdate,
} from '../../workflows/messages';
import type { AuthUser } from '../auth/auth-user';
import { positional } from '../access/case-visibility.predicate';
import { CaseRedaction, redactVariables } from '../access/case-redaction.service';
import { CaseVisibility } from '../access/case-visibility.service';
import { taskActableSql, taskVisibleSql } from '../access/task-actability.predicate';
import { caseDetail } from '../cases/cases.service';
import { caseWorkflowId, workflowRefusal } from '../cases/workflow-errors';
import { CountMemo } from '../common/count-memo';
import type { Sort } from '../common/paging';
import { WriteContractsService } from '../forms/write-contracts.service';
import { ApiError, conflict, notFound } from '../common/error-body';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { MetricsService } from '../health/metrics.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { countInboxTasks, inboxTaskPage } from '../../db/tasks.repository';

export interface TaskQuery {
  caseId?: string;
  processKey?: string;
  elementId?: string;
  state: 'open' | 'completed';
  mine?: boolean;
  /** absent: by due date (the inbox index order) */
  sort?: Sort<InboxSortField>;
  page: number;
  pageSize: number;
}

export const INBOX_SORT_FIELDS = ['dueAt', 'createdAt', 'name'] as const;
export type InboxSortField = (typeof INBOX_SORT_FIELDS)[number];
export const DEFAULT_INBOX_SORT: Sort<InboxSortField> = { field: 'dueAt', dir: 'ASC' };
const INBOX_SORT_COLUMNS: Record<InboxSortField, string> = {
  dueAt: 'due_at',
  createdAt: 'created_at',
  name: 'name',
};

/** ORDER BY over the alias `a`: the default is the inbox index order. */
function inboxOrder(a: string, sort: Sort<InboxSortField> | undefined): string {
  if (!sort) return `${a}.due_at ASC NULLS LAST, ${a}.created_at ASC, ${a}.id ASC`;
  return `${a}.${INBOX_SORT_COLUMNS[sort.field]} ${sort.dir} NULLS LAST, ${a}.id ASC`;
}

interface InboxRow {
  id: string;
  case_id: string;
  element_id: string;
  name: string;
  candidate_groups: string[];
  assignee: string | null;
  created_at: Date;
  due_at: Date | null;
  state: TaskEntity['state'];
  process_key: string;
  business_key: string;
  case_status: CaseStatus;
  applicant_name: string | null;
}

/** An inbox item: the contract's task fields plus its case's business key, procedure, status and applicant. */
export type InboxItem = Omit<ReturnType<typeof taskView>, 'completedBy' | 'decision' | 'comment'> & {
  businessKey: string;
  processKey: string;
  caseStatus: CaseStatus;
  applicantName: string | null;
};

/** taskView of a raw row, with the case fields the inbox shows (so the UI needs no per-row case look-up). */
const inboxView = (r: InboxRow): InboxItem => ({
  id: r.id,
  caseId: r.case_id,
  elementId: r.element_id,
  name: r.name,
  candidateGroups: r.candidate_groups,
  assignee: r.assignee,
  createdAt: r.created_at.toISOString(),
  dueAt: r.due_at ? r.due_at.toISOString() : null,
  state: r.state,
  businessKey: r.business_key,
  processKey: r.process_key,
  caseStatus: r.case_status,
  applicantName: r.applicant_name,
});

export function taskView(t: TaskEntity) {
  return {
    id: t.id,
    caseId: t.caseId,
    elementId: t.elementId,
    name: t.name,
    candidateGroups: t.candidateGroups,
    assignee: t.assignee,
    createdAt: t.createdAt.toISOString(),
    dueAt: t.dueAt ? t.dueAt.toISOString() : null,
    state: t.state,
    completedBy: t.completedBy,
    decision: t.decision,
    comment: t.comment,
  };
}

/** A completion request: `decision` and `comment` as fields of their own or, as before, inside `variables`. */
export interface CompletionBody {
  variables: Record<string, unknown>;
  decision?: string | null;
  comment?: string | null;
}

/** The variables the workflow receives (decision folded in) and the comment; conflicting decisions are refused. */
export function completionInput(body: CompletionBody): {
  variables: Record<string, unknown>;
  comment: string | null;
} {
  const variables = { ...body.variables };
  if (body.decision !== undefined && body.decision !== null) {
    if (variables.decision !== undefined && variables.decision !== body.decision)
      throw new ApiError(
        400,
        'decision is given twice with different values',
        [{ field: 'decision', message: 'differs from variables.decision' }],
        'DECISION_CONFLICT',
      );
    variables.decision = body.decision;
  }
  const inner = typeof variables.comment === 'string' ? variables.comment : null;
  return { variables, comment: body.comment ?? inner };
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export const caseUser = (u: AuthUser): CaseUser => ({
  username: u.username,
  roles: u.roles,
  district: u.district,
  affiliation: u.affiliation,
});

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** Inbox totals may lag task changes made elsewhere by this long; this process's own task actions clear them. */
export const INBOX_COUNT_TTL_MS = 1000;

/** What the workflow's completeTask update answers. */
type CompleteTaskAnswer = { task: CaseTaskView; case: CaseView };

@Injectable()
export class TasksService {
  private readonly logger = new Logger('TasksService');
  private readonly inboxCounts = new CountMemo(INBOX_COUNT_TTL_MS);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CaseVisibility) private readonly visibility: CaseVisibility,
    @Inject(CaseRedaction) private readonly redaction: CaseRedaction,
    @Inject(WriteContractsService) private readonly writes: WriteContractsService,
  ) {}

  // Plain SQL: the inbox is the hottest read, and query building plus entity hydration cost more CPU than the query.
  async inbox(q: TaskQuery, user: AuthUser) {
    if (q.caseId && !isUuid(q.caseId)) return { items: [], total: 0 };
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (q.caseId) where.push(`t.case_id = ${param(q.caseId)}`);
    if (q.processKey) where.push(`t.process_key = ${param(q.processKey)}`);
    if (q.elementId) where.push(`t.element_id = ${param(q.elementId)}`);
    if (q.state === 'completed') {
      where.push(`t.state = 'completed'`, `t.completed_by = ${param(user.username)}`);
      where.push(...taskVisibleSql(user, 't', positional(params)));
    } else {
      where.push(...taskActableSql(user, 't', positional(params)));
      where.push(`t.state = 'open'`);
      const me = param(user.username);
      if (q.mine) where.push(`t.assignee = ${me}`);
      else
        where.push(
          `(t.assignee = ${me} OR (t.assignee IS NULL AND (t.candidate_groups && ${param(user.roles)}::text[] OR cardinality(t.candidate_groups) = 0)))`,
        );
    }
    const filter = where.join(' AND ');
    // A plain count(*) beside the page query; it reads every matching row, so equal counts share one query and its
    // answer for INBOX_COUNT_TTL_MS.
    const countParams = [...params];
    const counting = this.inboxCounts.get(`${filter}|${JSON.stringify(countParams)}`, () =>
      countInboxTasks(this.dataSource, filter, countParams),
    );
    const offset = (q.page - 1) * q.pageSize;
    // A page past any possible row (or past a safe integer) is simply empty.
    const page: Promise<InboxRow[]> = Number.isSafeInteger(offset)
      ? inboxTaskPage<InboxRow>(this.dataSource, {
          filter,
          order: (alias) => inboxOrder(alias, q.sort),
          params,
          limit: q.pageSize,
          offset,
        })
      : Promise.resolve([]);
    const [rows, total] = await Promise.all([page, counting]);
    return { items: rows.map(inboxView), total };
  }

  /** The task if it exists and the caller sees its case; 404 otherwise. */
  async visible(id: string, user: AuthUser): Promise<TaskEntity> {
    const row = isUuid(id) ? await this.dataSource.getRepository(TaskEntity).findOneBy({ id }) : null;
    if (!row) throw notFound(`Task ${id} not found`);
    if (await this.visibility.find(user, row.caseId)) return row;
    // A candidate the task excludes learns why (the stable code), not more: the case stays hidden.
    if (
      user.affiliation &&
      row.excludeAffiliation === user.affiliation &&
      row.candidateGroups.some((g) => user.roles.includes(g))
    )
      throw new ApiError(
        403,
        `users of affiliation ${user.affiliation} may not act on task ${row.elementId}`,
        undefined,
        'CONFLICT_OF_INTEREST',
      );
    throw notFound(`Task ${id} not found`);
  }

  /** Waits briefly for the read model to show the task completed by this user. */
  private async completedBy(id: string, username: string): Promise<boolean> {
    const repo = this.dataSource.getRepository(TaskEntity);
    for (let i = 0; i < 50; i++) {
      const row = await repo.findOneBy({ id });
      if (row?.state === 'completed') return row.completedBy === username;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  private async reread(id: string): Promise<TaskEntity> {
    return this.dataSource.getRepository(TaskEntity).findOneByOrFail({ id });
  }

  /** What the task's step may write (its form or rf:writes), for a task the caller can see. */
  async contract(id: string, user: AuthUser) {
    return this.writes.contractOf(await this.visible(id, user));
  }

  async claim(id: string, user: AuthUser, unclaim = false) {
    const task = await this.visible(id, user);
    if (task.state !== 'open') throw conflict(`Task ${id} is ${task.state}`);
    const handle = this.temporal.workflow.getHandle(caseWorkflowId(task.caseId));
    try {
      await handle.executeUpdate(unclaim ? unclaimTaskUpdate : claimTaskUpdate, {
        args: [{ taskId: id, user: caseUser(user) }],
      });
    } catch (err) {
      throw workflowRefusal(err, `Task ${id} cannot be ${unclaim ? 'unclaimed' : 'claimed'}`) ?? err;
    }
    this.inboxCounts.clear();
    return taskView(await this.reread(id));
  }

  /** Completes through the workflow; answers {task, case} once the workflow accepted and wrote its read model. */
  async complete(
    id: string,
    body: CompletionBody,
    user: AuthUser,
    /** Temporal deduplicates updates by id within a run: derived from the Idempotency-Key when there is one. */
    updateId?: string,
    /** A retry that took over a stranded reservation: the first attempt may have completed it with this update id. */
    resumed = false,
  ) {
    const task = await this.visible(id, user);
    if (task.state !== 'open' && !(resumed && updateId))
      throw conflict(`Task ${id} is already ${task.state}`);
    const input = completionInput(body);
    // the API refuses what the step may not write before anything is sent; the workflow checks it again
    if (task.state === 'open') await this.writes.assertCompletion(task, input.variables);
    const accepted = await this.completeInWorkflow(task, input, user, updateId);
    // the workflow's answer is the task's answer; only a completion confirmed from the read model re-reads the row
    const done = accepted
      ? {
          ...taskView(task),
          state: accepted.task.state,
          completedBy: accepted.task.completedBy ?? user.username,
          decision: accepted.task.decision ?? null,
          comment: accepted.task.comment ?? input.comment,
        }
      : taskView(await this.reread(id));
    const c = await this.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: task.caseId });
    // the answer shows the case as GET /cases/:id would (objectors, sealed votes)
    const seal = await this.redaction.sealFor(user, task.caseId);
    return { task: done, case: { ...caseDetail(c), variables: redactVariables(c.variables, user, seal) } };
  }

  /** The completeTask update alone, for callers that checked the task already (batches) and need no answer body. */
  async completeInWorkflow(
    task: { id: string; caseId: string },
    body: { variables: Record<string, unknown>; comment?: string | null },
    user: AuthUser,
    updateId?: string,
  ): Promise<CompleteTaskAnswer | undefined> {
    const id = task.id;
    const handle = this.temporal.workflow.getHandle(caseWorkflowId(task.caseId));
    let answer: CompleteTaskAnswer | undefined;
    try {
      answer = await handle.executeUpdate(completeTaskUpdate, {
        ...(updateId ? { updateId } : {}),
        args: [
          { taskId: id, variables: body.variables, comment: body.comment ?? null, user: caseUser(user) },
        ],
      });
    } catch (err) {
      // The update RPC can fail after the workflow accepted it (a retried call finds the case already finished,
      // or the call timed out): the read model, written before the workflow answers, tells what happened.
      if (!(err instanceof WorkflowUpdateFailedError) && (await this.completedBy(id, user.username))) {
        this.logger.warn({ taskId: id, err: String(err) }, 'completion confirmed from the read model');
      } else throw workflowRefusal(err, `Task ${id} cannot be completed`) ?? err;
    }
    this.inboxCounts.clear();
    this.metrics.recordCompletion(body.variables);
    return answer;
  }

  /**
   * Runs `action` at most once per (user, key): a retry with the same request replays the stored answer, the same
   * key with another request is refused. The key is reserved (status 0) while the first request runs, so a twin
   * arriving meanwhile waits for its answer; a failed attempt releases the key so the caller may retry. The owner
   * renews the reservation (its created_at) while it runs; one not renewed for the lease belongs to a process that
   * died, and a retry takes it over with `resumed` set: the action then re-sends the same Temporal update id, which
   * the workflow applies at most once, and stores the answer.
   */
  async idempotent(
    key: string | undefined,
    user: AuthUser,
    request: unknown,
    action: (resumed: boolean) => Promise<unknown>,
  ): Promise<StoredAnswer> {
    if (!key) return { status: 200, body: await action(false) };
    if (key.length > 200) throw new ApiError(400, 'Idempotency-Key is longer than 200 characters');
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const repo = this.dataSource.getRepository(IdempotencyKeyEntity);
    const leaseMs = this.config.idempotencyLeaseMs;
    // A twin waits at least long enough to see a dead owner's lease run out.
    const deadline = Date.now() + Math.max(60_000, leaseMs * 2);
    let resumed = false;
    for (;;) {
      const reserved = await repo
        .createQueryBuilder()
        .insert()
        .values({ key, userId: user.id, requestHash, responseStatus: 0 })
        .orIgnore()
        .returning(['key'])
        .execute();
      if (reserved.raw && (reserved.raw as unknown[]).length > 0) break;
      const stored = await repo.findOneBy({ key, userId: user.id });
      if (!stored) continue; // released by a failed twin: try to reserve again
      if (stored.requestHash !== requestHash)
        throw conflict('Idempotency-Key was already used for a different request');
      if (stored.responseStatus !== 0) return { status: stored.responseStatus, body: stored.responseBody };
      if (await this.takeOverStale(key, user.id, leaseMs)) {
        this.logger.warn({ key, userId: user.id }, 'took over a stranded Idempotency-Key reservation');
        resumed = true;
        break;
      }
      if (Date.now() > deadline) throw conflict('A request with this Idempotency-Key is still in progress');
      await new Promise((r) => setTimeout(r, 100));
    }
    const renewal = setInterval(() => void this.renewReservation(key, user.id), Math.floor(leaseMs / 3));
    renewal.unref();
    let answer: StoredAnswer;
    try {
      answer = { status: 200, body: await action(resumed) };
    } catch (err) {
      await repo.delete({ key, userId: user.id, responseStatus: 0 });
      throw err;
    } finally {
      clearInterval(renewal);
    }
    // The first stored answer wins (a taken-over owner that wakes up answers the same outcome anyway).
    await repo.update(
      { key, userId: user.id, responseStatus: 0 },
      { responseStatus: answer.status, responseBody: answer.body as object },
    );
    return answer;
  }

  /** Claims an in-progress reservation whose lease ran out; true for exactly one claimant. */
  private async takeOverStale(key: string, userId: string, leaseMs: number): Promise<boolean> {
    const res = await this.dataSource
      .getRepository(IdempotencyKeyEntity)
      .createQueryBuilder()
      .update()
      .set({ createdAt: () => 'now()' })
      .where('key = :key AND user_id = :userId AND response_status = 0', { key, userId })
      .andWhere(`created_at < now() - make_interval(secs => :secs)`, { secs: leaseMs / 1000 })
      .execute();
    return (res.affected ?? 0) > 0;
  }

  private async renewReservation(key: string, userId: string): Promise<void> {
    try {
      await this.dataSource
        .getRepository(IdempotencyKeyEntity)
        .createQueryBuilder()
        .update()
        .set({ createdAt: () => 'now()' })
        .where('key = :key AND user_id = :userId AND response_status = 0', { key, userId })
        .execute();
    } catch (err) {
      this.logger.warn({ key, err: String(err) }, 'could not renew an Idempotency-Key reservation');
    }
  }
}
