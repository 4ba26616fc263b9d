// Starting a run: id reuse and conflict policies, request-id de-duplication, the started event, first task.
import { randomUUID } from 'node:crypto';
import { alreadyStarted, invalidArgument } from '../errors';
import { dur, durMs } from '../proto';
import type { Msg } from '../proto';
import type { Execution } from '../types';
import type { EngineCore } from './core';
import type { Lifecycle } from './lifecycle';
import type { SearchAttributes } from './search-attributes';
import type { WorkflowTasks } from './workflow-tasks';

const DEFAULT_TASK_TIMEOUT_MS = 10_000;
// The real server's limits.maxIDLength default.
const MAX_ID_LENGTH = 1000;

/** What Starter needs from the other sections. */
export interface StarterPeers {
  lifecycle: Pick<Lifecycle, 'terminate' | 'timeoutWorkflow'>;
  searchAttributes: Pick<SearchAttributes, 'mergeSearchAttributes' | 'withSaTypes'>;
  workflowTasks: Pick<WorkflowTasks, 'scheduleWorkflowTask'>;
}

/** What a start by the engine itself adds to a start request (signal-with-start, children, continue-as-new, retry). */
export interface StartExtra {
  signal?: Msg;
  parent?: Execution['parent'];
  continuedFrom?: Execution;
  /** Continue-as-new or retry: the new run's id, its first task's backoff, the initiator and the attempt. */
  cont?: { newRunId: string; backoff?: Msg; initiator?: string; attempt?: number };
  /** Runs before the first workflow task is offered (update-with-start admits its update here). */
  beforeFirstTask?: (exec: Execution) => void;
}

export class Starter {
  constructor(
    private readonly core: EngineCore,
    private readonly peers: StarterPeers,
  ) {}

