// One case of a BPMN fixture on a worker stack, started straight on Temporal (no API), with the probes the engine
// tests share: its state, waiting for a state, completing a user task, its history and its read-model rows.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { ProcessGraph } from '../../bpmn/graph.types';
import {
  type CaseStateView,
  type CaseTaskView,
  type CaseUser,
  type CaseView,
  caseStateQuery,
  completeTaskUpdate,
} from '../../workflows/messages';
import { type RunCaseInput, runCase } from '../../workflows/run-case.workflow';
import { eventually } from './eventually';
import { graphOf } from './fixture-graph';
import type { WorkerStack } from './worker-stack';

export const FIXTURE_REVIEWER: CaseUser = { username: 'city-reviewer1', roles: ['city-reviewer'] };

export interface HistoryRow {
  type: string;
  element_id: string | null;
  data: Record<string, unknown>;
}

export interface FixtureCase {
  caseId: string;
  businessKey: string;
  graph: ProcessGraph;
  handle: WorkflowHandle<typeof runCase>;
  state(): Promise<CaseStateView>;
  /** the first state that satisfies `ok` (eventually's timeout) */
  until(ok: (s: CaseStateView) => boolean): Promise<CaseStateView>;
  /** completes the open task of `elementId` once there is one, as `user` (default a city reviewer) */
  complete(
    elementId: string,
    variables?: Record<string, unknown>,
    user?: CaseUser,
  ): Promise<{ task: CaseTaskView; case: CaseView }>;
  history(): Promise<HistoryRow[]>;
  /** element ids in the order they completed (history) */
  completedElements(): Promise<string[]>;
  taskRows(): Promise<{ element_id: string; state: string }[]>;
  /** a predicate for until(): the task of `elementId` is open */
  openTask(elementId: string): (s: CaseStateView) => boolean;
}

export const openTask =
  (elementId: string) =>
  (s: CaseStateView): boolean =>
    s.tasks.some((t) => t.elementId === elementId && t.state === 'open');

/** A starter bound to the stack: business keys and workflow ids are unique to the file's task queue. */
export function fixtureCaseStarter(stack: WorkerStack) {
  let serial = 0;
  return async function startFixtureCase(
    fixture: string,
    variables: Record<string, unknown> = {},
    extra: Partial<RunCaseInput> = {},
  ): Promise<FixtureCase> {
    const caseId = randomUUID();
    const businessKey = `${fixture}-${++serial}-${Date.now()}`;
    const graph = extra.graph ?? (await graphOf(fixture));
    const handle = await stack.env.client.workflow.start(runCase, {
      taskQueue: stack.taskQueue,
      workflowId: `case-${businessKey}`,
      args: [
        { caseId, processKey: graph.processId, processVersion: 1, businessKey, variables, graph, ...extra },
      ],
    });
    const sql = stack.db.dataSource;
    const state = () => handle.query(caseStateQuery);
    const until = (ok: (s: CaseStateView) => boolean) => eventually(state, ok);
    const history = async () =>
      (await sql.query(`select type, element_id, data from history_events where case_id = $1 order by seq`, [
        caseId,
      ])) as HistoryRow[];
    return {
      caseId,
      businessKey,
      graph,
      handle,
      state,
      until,
      history,
      openTask,
      async complete(elementId, vars = {}, user = FIXTURE_REVIEWER) {
        const s = await until(openTask(elementId));
        const task = s.tasks.find((t) => t.elementId === elementId && t.state === 'open');
        return handle.executeUpdate(completeTaskUpdate, {
          args: [{ taskId: task?.id ?? '', variables: vars, user }],
        });
      },
      async completedElements() {
        return (await history()).filter((e) => e.type === 'element-completed').map((e) => e.element_id ?? '');
      },
      async taskRows() {
        return (await sql.query(
          `select element_id, state from tasks where case_id = $1 order by element_id`,
          [caseId],
        )) as { element_id: string; state: string }[];
      },
    };
  };
}
