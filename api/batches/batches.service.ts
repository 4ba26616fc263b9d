// Batches: one act over many cases, run with bounded concurrency; each item is persisted as it finishes.
// A batch whose process died is resumed by BatchReconcilerService: its items' Temporal update ids derive from the
// batch and case ids, so an item the dead process already sent is applied once.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BatchEntity } from '../../db/entities/batch.entity';
import { BatchItemEntity } from '../../db/entities/batch-item.entity';
import { appendHistory } from '../../db/history.repository';
import type { AuthUser } from '../auth/auth-user';
import { seesEverything } from '../access/case-visibility.predicate';
import { CaseVisibility } from '../access/case-visibility.service';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { eachLimited } from '../common/each-limited';
import { ApiError, forbidden, notFound } from '../common/error-body';
import { MetricsService } from '../health/metrics.service';
import { MessagesService, SharedInstant, notSender } from '../messages/messages.service';
import { TasksService } from '../tasks/tasks.service';
import type { BatchDto } from './batch.dto';
import { advisoryLock, advisoryUnlock } from '../../db/advisory-locks.repository';
import {
  type BatchTarget,
  batchItemInHistory,
  batchTargets,
  existingCaseIds,
  failPendingBatchItems,
  saveBatchInstant,
  setBatchItem,
  taskCompletedAt,
} from '../../db/batches.repository';

export type BatchAction =
  | { type: 'complete-task'; elementId: string; variables: Record<string, unknown> }
  | { type: 'message'; name: string; variables: Record<string, unknown> };

export const MESSAGE_BATCH_ROLES = ['city-reviewer', 'org-department', 'admin'];

/**
 * What a batch says to each case: the list's comment, a case's own comment overriding it, and the list record it
 * belongs to. Stored with the action (a resumed batch says the same) and written into each case's history.
 */
export interface BatchNote {
  comment?: string | null;
  comments?: Record<string, string>;
  list?: { id: string; number: string; title: string };
}

export interface BatchInput {
  title: string;
  caseIds: string[];
  action: BatchAction;
  comment?: string | null;
  comments?: Record<string, string>;
  list?: BatchNote['list'];
}

/** The comment a case receives: its own, else the list's. */
export const commentFor = (note: BatchNote, caseId: string): string | null =>
  note.comments?.[caseId]?.trim() || note.comment?.trim() || null;

/** A refusal's stable code, or one named here for the batch's own refusals. */
const itemCode = (err: unknown): string | null =>
  err instanceof ApiError ? (err.code ?? (err.getStatus() === 404 ? 'CASE_NOT_FOUND' : null)) : null;

