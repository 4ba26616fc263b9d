// Activities of the runCase workflow: read model, definitions, deadlines, service tasks. Every write is keyed by
// workflow id + element-instance key (never the attempt), so retries and replays write nothing twice.
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource, EntityManager } from 'typeorm';
import { bundledCalendarYears, mergeCalendarYears } from '../../calendar/bundled-calendar';
import { type CalendarYearData, deadlineFor } from '../../calendar/working-days';
import { CalendarYearEntity } from '../../db/entities/calendar-year.entity';
import { ProcessDefinitionEntity } from '../../db/entities/process-definition.entity';
import { appendHistory, appendHistoryEvents } from '../../db/history.repository';
import { cancelJob } from '../../db/jobs.repository';
import { storable } from '../../db/pg-text';
import { enqueueNotification } from '../../notifications/enqueue-notification';
import type {
  Deadline,
  DeadlineInput,
  LoadedDefinition,
  ReadModelBatch,
  ReadModelOp,
  ServiceTaskInput,
} from './case-activity.types';
import { addIsoDuration } from './iso-duration';
import { createJobActivities } from './jobs.activities';
import { createSignalActivities } from './signals.activities';
import { type ServiceTaskHandler, builtinServiceTasks } from './service-tasks';

export interface CaseActivityDeps {
  dataSource: DataSource;
  /** extra service task types (integrations, test doubles); an injected type replaces a built-in */
  serviceTasks?: Record<string, ServiceTaskHandler>;
}