  startWorkflow(req: Msg, extra?: StartExtra): { exec: Execution; started: boolean } {
    const ns = String(req.namespace || this.core.namespace);
    const workflowId = String(req.workflowId ?? '');
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    if (workflowId.length > MAX_ID_LENGTH)
      throw invalidArgument(
        `WorkflowId exceeds maximum allowed length (${workflowId.length}/${MAX_ID_LENGTH})`,
      );
    if (!req.workflowType?.name) throw invalidArgument('WorkflowType is not set on request.');
    if (!req.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
    const requestId = String(req.requestId || randomUUID());
    const prev = this.core.current(ns, workflowId);
    if (prev && !extra?.continuedFrom) {
      if (prev.requestIds.has(requestId)) return { exec: prev, started: true };
      const conflict = String(req.workflowIdConflictPolicy ?? 'WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED');
      const reuse = String(req.workflowIdReusePolicy ?? 'WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED');
      if (this.core.running(prev)) {
        if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING') {
          if (req.onConflictOptions?.attachRequestId) prev.requestIds.add(requestId);
          return { exec: prev, started: false };
        }
        if (
          conflict === 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING' ||
          reuse === 'WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING'
        ) {
          this.peers.lifecycle.terminate(
            prev,
            'terminated by new start (conflict policy)',
            undefined,
            'temporal-lite',
          );
        } else {
          throw alreadyStarted(
            `Workflow execution is already running. WorkflowId: ${workflowId}, RunId: ${prev.runId}.`,
            prev.startRequestId,
            prev.runId,
          );
        }
      } else if (reuse === 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE') {
        throw alreadyStarted(
          `Workflow execution already finished and Workflow ID reuse policy does not allow it. WorkflowId: ${workflowId}, RunId: ${prev.runId}.`,
          prev.startRequestId,
          prev.runId,
        );
      } else if (
        reuse === 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY' &&
        (prev.status === 'Completed' || prev.status === 'ContinuedAsNew')
      ) {
        throw alreadyStarted(
          `Workflow execution already finished successfully. WorkflowId: ${workflowId}, RunId: ${prev.runId}.`,
          prev.startRequestId,
          prev.runId,
        );
      }
    }
    const now = this.core.clock.now();
    const runId = extra?.cont?.newRunId ?? randomUUID();
    const taskTimeoutMs = durMs(req.workflowTaskTimeout) || DEFAULT_TASK_TIMEOUT_MS;
    const runTimeoutMs = durMs(req.workflowRunTimeout) || durMs(req.workflowExecutionTimeout);
    const delayMs = durMs(req.workflowStartDelay) || durMs(extra?.cont?.backoff);
    const exec: Execution = {
      ns,
      workflowId,
      runId,
      firstRunId: extra?.continuedFrom?.firstRunId ?? runId,
      workflowType: String(req.workflowType.name),
      taskQueue: String(req.taskQueue.name),
      status: 'Running',
      startTime: now,
      executionTime: now + delayMs,
      closeTime: 0,
      runTimeoutMs,
      executionTimeoutMs: durMs(req.workflowExecutionTimeout),
      taskTimeoutMs,
      startRequestId: requestId,
      requestIds: new Set([requestId]),
      history: [],
      memo: req.memo ?? {},
      searchAttributes: {},
      needsWft: false,
      wftAttempt: 1,
      buffered: [],
      activities: new Map(),
      timers: new Map(),
      children: new Map(),
      updates: new Map(),
      deferredQueries: [],
      lastCompletedStartedId: 0,
      parent: extra?.parent,
      watchers: new Set(),
      cancelRequested: false,
    };
    this.peers.searchAttributes.mergeSearchAttributes(exec, req.searchAttributes?.indexedFields ?? {});
    const k = this.core.key(ns, workflowId);
    const chain = this.core.chains.get(k) ?? [];
    chain.push(exec);
    this.core.chains.set(k, chain);
    this.core.runs.set(runId, exec);
    this.core.append(
      exec,
      'WORKFLOW_EXECUTION_STARTED',
      {
        workflowType: { name: exec.workflowType },
        parentWorkflowNamespace: extra?.parent?.ns,
        parentWorkflowExecution: extra?.parent
          ? { workflowId: extra.parent.workflowId, runId: extra.parent.runId }
          : undefined,
        parentInitiatedEventId: extra?.parent?.initiatedEventId,
        taskQueue: { name: exec.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
        input: req.input,
        workflowExecutionTimeout: req.workflowExecutionTimeout,
        workflowRunTimeout: runTimeoutMs ? dur(runTimeoutMs) : undefined,
        workflowTaskTimeout: dur(taskTimeoutMs),
        continuedExecutionRunId: extra?.continuedFrom?.runId,
        initiator: extra?.continuedFrom
          ? (extra.cont?.initiator ?? 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW')
          : undefined,
        continuedFailure: req.continuedFailure,
        lastCompletionResult: req.lastCompletionResult,
        originalExecutionRunId: runId,
        identity: req.identity,
        firstExecutionRunId: exec.firstRunId,
        retryPolicy: req.retryPolicy,
        attempt: Number(extra?.cont?.attempt ?? 1),
        cronSchedule: req.cronSchedule,
        firstWorkflowTaskBackoff: delayMs ? dur(delayMs) : undefined,
        memo: req.memo,
        searchAttributes: this.peers.searchAttributes.withSaTypes(req.searchAttributes),
        header: req.header,
        workflowId,
        priority: req.priority,
      },
      req.userMetadata,
    );
    if (extra?.signal) this.core.append(exec, 'WORKFLOW_EXECUTION_SIGNALED', extra.signal);
    extra?.beforeFirstTask?.(exec);
    if (runTimeoutMs)
      exec.runTimeout = this.core.clock.schedule(now + runTimeoutMs, () =>
        this.peers.lifecycle.timeoutWorkflow(exec),
      );
    if (delayMs && !extra?.signal)
      exec.startDelay = this.core.clock.schedule(now + delayMs, () =>
        this.peers.workflowTasks.scheduleWorkflowTask(exec),
      );
    else this.peers.workflowTasks.scheduleWorkflowTask(exec);
    return { exec, started: true };
  }
}
