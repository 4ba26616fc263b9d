// Cases: the row first (the business-key constraint decides races), then the runCase workflow pinned to a version.
import { startCaseWorkflow } from '../temporal/case-workflow-start';
import { ApiError } from '../common/error-body';
import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { CaseEntity } from '../../db/entities/case.entity';
import { ObjectionEntity } from '../../db/entities/objection.entity';
import { PaymentEntity } from '../../db/entities/payment.entity';
import { UserEntity } from '../../db/entities/user.entity';
import { appendHistory, listHistory } from '../../db/history.repository';
import { caseStateQuery, correlateMessageUpdate, subscriptionsQuery } from '../../workflows/messages';
import type { AuthUser } from '../auth/auth-user';
import { CaseRedaction, redactHistory, redactVariables } from '../access/case-redaction.service';
import { relationshipColumns } from '../access/case-visibility.predicate';
import { CaseVisibility } from '../access/case-visibility.service';
import { startVariables } from '../access/start-scope';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { APP_CLOCK, type AppClock } from '../common/app-clock';
import { conflict, notFound } from '../common/error-body';
import type { Sort } from '../common/paging';
import { type CaseSearchFilter, type CaseSortField, searchCases } from '../../db/case-search.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { DefinitionsService } from '../definitions/definitions.service';
import { fieldProblemsError, startFormProblems } from '../forms/write-contracts.service';
import type { ProcessGraph } from '../../bpmn/graph.types';
import { MetricsService } from '../health/metrics.service';
import { caseWorkflowId, workflowRefusal } from './workflow-errors';

export interface CreateCaseInput {
  processKey: string;
  version?: number;
  businessKey: string;
  variables: Record<string, unknown>;
}

/** The search (db/case-search.repository) as the API asks it: `mine` instead of a creator, the clock's own now. */
export interface CaseQuery extends Omit<CaseSearchFilter, 'createdBy' | 'now'> {
  /** only the cases the caller started */
  mine?: boolean;
  sort?: Sort<CaseSortField>;
  page: number;
  pageSize: number;
}

export const DEFAULT_CASE_SORT: Sort<CaseSortField> = { field: 'createdAt', dir: 'DESC' };

/** The repository's filter for a list query; overdue is judged at `now` (the app clock). */
export function caseSearchFilter(
  q: Omit<CaseQuery, 'page' | 'pageSize' | 'sort'>,
  user: AuthUser,
  now: Date,
) {
  const { mine, ...rest } = q;
  return { ...rest, createdBy: mine ? user.username : undefined, now } satisfies CaseSearchFilter;
}

export function caseSummary(c: CaseEntity) {
  return {
    id: c.id,
    processKey: c.processKey,
    version: c.processVersion,
    businessKey: c.businessKey,
    status: c.status,
  };
}