export function createCaseActivities(deps: CaseActivityDeps) {
  const { dataSource } = deps;
  const registry: Record<string, ServiceTaskHandler> = { ...builtinServiceTasks, ...deps.serviceTasks };

  return {
    ...createJobActivities(deps),
    ...createSignalActivities(deps),
    async applyReadModel(batch: ReadModelBatch): Promise<void> {
      // A value PostgreSQL refuses (NUL, lone surrogate) would fail this write on every retry: store U+FFFD instead.
      batch = storable(batch);
      await dataSource.transaction('READ COMMITTED', async (tx) => {
        // History rows go in one statement at the end (their order kept); nothing else reads them meanwhile.
        const history: Extract<ReadModelOp, { kind: 'history' }>[] = [];
        for (const op of batch.ops) {
          if (op.kind === 'history') history.push(op);
          else await applyOp(tx, batch, op);
        }
        await appendHistoryEvents(
          tx,
          batch.caseId,
          history.map((op) => ({
            type: op.type,
            elementId: op.elementId,
            actor: op.actor,
            data: op.data,
            at: new Date(op.at),
            idempotencyKey: `${batch.workflowId}:${op.idempotencyKey}`,
          })),
        );
        for (const op of history) await enqueuePublicity(tx, batch, op);
      });
    },

    async loadDefinition(input: { key: string; version?: number | null }): Promise<LoadedDefinition> {
      const repo = dataSource.getRepository(ProcessDefinitionEntity);
      const row =
        input.version != null
          ? await repo.findOneBy({ key: input.key, version: input.version })
          : await repo.findOne({ where: { key: input.key }, order: { version: 'DESC' } });
      if (!row)
        throw ApplicationFailure.create({
          type: 'DEFINITION_NOT_FOUND',
          message: `process definition ${input.key}${input.version != null ? ` v${input.version}` : ''} not found`,
          nonRetryable: true,
        });
      return { key: row.key, version: row.version, graph: row.graph };
    },

    async computeDeadline(input: DeadlineInput): Promise<Deadline> {
      const from = new Date(input.from);
      const { spec } = input;
      try {
        if (spec.kind === 'date') {
          const at = new Date(spec.value);
          if (Number.isNaN(at.getTime())) throw new Error(`'${spec.value}' is not an ISO-8601 date`);
          return { at: at.toISOString(), provisional: false };
        }
        if (spec.calendar) {
          const rows = await dataSource.getRepository(CalendarYearEntity).find();
          const overrides: CalendarYearData[] = rows.map((r) => ({
            year: r.year,
            holidays: r.holidays,
            workdays: r.workdays,
            source: r.source,
          }));
          const span = deadlineFor(
            from,
            spec.value,
            spec.calendar,
            mergeCalendarYears(bundledCalendarYears(), overrides),
          );
          return { at: span.closesAt.toISOString(), provisional: span.provisional };
        }
        return { at: addIsoDuration(from, spec.value).toISOString(), provisional: false };
      } catch (err) {
        throw ApplicationFailure.create({
          type: 'CALENDAR_ERROR',
          message: (err as Error).message,
          nonRetryable: true,
        });
      }
    },

    async runServiceTask(input: ServiceTaskInput): Promise<Record<string, unknown>> {
      input = storable(input);
      const handler = registry[input.taskType];
      if (!handler)
        throw ApplicationFailure.create({
          type: 'UNKNOWN_TASK_TYPE',
          message: `no activity registered for task type '${input.taskType}' (element ${input.elementId})`,
          nonRetryable: true,
        });
      return (
        (await handler({ ...input, dataSource, idempotencyKey: `${input.workflowId}:${input.key}` })) ?? {}
      );
    },
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;

async function applyOp(tx: EntityManager, batch: ReadModelBatch, op: ReadModelOp): Promise<void> {
  const { caseId, workflowId } = batch;
  switch (op.kind) {
    case 'ensureCase':
      // The API creates the row first; a child case (call activity) creates its own.
      await tx.query(
        `INSERT INTO cases (id, process_key, process_version, business_key, status, variables, district,
           applicant_id, employer_id)
         VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [
          caseId,
          op.processKey,
          op.processVersion,
          op.businessKey,
          JSON.stringify(op.variables),
          typeof op.variables.district === 'string' ? op.variables.district : null,
          stringVar(op.variables.applicantId),
          stringVar(op.variables.employerId),
        ],
      );
      // 立案 is the workflow's start on its own clock (the API's row was stamped by the database's).
      if (op.at)
        await tx.query(`UPDATE cases SET created_at = $2, updated_at = $2 WHERE id = $1`, [caseId, op.at]);
      return;
    case 'createTask':
      await tx.query(
        `INSERT INTO tasks (id, case_id, element_id, element_instance_key, name, candidate_groups, assignee, due_at,
           district, process_key, exclude_affiliation, distinct_from, mi_key, created_at, updated_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, c.district, $9, $10, $11, $12, coalesce($13, now()), coalesce($13, now())
           FROM cases c WHERE c.id = $2
         ON CONFLICT (case_id, element_instance_key) DO NOTHING`,
        [
          op.taskId,
          caseId,
          op.elementId,
          op.key,
          op.name,
          op.candidateGroups,
          op.assignee,
          op.dueAt,
          op.processKey,
          op.excludeAffiliation ?? null,
          op.distinctFrom ?? [],
          op.miKey ?? null,
          op.at ?? null,
        ],
      );
      if (op.assignee)
        await enqueueNotification(tx, {
          caseId,
          workflowId,
          key: op.key,
          event: 'task-assigned',
          recipient: op.assignee,
          payload: {
            taskId: op.taskId,
            elementId: op.elementId,
            name: op.name,
            assignee: op.assignee,
            dueAt: op.dueAt,
            ...(op.at ? { at: op.at } : {}),
          },
        });
      return;
    case 'claimTask':
      await tx.query(
        `UPDATE tasks SET assignee = $3, updated_at = coalesce($4, now())
          WHERE case_id = $1 AND element_instance_key = $2 AND state = 'open'`,
        [caseId, op.key, op.assignee, op.at ?? null],
      );
      if (op.assignee)
        // Keyed by assignee too: a task claimed, released and claimed by someone else notifies each.
        await enqueueNotification(tx, {
          caseId,
          workflowId,
          key: `${op.key}:${op.assignee}`,
          event: 'task-assigned',
          recipient: op.assignee,
          payload: { key: op.key, assignee: op.assignee, ...(op.at ? { at: op.at } : {}) },
        });
      return;
    case 'completeTask':
      await tx.query(
        `UPDATE tasks SET state = 'completed', completed_by = $3, decision = $4, comment = $5, variables = $6,
           completed_at = $7, updated_at = now()
         WHERE case_id = $1 AND element_instance_key = $2 AND state = 'open'`,
        [caseId, op.key, op.by, op.decision, op.comment, JSON.stringify(op.variables), op.at],
      );
      if (op.decision !== null)
        await enqueueNotification(tx, {
          caseId,
          workflowId,
          key: op.key,
          event: 'decision-made',
          recipient: 'applicant',
          payload: { key: op.key, decision: op.decision, by: op.by, comment: op.comment, at: op.at },
        });
      return;
    case 'cancelJob':
      await cancelJob(tx, workflowId, op.key);
      return;
    case 'withdrawTask':
      await tx.query(
        `UPDATE tasks SET state = 'withdrawn', updated_at = now() WHERE case_id = $1 AND element_instance_key = $2 AND state = 'open'`,
        [caseId, op.key],
      );
      return;
    case 'taskDue':
      await tx.query(
        `UPDATE tasks SET due_at = $3, updated_at = now() WHERE case_id = $1 AND element_instance_key = $2`,
        [caseId, op.key, op.dueAt],
      );
      return;
    case 'openSubscription':
      await tx.query(
        `INSERT INTO message_subscriptions (case_id, element_instance_key, element_id, message_name, correlation_key)
         SELECT $1, $2, $3, $4, $5 FROM cases c WHERE c.id = $1
         ON CONFLICT (case_id, element_instance_key) DO NOTHING`,
        [caseId, op.key, op.elementId, op.messageName, op.correlationKey],
      );
      return;
    case 'closeSubscription':
      await tx.query(
        `UPDATE message_subscriptions SET closed_at = now()
         WHERE case_id = $1 AND element_instance_key = $2 AND closed_at IS NULL`,
        [caseId, op.key],
      );
      return;
    case 'history':
      await appendHistory(tx, {
        caseId,
        type: op.type,
        elementId: op.elementId,
        actor: op.actor,
        data: op.data,
        at: new Date(op.at),
        idempotencyKey: `${workflowId}:${op.idempotencyKey}`,
      });
      await enqueuePublicity(tx, batch, op);
      return;
    case 'syncCase':
      await tx.query(
        `UPDATE cases SET status = $2, active_elements = $3, variables = $4, calendar_provisional = $5,
           failure_reason = $6, district = coalesce($7, district), applicant_id = $8, employer_id = $9,
           finished_at = CASE WHEN $2 IN ('completed', 'terminated') THEN coalesce(finished_at, $10, now()) END,
           updated_at = coalesce($10, now()) WHERE id = $1`,
        [
          caseId,
          op.status,
          op.activeElements,
          JSON.stringify(op.variables),
          op.calendarProvisional,
          op.failureReason,
          typeof op.variables.district === 'string' ? op.variables.district : null,
          stringVar(op.variables.applicantId),
          stringVar(op.variables.employerId),
          op.at ?? null,
        ],
      );
      if (op.outcome !== undefined)
        await tx.query(`UPDATE cases SET outcome = $2 WHERE id = $1`, [caseId, op.outcome]);
      return;
  }
}

/** A relationship variable as the visibility columns hold it (see api/access/). */
const stringVar = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

// The dialect has no publicity marker: an element whose id names it (`publicity`, `gongshi`) is the period.
const PUBLICITY_ELEMENT = /publicity|gongshi/i;

async function enqueuePublicity(
  tx: EntityManager,
  batch: ReadModelBatch,
  op: Extract<ReadModelOp, { kind: 'history' }>,
): Promise<void> {
  if (!op.elementId || !PUBLICITY_ELEMENT.test(op.elementId)) return;
  const event =
    op.type === 'element-activated'
      ? 'publicity-started'
      : op.type === 'element-completed'
        ? 'publicity-ended'
        : null;
  if (!event) return;
  await enqueueNotification(tx, {
    caseId: batch.caseId,
    workflowId: batch.workflowId,
    key: op.idempotencyKey,
    event,
    recipient: 'applicant',
    payload: { elementId: op.elementId, at: op.at },
  });
}
