// Child workflows (start, parent notification) and the external signal/cancel commands.
import { randomUUID } from 'node:crypto';
import type { Msg } from '../proto';
import type { ChildState, ExecStatus, Execution } from '../types';
import { LINK_CHILD_STARTED } from './core';
import type { EngineCore } from './core';
import type { Lifecycle } from './lifecycle';
import type { Starter } from './start';
import type { WorkflowTasks } from './workflow-tasks';

/** What Children needs from the other sections. */
export interface ChildrenPeers {
  lifecycle: Pick<Lifecycle, 'cancelExecution' | 'deliverSignal'>;
  starter: Pick<Starter, 'startWorkflow'>;
  workflowTasks: Pick<WorkflowTasks, 'whenIdle'>;
}

export class Children {
  constructor(
    private readonly core: EngineCore,
    private readonly peers: ChildrenPeers,
  ) {}

  startChild(parent: Execution, a: Msg, initiatedEventId: number, userMetadata?: Msg): void {
    if (!this.core.running(parent)) return;
    const ns = String(a.namespace || parent.ns);
    const child: ChildState = {
      initiatedEventId,
      workflowId: String(a.workflowId),
      runId: '',
      workflowType: String(a.workflowType?.name),
      namespace: ns,
      parentClosePolicy: String(a.parentClosePolicy || 'PARENT_CLOSE_POLICY_TERMINATE'),
      startedEventId: 0,
    };
    let exec: Execution;
    try {
      ({ exec } = this.peers.starter.startWorkflow(
        {
          namespace: ns,
          workflowId: a.workflowId,
          workflowType: a.workflowType,
          taskQueue: { name: a.taskQueue?.name || parent.taskQueue },
          input: a.input,
          workflowExecutionTimeout: a.workflowExecutionTimeout,
          workflowRunTimeout: a.workflowRunTimeout,
          workflowTaskTimeout: a.workflowTaskTimeout,
          workflowIdReusePolicy: a.workflowIdReusePolicy,
          retryPolicy: a.retryPolicy,
          cronSchedule: a.cronSchedule,
          header: a.header,
          memo: a.memo,
          searchAttributes: a.searchAttributes,
          priority: a.priority,
          userMetadata,
          requestId: randomUUID(),
        },
        { parent: { ns: parent.ns, workflowId: parent.workflowId, runId: parent.runId, initiatedEventId } },
      ));
    } catch {
      this.peers.workflowTasks.whenIdle(parent, [
        {
          kind: 'START_CHILD_WORKFLOW_EXECUTION_FAILED',
          attrs: {
            namespace: ns,
            workflowId: a.workflowId,
            workflowType: a.workflowType,
            cause: 'START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS',
            control: a.control,
            initiatedEventId,
          },
        },
      ]);
      return;
    }
    child.runId = exec.runId;
    parent.children.set(initiatedEventId, child);
    this.peers.workflowTasks.whenIdle(parent, [
      {
        kind: 'CHILD_WORKFLOW_EXECUTION_STARTED',
        attrs: {
          namespace: ns,
          initiatedEventId,
          workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
          workflowType: a.workflowType,
          header: a.header,
        },
      },
    ]);
  }

  notifyParent(exec: Execution, status: ExecStatus, outcome: Msg): void {
    const p = exec.parent!;
    const parent = this.core.runs.get(p.runId);
    if (!parent || !this.core.running(parent)) return;
    const child = parent.children.get(p.initiatedEventId);
    if (!child) return;
    parent.children.delete(p.initiatedEventId);
    const kinds: Partial<Record<ExecStatus, string>> = {
      Completed: 'CHILD_WORKFLOW_EXECUTION_COMPLETED',
      Failed: 'CHILD_WORKFLOW_EXECUTION_FAILED',
      Canceled: 'CHILD_WORKFLOW_EXECUTION_CANCELED',
      Terminated: 'CHILD_WORKFLOW_EXECUTION_TERMINATED',
      TimedOut: 'CHILD_WORKFLOW_EXECUTION_TIMED_OUT',
    };
    const kind = kinds[status];
    if (!kind) return;
    void child;
    this.peers.workflowTasks.whenIdle(parent, [
      {
        kind,
        attrs: {
          namespace: exec.ns,
          workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
          workflowType: { name: exec.workflowType },
          initiatedEventId: p.initiatedEventId,
          startedEventId: LINK_CHILD_STARTED,
          result: outcome.result,
          failure: outcome.failure,
          details: outcome.details,
          retryState:
            status === 'Failed'
              ? 'RETRY_STATE_RETRY_POLICY_NOT_SET'
              : status === 'TimedOut'
                ? 'RETRY_STATE_TIMEOUT'
                : undefined,
        },
      },
    ]);
  }

  /** Runs `act` on the target when it exists and runs; false otherwise (also when `act` throws). */
  private reachRunning(ns: string, target: Msg | undefined, act: (t: Execution) => void): boolean {
    try {
      const t = this.core.find(ns, target);
      if (!this.core.running(t)) return false;
      act(t);
      return true;
    } catch {
      return false;
    }
  }

  cancelExternal(exec: Execution, target: Msg, initiatedEventId: number): void {
    const ok = this.reachRunning(exec.ns, target, (t) =>
      this.peers.lifecycle.cancelExecution(t, {
        externalInitiatedEventId: initiatedEventId,
        externalWorkflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
      }),
    );
    if (!this.core.running(exec)) return;
    this.peers.workflowTasks.whenIdle(exec, [
      ok
        ? {
            kind: 'EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED',
            attrs: { initiatedEventId, namespace: exec.ns, workflowExecution: target },
          }
        : {
            kind: 'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED',
            attrs: {
              cause: 'CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
              initiatedEventId,
              namespace: exec.ns,
              workflowExecution: target,
            },
          },
    ]);
  }

  signalExternal(exec: Execution, a: Msg, initiatedEventId: number): void {
    const ok = this.reachRunning(String(a.namespace || exec.ns), a.execution as Msg | undefined, (t) =>
      this.peers.lifecycle.deliverSignal(t, {
        signalName: a.signalName,
        input: a.input,
        header: a.header,
        externalWorkflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
      }),
    );
    if (!this.core.running(exec)) return;
    this.peers.workflowTasks.whenIdle(exec, [
      ok
        ? {
            kind: 'EXTERNAL_WORKFLOW_EXECUTION_SIGNALED',
            attrs: {
              initiatedEventId,
              namespace: exec.ns,
              workflowExecution: a.execution,
              control: a.control,
            },
          }
        : {
            kind: 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED',
            attrs: {
              cause: 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
              initiatedEventId,
              namespace: exec.ns,
              workflowExecution: a.execution,
              control: a.control,
            },
          },
    ]);
  }
}