export function caseDetail(c: CaseEntity) {
  return {
    ...caseSummary(c),
    activeElements: c.activeElements,
    variables: c.variables,
    calendarProvisional: c.calendarProvisional,
    outcome: c.outcome ?? null,
    finishedAt: c.finishedAt ? c.finishedAt.toISOString() : null,
    ...(c.failureReason ? { failureReason: c.failureReason } : {}),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

@Injectable()
export class CasesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DefinitionsService) private readonly definitions: DefinitionsService,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(CaseVisibility) private readonly visibility: CaseVisibility,
    @Inject(CaseRedaction) private readonly redaction: CaseRedaction,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async create(input: CreateCaseInput, user: AuthUser): Promise<CaseEntity> {
    input = { ...input, variables: startVariables(user, input.variables) };
    const district = typeof input.variables.district === 'string' ? input.variables.district : null;
    const def = await this.definitions.get(input.processKey, input.version);
    if (!(def.graph as ProcessGraph).startEvent) {
      const graph = def.graph as ProcessGraph;
      const by = graph.timerStarts?.length
        ? 'on its timer start schedule'
        : graph.messageStarts?.length && !graph.signalStarts?.length
          ? 'by message (POST /messages)'
          : 'by signal (POST /signals/broadcast)';
      const message = `${def.key} has no none start event: its cases start ${by}`;
      throw new ApiError(400, message, [{ field: 'processKey', message }], 'NO_NONE_START_EVENT');
    }
    // with a start form, the variables are its fields (contract §1); without one, anything as before
    const startProblems = startFormProblems(def.graph as ProcessGraph, input.variables);
    if (startProblems.length) throw fieldProblemsError(`Case of ${def.key} cannot start`, startProblems);
    const repo = this.dataSource.getRepository(CaseEntity);
    let row: CaseEntity;
    try {
      row = await repo.save(
        repo.create({
          processKey: def.key,
          processVersion: def.version,
          businessKey: input.businessKey,
          variables: { ...input.variables, businessKey: input.businessKey },
          district,
          createdBy: user.username,
          ...relationshipColumns(input.variables),
          status: 'active',
        }),
      );
    } catch (err) {
      const constraint =
        err instanceof QueryFailedError
          ? (err.driverError as { constraint?: string } | undefined)?.constraint
          : undefined;
      if (constraint === 'uq_cases_process_key_business_key') {
        const stranded = await this.resumeStranded(input, def.key, district);
        if (stranded) return stranded;
        throw conflict(`A case with business key ${input.businessKey} already exists for ${def.key}`);
      }
      throw err;
    }
    try {
      await this.startWorkflow(row, input.variables);
    } catch (err) {
      // No workflow, no case: free the business key again.
      await repo.delete({ id: row.id });
      throw err;
    }
    return row;
  }

  /**
   * A retry of a create whose API died between the row insert and the workflow start: when the request matches the
   * row and case-<id> does not exist, starts it now and answers the existing case.
   */
  private async resumeStranded(
    input: CreateCaseInput,
    processKey: string,
    district: string | null,
  ): Promise<CaseEntity | undefined> {
    const row = await this.dataSource
      .getRepository(CaseEntity)
      .findOneBy({ processKey, businessKey: input.businessKey });
    const matches =
      row?.status === 'active' &&
      (input.version === undefined || input.version === row.processVersion) &&
      row.district === district &&
      isDeepStrictEqual(row.variables, { ...input.variables, businessKey: input.businessKey });
    if (!row || !matches || (await this.workflowExists(row.id))) return undefined;
    await this.startWorkflow(row, input.variables);
    return row;
  }

  async workflowExists(caseId: string): Promise<boolean> {
    try {
      await this.temporal.workflow.getHandle(caseWorkflowId(caseId)).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /**
   * Starts case-<id> on the case's pinned definition version with the variables the client sent (the row adds
   * businessKey, which the workflow adds again). Idempotent: an already started workflow counts as started.
   */
  async startWorkflow(row: CaseEntity, variables: Record<string, unknown>): Promise<void> {
    const started = await startCaseWorkflow(this.temporal, this.config, {
      caseId: row.id,
      processKey: row.processKey,
      processVersion: row.processVersion,
      businessKey: row.businessKey,
      variables,
    });
    // already started: a retry or the reconciler started it meanwhile, and counted it
    if (!started) return;
    this.metrics.workflowStarts.inc({ process_key: row.processKey });
  }

  /** The case if it exists and the caller may see it; 404 otherwise. */
  async visible(id: string, user: AuthUser): Promise<CaseEntity> {
    return this.visibility.assertCanSee(user, id);
  }

  async list(q: CaseQuery, user: AuthUser): Promise<{ items: CaseEntity[]; total: number }> {
    const { page, pageSize, sort, ...filter } = q;
    const { items, total } = await searchCases(
      this.dataSource.manager,
      caseSearchFilter(filter, user, await this.clock.now()),
      (qb) => this.visibility.restrict(qb, user, 'c'),
      sort ?? DEFAULT_CASE_SORT,
      { page, pageSize },
    );
    for (const c of items)
      c.variables = redactVariables(c.variables, user, await this.redaction.sealFor(user, c.id));
    return { items, total };
  }

  async detail(id: string, user: AuthUser, fresh: boolean) {
    const row = await this.visible(id, user);
    const seal = await this.redaction.sealFor(user, id);
    const base = { ...caseDetail(row), variables: redactVariables(row.variables, user, seal) };
    if (!fresh) return base;
    try {
      const state = await this.temporal.workflow.getHandle(caseWorkflowId(id)).query(caseStateQuery);
      return {
        ...base,
        status: state.case.status,
        activeElements: state.case.activeElements,
        variables: redactVariables(state.case.variables, user, seal),
        calendarProvisional: state.case.calendarProvisional,
        outcome: state.case.outcome ?? base.outcome,
      };
    } catch {
      // A finished or unreachable workflow: the read model is the answer.
      return base;
    }
  }

  async history(id: string, user: AuthUser) {
    await this.visible(id, user);
    const seal = await this.redaction.sealFor(user, id);
    const events = await listHistory(this.dataSource.manager, id);
    const views = events.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      type: e.type,
      ...(e.elementId ? { elementId: e.elementId } : {}),
      ...(e.actor ? { actor: e.actor } : {}),
      data: e.data,
    }));
    return this.withActorRoles(redactHistory(views, user, seal));
  }

  /** Each shown actor's roles and district, so the UI names them by office rather than by account. */
  private async withActorRoles<T extends { actor?: string }>(views: T[]) {
    const actors = [...new Set(views.flatMap((v) => (v.actor ? [v.actor] : [])))];
    const users =
      actors.length === 0
        ? []
        : await this.dataSource.getRepository(UserEntity).find({
            where: { username: In(actors) },
            select: { username: true, roles: true, district: true },
          });
    const byName = new Map(users.map((u) => [u.username, u]));
    return views.map((v) => {
      const u = v.actor ? byName.get(v.actor) : undefined;
      return u ? { ...v, actorRoles: u.roles, ...(u.district ? { actorDistrict: u.district } : {}) } : v;
    });
  }

  async payments(id: string, user: AuthUser) {
    await this.visible(id, user);
    const rows = await this.dataSource
      .getRepository(PaymentEntity)
      .find({ where: { caseId: id }, order: { paidAt: 'ASC', id: 'ASC' } });
    return rows.map((p) => ({
      tranche: p.tranche,
      amount: Number(p.amountFen),
      status: p.status,
      ...(p.reason ? { reason: p.reason } : {}),
      at: p.paidAt.toISOString(),
    }));
  }

  async objection(id: string, reason: string, user: AuthUser) {
    // A publicity list is public: anyone may object to a case they may not read (the answer shows only the objection).
    const row = isUuid(id) ? await this.dataSource.getRepository(CaseEntity).findOneBy({ id }) : null;
    if (!row) throw notFound(`Case ${id} not found`);
    if (row.status !== 'active') throw conflict(`Case ${id} is ${row.status}; objections are closed`);
    const handle = this.temporal.workflow.getHandle(caseWorkflowId(id));
    const waiting = await handle.query(subscriptionsQuery).catch(() => []);
    if (!waiting.some((s) => s.messageName === 'objection' && s.correlationKey === row.businessKey))
      throw conflict(`Case ${id} is not waiting for an objection (no publicity period is open)`);
    const repo = this.dataSource.getRepository(ObjectionEntity);
    const objection = await repo.save(repo.create({ caseId: id, reason, createdBy: user.username }));
    let correlated = 0;
    let at: string | undefined;
    try {
      ({ correlated, at } = await handle.executeUpdate(correlateMessageUpdate, {
        args: [
          {
            name: 'objection',
            correlationKey: row.businessKey,
            variables: { objection: { id: objection.id, reason, createdBy: user.username } },
            sender: user.username,
          },
        ],
      }));
    } catch (err) {
      await repo.delete({ id: objection.id });
      throw workflowRefusal(err, 'Objection refused') ?? err;
    }
    if (correlated === 0) {
      // The period closed between the check and the message.
      await repo.delete({ id: objection.id });
      throw conflict(`Case ${id} is not waiting for an objection (the publicity period has closed)`);
    }
    await appendHistory(this.dataSource.manager, {
      caseId: id,
      type: 'objection',
      actor: user.username,
      data: { objectionId: objection.id, reason },
      // the workflow's clock, like every other entry of the case (a worker too old to answer: the database's)
      ...(at ? { at: new Date(at) } : {}),
      idempotencyKey: `objection:${objection.id}`,
    });
    return {
      id: objection.id,
      caseId: id,
      reason,
      createdBy: user.username,
      createdAt: objection.createdAt.toISOString(),
    };
  }
}
