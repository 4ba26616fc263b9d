// Batches: one act over many cases, run with bounded concurrency; each item is persisted as it finishes.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BatchEntity } from '../../db/entities/batch.entity';
import { BatchItemEntity } from '../../db/entities/batch-item.entity';
import { appendHistory } from '../../db/history.repository';
import type { AuthUser } from '../auth/auth-user';
import { seesEverything } from '../access/case-visibility.predicate';
import { CaseVisibility } from '../access/case-visibility.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { eachLimited } from '../common/each-limited';
import { ApiError, forbidden, notFound } from '../common/error-body';
import { MetricsService } from '../health/metrics.service';
import { MessagesService, SharedInstant, notSender } from '../messages/messages.service';
import { TasksService } from '../tasks/tasks.service';

export type BatchAction =
  | { type: 'complete-task'; elementId: string; variables: Record<string, unknown> }
  | { type: 'message'; name: string; variables: Record<string, unknown> };

export const MESSAGE_BATCH_ROLES = ['city-reviewer', 'org-department', 'admin'];

interface BatchTarget {
  caseId: string;
  district: string | null;
  status: string;
  businessKey: string;
  taskId: string | null;
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

@Injectable()
export class BatchesService {
  private readonly logger = new Logger('BatchesService');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TasksService) private readonly tasks: TasksService,
    @Inject(MessagesService) private readonly messages: MessagesService,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(CaseVisibility) private readonly visibility: CaseVisibility,
  ) {}

  async run(input: { title: string; caseIds: string[]; action: BatchAction }, user: AuthUser) {
    if (input.action.type === 'message' && !user.roles.some((r) => MESSAGE_BATCH_ROLES.includes(r)))
      throw forbidden(`A message batch requires one of the roles: ${MESSAGE_BATCH_ROLES.join(', ')}`);
    if (input.action.type === 'message') await this.messages.assertMaySend(input.action.name, user);
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
    const targets = await this.targets(caseIds, action);
    // A case the caller may not see fails as not found, exactly like an unknown id.
    const visible = await this.visibility.visibleIds(user, caseIds);
    for (const id of [...targets.keys()]) if (!visible.has(id)) targets.delete(id);
    const instant = new SharedInstant();
    const unknownErrors = new Map<string, string | null>();
    // rf:senders of each case's own definition version
    const senders =
      action.type === 'message'
        ? await this.messages.senderCases([...targets.keys()], action.name, user)
        : undefined;
    const runOne = async (caseId: string) => {
      let error: string | null = null;
      try {
        if (action.type === 'message' && targets.has(caseId) && !senders?.has(caseId))
          throw notSender(`${user.username} may not send '${action.name}' to case ${caseId} (rf:senders)`);
        await this.runItem(batch.id, caseId, action, user, targets.get(caseId), instant);
      } catch (err) {
        error = err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
        if (!(err instanceof ApiError))
          this.logger.warn({ err, batchId: batch.id, caseId }, 'batch item failed');
      }
      await this.dataSource.query(
        `UPDATE batch_items SET status = $3, error = $4, updated_at = now() WHERE batch_id = $1 AND case_id = $2`,
        [batch.id, caseId, error ? 'failed' : 'done', error],
      );
      unknownErrors.set(caseId, error);
    };
    // A message batch starts every case's transition at one instant, fixed by the first case that accepts it.
    if (action.type === 'message') await instant.each(caseIds, this.config.batchConcurrency, runOne);
    else await eachLimited(caseIds, this.config.batchConcurrency, runOne);
    await this.dataSource
      .getRepository(BatchEntity)
      .update({ id: batch.id }, { status: 'finished', finishedAt: new Date() });
    return this.view(batch.id, user, caseIds, unknownErrors);
  }

  /** Every item's case and, for complete-task, its oldest open task at the element, read in one go. */
  private async targets(caseIds: string[], action: BatchAction): Promise<Map<string, BatchTarget>> {
    const rows: BatchTarget[] = await this.dataSource.query(
      `SELECT c.id AS "caseId", c.district, c.status, c.business_key AS "businessKey", t.id AS "taskId"
         FROM cases c
         LEFT JOIN LATERAL (
           SELECT id FROM tasks
            WHERE case_id = c.id AND element_id = $2 AND state = 'open'
            ORDER BY created_at ASC LIMIT 1) t ON true
        WHERE c.id = ANY($1::uuid[])`,
      [caseIds, action.type === 'complete-task' ? action.elementId : null],
    );
    return new Map(rows.map((r) => [r.caseId, r]));
  }

  private async runItem(
    batchId: string,
    caseId: string,
    action: BatchAction,
    user: AuthUser,
    c: BatchTarget | undefined,
    instant: SharedInstant,
  ): Promise<void> {
    if (!c) throw notFound(`Case ${caseId} not found`);
    if (action.type === 'complete-task') {
      if (!c.taskId) throw new ApiError(409, `Case ${caseId} has no open task ${action.elementId}`);
      await this.tasks.completeInWorkflow(
        { id: c.taskId, caseId },
        { variables: action.variables, comment: `batch ${batchId}` },
        user,
      );
    } else {
      if (c.status !== 'active') throw new ApiError(409, `Case ${caseId} is ${c.status}`);
      // The keys its open subscriptions wait for; the business key for cases from before that read model.
      const keys = await this.messages.openKeys(caseId, action.name);
      let n = 0;
      for (const correlationKey of keys.length > 0 ? keys : [c.businessKey])
        n += await this.messages.toCase(
          caseId,
          instant.stamp({
            name: action.name,
            correlationKey,
            variables: action.variables,
            sender: user.username,
          }),
          instant,
        );
      if (n === 0) throw new ApiError(409, `Case ${caseId} is not waiting for message ${action.name}`);
    }
    await appendHistory(this.dataSource.manager, {
      caseId,
      type: 'batch',
      actor: user.username,
      data: {
        batchId,
        action: action.type,
        ...(action.type === 'message' && instant.at ? { at: instant.at } : {}),
      },
      idempotencyKey: `batch:${batchId}:${caseId}`,
    });
  }

  async view(id: string, user: AuthUser, order?: string[], errors?: Map<string, string | null>) {
    const b = isUuid(id) ? await this.dataSource.getRepository(BatchEntity).findOneBy({ id }) : null;
    if (!b) throw notFound(`Batch ${id} not found`);
    const items = await this.dataSource.getRepository(BatchItemEntity).find({ where: { batchId: id } });
    const byCase = new Map(items.map((i) => [i.caseId, i]));
    const ids = order ?? items.map((i) => i.caseId).sort();
    // Its creator and the all-seeing roles read a batch, and only the items of cases they see (an item that failed
    // as not found says nothing either way).
    const all = seesEverything(user);
    if (!all && b.createdBy !== user.username) throw notFound(`Batch ${id} not found`);
    const visible = all ? null : await this.visibility.visibleIds(user, ids);
    const notFoundError = (caseId: string) => `Case ${caseId} not found`;
    const shown = ids.filter((caseId) => {
      const item = byCase.get(caseId);
      return visible === null || visible.has(caseId) || !item || item.error === notFoundError(caseId);
    });
    return {
      id: b.id,
      title: b.title,
      action: b.action,
      status: b.status,
      items: shown.map((caseId) => {
        const item = byCase.get(caseId);
        const error = item ? item.error : (errors?.get(caseId) ?? notFoundError(caseId));
        const status = item ? item.status : 'failed';
        return { caseId, status, ...(error ? { error } : {}) };
      }),
      createdBy: b.createdBy,
      createdAt: b.createdAt.toISOString(),
    };
  }
}
