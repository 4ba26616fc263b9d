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
import {
  claimOpenTask,
  closeMessageSubscription,
  completeOpenTask,
  insertCaseIfMissing,
  insertTaskIfMissing,
  openMessageSubscription,
  setCaseCreatedAt,
  setCaseOutcome,
  setTaskDue,
  syncCaseRow,
  withdrawOpenTask,
} from '../../db/read-model.repository';
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
  /** MAX_OPEN_TASKS_PER_CASE for the cases activities start (signal start events) */
  maxOpenTasksPerCase?: number;
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
      await insertCaseIfMissing(tx, {
        caseId,
        processKey: op.processKey,
        processVersion: op.processVersion,
        businessKey: op.businessKey,
        variables: op.variables,
        district: typeof op.variables.district === 'string' ? op.variables.district : null,
        applicantId: stringVar(op.variables.applicantId),
        employerId: stringVar(op.variables.employerId),
      });
      // 立案 is the workflow's start on its own clock (the API's row was stamped by the database's).
      if (op.at) await setCaseCreatedAt(tx, caseId, op.at);
      return;
    case 'createTask':
      await insertTaskIfMissing(tx, {
        taskId: op.taskId,
        caseId,
        elementId: op.elementId,
        key: op.key,
        name: op.name,
        candidateGroups: op.candidateGroups,
        assignee: op.assignee,
        dueAt: op.dueAt,
        processKey: op.processKey,
        excludeAffiliation: op.excludeAffiliation ?? null,
        distinctFrom: op.distinctFrom ?? [],
        miKey: op.miKey ?? null,
        at: op.at ?? null,
      });
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
      await claimOpenTask(tx, caseId, op.key, op.assignee, op.at ?? null);
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
      await completeOpenTask(tx, {
        caseId,
        key: op.key,
        by: op.by,
        decision: op.decision,
        comment: op.comment,
        variables: op.variables,
        at: op.at,
      });
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
      await withdrawOpenTask(tx, caseId, op.key);
      return;
    case 'taskDue':
      await setTaskDue(tx, caseId, op.key, op.dueAt);
      return;
    case 'openSubscription':
      await openMessageSubscription(tx, {
        caseId,
        key: op.key,
        elementId: op.elementId,
        messageName: op.messageName,
        correlationKey: op.correlationKey,
      });
      return;
    case 'closeSubscription':
      await closeMessageSubscription(tx, caseId, op.key);
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
      await syncCaseRow(tx, {
        caseId,
        status: op.status,
        activeElements: op.activeElements,
        variables: op.variables,
        calendarProvisional: op.calendarProvisional,
        failureReason: op.failureReason,
        district: typeof op.variables.district === 'string' ? op.variables.district : null,
        applicantId: stringVar(op.variables.applicantId),
        employerId: stringVar(op.variables.employerId),
        at: op.at ?? null,
      });
      if (op.outcome !== undefined) await setCaseOutcome(tx, caseId, op.outcome);
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