/** The session advisory lock a running batch holds; free while running means its process died. */
export const batchLockKey = (batchId: string) => `reviewflow:batch:${batchId}`;
/** The Temporal update id (and history idempotency key) of one item: the same on every resume. */
export const batchItemKey = (batchId: string, caseId: string) => `batch:${batchId}:${caseId}`;

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

  async run(input: BatchInput, user: AuthUser) {
    if (input.action.type === 'message' && !user.roles.some((r) => MESSAGE_BATCH_ROLES.includes(r)))
      throw forbidden(`A message batch requires one of the roles: ${MESSAGE_BATCH_ROLES.join(', ')}`);
    if (input.action.type === 'message') {
      await this.messages.assertMaySend(input.action.name, user);
      await this.messages.assertRequiredVariables(input.action.name, input.action.variables);
    }
    const caseIds = [...new Set(input.caseIds)];
    const bad = caseIds.filter((id) => !isUuid(id));
    if (bad.length > 0)
      throw new ApiError(
        400,
        'Invalid request body: caseIds',
        bad.map((id) => ({ field: 'caseIds', message: `${id} is not a case id` })),
      );
    const strays = Object.keys(input.comments ?? {}).filter((id) => !caseIds.includes(id));
    if (strays.length > 0)
      throw new ApiError(
        400,
        'Invalid request body: comments',
        strays.map((id) => ({ field: `comments.${id}`, message: 'names a case that is not in caseIds' })),
        'FIELD_INVALID',
      );
    // Held until every item is recorded; a batch found running without it was interrupted (see resume).
    const batchId = randomUUID();
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await advisoryLock(lock, batchLockKey(batchId));
      return await this.runLocked(batchId, input, caseIds, user);
    } finally {
      await advisoryUnlock(lock, batchLockKey(batchId)).catch(() => undefined);
      await lock.release();
    }
  }

  private async runLocked(batchId: string, input: BatchInput, caseIds: string[], user: AuthUser) {
    const batch = await this.dataSource.transaction(async (tx) => {
      const b = await tx.getRepository(BatchEntity).save(
        tx.getRepository(BatchEntity).create({
          id: batchId,
          title: input.title,
          action: {
            ...input.action,
            note: {
              comment: input.comment ?? null,
              comments: input.comments ?? {},
              list: input.list ?? null,
            },
          },
          createdBy: user.username,
          actor: { ...user },
        }),
      );
      // Items are created pending; ids of unknown cases cannot reference cases, so they fail in the answer only.
      const knownIds = new Set(await existingCaseIds(tx, caseIds));
      if (knownIds.size > 0)
        await tx
          .getRepository(BatchItemEntity)
          .insert([...knownIds].map((caseId) => ({ batchId: b.id, caseId, status: 'pending' as const })));
      return b;
    });
    const action = input.action;
    const note: BatchNote = { comment: input.comment, comments: input.comments, list: input.list };
    this.metrics.batchSize.observe({ action: action.type }, caseIds.length);
    const unknownErrors = await this.runItems(batch.id, caseIds, action, note, user, new SharedInstant());
    await this.dataSource
      .getRepository(BatchEntity)
      .update({ id: batch.id }, { status: 'finished', finishedAt: new Date() });
    return this.view(batch.id, user, caseIds, unknownErrors);
  }

  /**
   * Finishes a batch whose process died: every pending item is run again as the batch's user, under the same update
   * id (Temporal applies an update id once), or recognised as done when the dead process had already applied it.
   * The caller holds the batch's lock. Returns how many items were resumed.
   */
  async resume(batchId: string): Promise<number> {
    const b = await this.dataSource.getRepository(BatchEntity).findOneBy({ id: batchId });
    if (!b || b.status !== 'running') return 0;
    const pending = (
      await this.dataSource.getRepository(BatchItemEntity).find({ where: { batchId, status: 'pending' } })
    ).map((i) => i.caseId);
    const { note: stored, ...rest } = b.action as unknown as BatchAction & { note?: BatchNote | null };
    const action = rest as BatchAction;
    const note: BatchNote = {
      comment: stored?.comment ?? null,
      comments: stored?.comments ?? {},
      ...(stored?.list ? { list: stored.list } : {}),
    };
    const user = b.actor as unknown as AuthUser | null;
    if (!user) {
      // a batch from before the actor was recorded: nothing to act as, say so instead of `pending` forever
      await failPendingBatchItems(
        this.dataSource,
        batchId,
        'interrupted: the batch stopped before this case was processed',
      );
    } else if (pending.length > 0) {
      const instant = new SharedInstant();
      if (b.instant) instant.settle(b.instant);
      const applied = new Set<string>();
      for (const caseId of pending)
        if (await this.alreadyApplied(batchId, caseId, action, user, b.createdAt)) applied.add(caseId);
      for (const caseId of applied) {
        await this.recordItem(batchId, caseId, action, note, user, instant);
        await this.setItem(batchId, caseId, null);
      }
      await this.runItems(
        batchId,
        pending.filter((id) => !applied.has(id)),
        action,
        note,
        user,
        instant,
      );
    }
    await this.dataSource
      .getRepository(BatchEntity)
      .update({ id: batchId }, { status: 'finished', finishedAt: new Date() });
    this.logger.warn({ batchId, resumed: pending.length }, 'resumed an interrupted batch');
    return pending.length;
  }

  /**
   * Did the dead process get this item into the case (its update applied) without recording it? A completion is
   * recognised by the batch user completing the element after the batch began (batches from before comments were
   * free text carried `batch <id>` as the comment).
   */
  private async alreadyApplied(
    batchId: string,
    caseId: string,
    action: BatchAction,
    user: AuthUser,
    since: Date,
  ): Promise<boolean> {
    return batchItemInHistory(this.dataSource, {
      caseId,
      idempotencyKey: batchItemKey(batchId, caseId),
      completion: action.type === 'complete-task',
      legacyComment: `batch ${batchId}`,
      elementId: action.type === 'complete-task' ? action.elementId : null,
      actor: user.username,
      since,
    });
  }

  private async setItem(
    batchId: string,
    caseId: string,
    error: string | null,
    code: string | null = null,
  ): Promise<void> {
    await setBatchItem(this.dataSource, batchId, caseId, error, code);
  }

  private async runItems(
    batchId: string,
    caseIds: string[],
    action: BatchAction,
    note: BatchNote,
    user: AuthUser,
    instant: SharedInstant,
  ): Promise<Map<string, { error: string | null; code: string | null }>> {
    const targets = await this.targets(caseIds, action);
    // A case the caller may not see fails as not found, exactly like an unknown id.
    const visible = await this.visibility.visibleIds(user, caseIds);
    for (const id of [...targets.keys()]) if (!visible.has(id)) targets.delete(id);
    const unknownErrors = new Map<string, { error: string | null; code: string | null }>();
    let instantSaved = instant.settled;
    // rf:senders of each case's own definition version
    const senders =
      action.type === 'message'
        ? await this.messages.senderCases([...targets.keys()], action.name, user)
        : undefined;
    const runOne = async (caseId: string) => {
      let error: string | null = null;
      let code: string | null = null;
      try {
        if (action.type === 'message' && targets.has(caseId) && !senders?.has(caseId)) {
          // a case that does not wait for it says so, whoever asks
          if ((await this.messages.openKeys(caseId, action.name)).length === 0)
            throw new ApiError(
              409,
              `Case ${caseId} is not waiting for message ${action.name}`,
              undefined,
              'NOT_WAITING',
            );
          throw notSender(`${user.username} may not send '${action.name}' to case ${caseId} (rf:senders)`);
        }
        await this.runItem(batchId, caseId, action, note, user, targets.get(caseId), instant);
        if (!instantSaved && instant.at) {
          instantSaved = true;
          await saveBatchInstant(this.dataSource, batchId, instant.at);
        }
      } catch (err) {
        error = err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
        code = itemCode(err);
        if (!(err instanceof ApiError)) this.logger.warn({ err, batchId, caseId }, 'batch item failed');
      }
      await this.setItem(batchId, caseId, error, code);
      unknownErrors.set(caseId, { error, code });
    };
    // A message batch starts every case's transition at one instant, fixed by the first case that accepts it.
    if (action.type === 'message') await instant.each(caseIds, this.config.batchConcurrency, runOne);
    else await eachLimited(caseIds, this.config.batchConcurrency, runOne);
    return unknownErrors;
  }

  /** Every item's case and, for complete-task, its oldest open task at the element, read in one go. */
  private async targets(caseIds: string[], action: BatchAction): Promise<Map<string, BatchTarget>> {
    const rows = await batchTargets(
      this.dataSource,
      caseIds,
      action.type === 'complete-task' ? action.elementId : null,
    );
    return new Map(rows.map((r) => [r.caseId, r]));
  }

  private async runItem(
    batchId: string,
    caseId: string,
    action: BatchAction,
    note: BatchNote,
    user: AuthUser,
    c: BatchTarget | undefined,
    instant: SharedInstant,
  ): Promise<void> {
    if (!c) throw notFound(`Case ${caseId} not found`);
    if (action.type === 'complete-task') {
      if (!c.taskId)
        throw new ApiError(
          409,
          `Case ${caseId} has no open task ${action.elementId}`,
          undefined,
          'TASK_NOT_OPEN',
        );
      await this.tasks.completeInWorkflow(
        { id: c.taskId, caseId },
        { variables: action.variables, comment: commentFor(note, caseId) },
        user,
        batchItemKey(batchId, caseId),
      );
      // the entry's time is the completion's on the workflow's clock (written by the read model meanwhile)
      const done = await taskCompletedAt(this.dataSource, c.taskId);
      await this.recordItem(batchId, caseId, action, note, user, instant, done ?? undefined);
      return;
    } else {
      if (c.status !== 'active')
        throw new ApiError(409, `Case ${caseId} is ${c.status}`, undefined, 'CASE_NOT_ACTIVE');
      // The keys its open subscriptions wait for; the business key for cases from before that read model.
      const keys = await this.messages.openKeys(caseId, action.name);
      let n = 0;
      for (const [i, correlationKey] of (keys.length > 0 ? keys : [c.businessKey]).entries())
        n += await this.messages.toCase(
          caseId,
          instant.stamp({
            name: action.name,
            correlationKey,
            variables: action.variables,
            sender: user.username,
          }),
          instant,
          `${batchItemKey(batchId, caseId)}:${i}`,
        );
      if (n === 0)
        throw new ApiError(
          409,
          `Case ${caseId} is not waiting for message ${action.name}`,
          undefined,
          'NOT_WAITING',
        );
    }
    await this.recordItem(batchId, caseId, action, note, user, instant);
  }

  /** The item's `batch` history entry, once per (batch, case) whatever the retries: the comment and list it carries. */
  private async recordItem(
    batchId: string,
    caseId: string,
    action: BatchAction,
    note: BatchNote,
    user: AuthUser,
    instant: SharedInstant,
    completedAt?: Date,
  ): Promise<void> {
    const at = completedAt ?? (instant.at ? new Date(instant.at) : undefined);
    await appendHistory(this.dataSource.manager, {
      caseId,
      type: 'batch',
      ...(at ? { at } : {}),
      actor: user.username,
      data: {
        batchId,
        action: action.type,
        ...(action.type === 'message' && instant.at ? { at: instant.at } : {}),
        ...(commentFor(note, caseId) ? { comment: commentFor(note, caseId) } : {}),
        ...(note.list ? { listId: note.list.id, listNumber: note.list.number, title: note.list.title } : {}),
      },
      idempotencyKey: batchItemKey(batchId, caseId),
    });
  }

  async view(
    id: string,
    user: AuthUser,
    order?: string[],
    errors?: Map<string, { error: string | null; code: string | null }>,
  ): Promise<BatchDto> {
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
    const { note: _note, ...action } = b.action;
    return {
      id: b.id,
      title: b.title,
      // the action run() stored, without its note
      action: action as BatchAction,
      status: b.status,
      items: shown.map((caseId) => {
        const item = byCase.get(caseId);
        const error = item ? item.error : (errors?.get(caseId)?.error ?? notFoundError(caseId));
        const code = item ? item.errorCode : (errors?.get(caseId)?.code ?? 'CASE_NOT_FOUND');
        const status = item ? item.status : 'failed';
        return { caseId, status, ...(error ? { error, ...(code ? { code } : {}) } : {}) };
      }),
      createdBy: b.createdBy,
      createdAt: b.createdAt.toISOString(),
    };
  }
}
