// Batches: one act over many cases, run with bounded concurrency; each item is persisted as it finishes.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BatchEntity } from '../../db/entities/batch.entity';
import { BatchItemEntity } from '../../db/entities/batch-item.entity';
import { CaseEntity } from '../../db/entities/case.entity';
import { TaskEntity } from '../../db/entities/task.entity';
import { appendHistory } from '../../db/history.repository';
import type { AuthUser } from '../auth/auth-user';
import { canSeeDistrict } from '../auth/district-scope';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError, forbidden, notFound } from '../common/error-body';
import { MetricsService } from '../health/metrics.service';
import { MessagesService } from '../messages/messages.service';
import { TasksService } from '../tasks/tasks.service';

export type BatchAction =
  | { type: 'complete-task'; elementId: string; variables: Record<string, unknown> }
  | { type: 'message'; name: string; variables: Record<string, unknown> };

export const MESSAGE_BATCH_ROLES = ['city-reviewer', 'org-department', 'admin'];

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** Runs fn over items with at most `limit` in flight. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(lanes);
}

@Injectable()
export class BatchesService {
  private readonly logger = new Logger('BatchesService');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TasksService) private readonly tasks: TasksService,
    @Inject(MessagesService) private readonly messages: MessagesService,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  async run(input: { title: string; caseIds: string[]; action: BatchAction }, user: AuthUser) {
    if (input.action.type === 'message' && !user.roles.some((r) => MESSAGE_BATCH_ROLES.includes(r)))
      throw forbidden(`A message batch requires one of the roles: ${MESSAGE_BATCH_ROLES.join(', ')}`);
    const caseIds = [...new Set(input.caseIds)];
    const bad = caseIds.filter((id) => !isUuid(id));
    if (bad.length > 0)
      throw new ApiError(
        400,
        'Invalid request body: caseIds',
        bad.map((id) => ({ field: 'caseIds', message: `${id} is not a case id` })),
      );
    const batch = await this.dataSource.transaction(async (tx) => {
      const b = await tx
        .getRepository(BatchEntity)
        .save(
          tx
            .getRepository(BatchEntity)
            .create({ title: input.title, action: input.action, createdBy: user.username }),
        );
      // Items are created pending; ids of unknown cases cannot reference cases, so they fail in the answer only.
      const known: { id: string }[] = await tx.query('SELECT id FROM cases WHERE id = ANY($1::uuid[])', [
        caseIds,
      ]);
      const knownIds = new Set(known.map((k) => k.id));
      if (knownIds.size > 0)
        await tx
          .getRepository(BatchItemEntity)
          .insert([...knownIds].map((caseId) => ({ batchId: b.id, caseId, status: 'pending' as const })));
      return b;
    });
    const action = input.action;
    this.metrics.batchSize.observe({ action: action.type }, caseIds.length);
    const unknownErrors = new Map<string, string | null>();
    await eachLimited(caseIds, this.config.batchConcurrency, async (caseId) => {
      let error: string | null = null;
      try {
        await this.runItem(batch.id, caseId, action, user);
      } catch (err) {
        error = err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
        if (!(err instanceof ApiError))
          this.logger.warn({ err, batchId: batch.id, caseId }, 'batch item failed');
      }
      await this.dataSource
        .getRepository(BatchItemEntity)
        .update({ batchId: batch.id, caseId }, { status: error ? 'failed' : 'done', error });
      unknownErrors.set(caseId, error);
    });
    await this.dataSource
      .getRepository(BatchEntity)
      .update({ id: batch.id }, { status: 'finished', finishedAt: new Date() });
    return this.view(batch.id, user, caseIds, unknownErrors);
  }

  private async runItem(batchId: string, caseId: string, action: BatchAction, user: AuthUser): Promise<void> {
    const c = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    if (!c || !canSeeDistrict(user, c.district)) throw notFound(`Case ${caseId} not found`);
    if (action.type === 'complete-task') {
      const open = await this.dataSource
        .getRepository(TaskEntity)
        .find({ where: { caseId, elementId: action.elementId, state: 'open' }, order: { createdAt: 'ASC' } });
      const task = open[0];
      if (!task) throw new ApiError(409, `Case ${caseId} has no open task ${action.elementId}`);
      await this.tasks.complete(task.id, { variables: action.variables, comment: `batch ${batchId}` }, user);
    } else {
      if (c.status !== 'active') throw new ApiError(409, `Case ${caseId} is ${c.status}`);
      const n = await this.messages.toCase(caseId, {
        name: action.name,
        correlationKey: c.businessKey,
        variables: action.variables,
      });
      if (n === 0) throw new ApiError(409, `Case ${caseId} is not waiting for message ${action.name}`);
    }
    await appendHistory(this.dataSource.manager, {
      caseId,
      type: 'batch',
      actor: user.username,
      data: { batchId, action: action.type },
      idempotencyKey: `batch:${batchId}:${caseId}`,
    });
  }

  async view(id: string, user: AuthUser, order?: string[], errors?: Map<string, string | null>) {
    const b = isUuid(id) ? await this.dataSource.getRepository(BatchEntity).findOneBy({ id }) : null;
    if (!b) throw notFound(`Batch ${id} not found`);
    const items = await this.dataSource.getRepository(BatchItemEntity).find({ where: { batchId: id } });
    const byCase = new Map(items.map((i) => [i.caseId, i]));
    const ids = order ?? items.map((i) => i.caseId).sort();
    const scoped = user.district !== null && !user.roles.includes('admin');
    const cases = scoped
      ? await this.dataSource.getRepository(CaseEntity).findBy(ids.filter(isUuid).map((cid) => ({ id: cid })))
      : [];
    const visible = new Set(cases.filter((c) => canSeeDistrict(user, c.district)).map((c) => c.id));
    if (scoped && b.createdBy !== user.username && !ids.some((cid) => visible.has(cid)))
      throw notFound(`Batch ${id} not found`);
    return {
      id: b.id,
      title: b.title,
      action: b.action,
      status: b.status,
      items: ids.map((caseId) => {
        const item = byCase.get(caseId);
        const error = item ? item.error : (errors?.get(caseId) ?? `Case ${caseId} not found`);
        const status = item ? item.status : 'failed';
        return { caseId, status, ...(error ? { error } : {}) };
      }),
      createdBy: b.createdBy,
      createdAt: b.createdAt.toISOString(),
    };
  }
}
