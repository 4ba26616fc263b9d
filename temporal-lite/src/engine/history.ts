// History paging and long poll, describe, and the execution info list/count and describe share.
import { dur, ts } from '../proto';
import type { Msg } from '../proto';
import type { Execution } from '../types';
import type { EngineCore } from './core';
import { type ExecStatus, STATUS_ENUM } from '../types';

const HISTORY_PAGE_SIZE = 1000;

export class History {
  constructor(private readonly core: EngineCore) {}

  async getHistory(req: Msg, ctx: { isCancelled(): boolean; waitMs: number }): Promise<Msg> {
    const exec = this.core.find(String(req.namespace || this.core.namespace), req.execution);
    const closeOnly = req.historyEventFilterType === 'HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT';
    const from = req.nextPageToken?.length
      ? Number(Buffer.from(req.nextPageToken as Uint8Array).toString())
      : 0;
    if (req.waitNewEvent) {
      const ready = (): boolean => (closeOnly ? !this.core.running(exec) : exec.history.length > from);
      if (!ready()) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, Math.max(ctx.waitMs, 0));
          function done(): void {
            clearTimeout(t);
            exec.watchers.delete(done);
            resolve();
          }
          const watch = (): void => {
            if (ready()) done();
            else exec.watchers.add(watch);
          };
          exec.watchers.add(watch);
          exec.watchers.add(done);
          exec.watchers.delete(done);
        });
      }
      if (!ready()) return { history: { events: [] }, nextPageToken: Buffer.from(String(from)) };
    }
    if (closeOnly) {
      if (this.core.running(exec))
        return { history: { events: [] }, nextPageToken: Buffer.from(String(exec.history.length)) };
      return { history: { events: [exec.history[exec.history.length - 1]] } };
    }
    const size = Number(req.maximumPageSize) > 0 ? Number(req.maximumPageSize) : HISTORY_PAGE_SIZE;
    const events = exec.history.slice(from, from + size);
    const next = from + events.length;
    const more = next < exec.history.length || (req.waitNewEvent && this.core.running(exec));
    return { history: { events }, nextPageToken: more ? Buffer.from(String(next)) : undefined };
  }

  describe(req: Msg): Msg {
    const exec = this.core.find(String(req.namespace || this.core.namespace), req.execution);
    const pendingActivities = [...exec.activities.values()].map((a) => ({
      activityId: a.activityId,
      activityType: a.attrs.activityType,
      state: a.cancelRequested
        ? 'PENDING_ACTIVITY_STATE_CANCEL_REQUESTED'
        : a.state === 'started'
          ? 'PENDING_ACTIVITY_STATE_STARTED'
          : 'PENDING_ACTIVITY_STATE_SCHEDULED',
      heartbeatDetails: a.heartbeatDetails,
      lastHeartbeatTime: a.lastHeartbeatTime ? ts(a.lastHeartbeatTime) : undefined,
      lastStartedTime: a.startedTime ? ts(a.startedTime) : undefined,
      attempt: a.attempt,
      maximumAttempts: a.attrs.retryPolicy.maximumAttempts,
      scheduledTime: ts(a.attemptScheduledTime),
      lastFailure: a.lastFailure,
      lastWorkerIdentity: a.startedIdentity,
    }));
    const pendingChildren = [...exec.children.values()].map((c) => ({
      workflowId: c.workflowId,
      runId: c.runId,
      workflowTypeName: c.workflowType,
      initiatedId: c.initiatedEventId,
      parentClosePolicy: c.parentClosePolicy,
    }));
    return {
      executionConfig: {
        taskQueue: { name: exec.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
        // unset timeouts stay unset (null in the SDK), as on a real server
        workflowExecutionTimeout: exec.executionTimeoutMs ? dur(exec.executionTimeoutMs) : undefined,
        workflowRunTimeout: exec.runTimeoutMs ? dur(exec.runTimeoutMs) : undefined,
        defaultWorkflowTaskTimeout: dur(exec.taskTimeoutMs),
        userMetadata: exec.history[0]?.userMetadata,
      },
      workflowExecutionInfo: this.executionInfo(exec),
      pendingActivities,
      pendingChildren,
      pendingWorkflowTask: exec.wft
        ? {
            state: exec.wft.startedEventId
              ? 'PENDING_WORKFLOW_TASK_STATE_STARTED'
              : 'PENDING_WORKFLOW_TASK_STATE_SCHEDULED',
            scheduledTime: exec.history[exec.wft.scheduledEventId - 1]?.eventTime,
            attempt: exec.wft.attempt,
          }
        : undefined,
    };
  }

  executionInfo(exec: Execution): Msg {
    return {
      execution: { workflowId: exec.workflowId, runId: exec.runId },
      type: { name: exec.workflowType },
      startTime: ts(exec.startTime),
      closeTime: exec.closeTime ? ts(exec.closeTime) : undefined,
      status: STATUS_OF(exec.status),
      historyLength: exec.history.length,
      parentExecution: exec.parent
        ? { workflowId: exec.parent.workflowId, runId: exec.parent.runId }
        : undefined,
      parentNamespaceId: exec.parent ? exec.parent.ns : undefined,
      executionTime: ts(exec.executionTime),
      memo: exec.memo,
      searchAttributes: { indexedFields: exec.searchAttributes },
      taskQueue: exec.taskQueue,
      stateTransitionCount: exec.history.length,
      historySizeBytes: exec.history.length * 200,
      firstRunId: exec.firstRunId,
      executionDuration: exec.closeTime ? dur(exec.closeTime - exec.startTime) : undefined,
    };
  }
}

/** The proto enum name of a run's status. */
export function STATUS_OF(s: ExecStatus): string {
  return STATUS_ENUM[s];
}
