// A completed workflow task's commands, each applied to the run (or handed to the section that owns it).
import { invalidArgument } from '../errors';
import type { Msg } from '../proto';
import type { Execution } from '../types';
import type { EngineCore } from './core';
import type { Activities } from './activities';
import type { Children } from './children';
import type { Lifecycle } from './lifecycle';
import type { SearchAttributes } from './search-attributes';
import type { Timers } from './timers';

/** What Commands needs from the other sections. */
export interface CommandsPeers {
  activities: Pick<Activities, 'requestCancelActivity' | 'scheduleActivity'>;
  children: Pick<Children, 'cancelExternal' | 'signalExternal' | 'startChild'>;
  lifecycle: Pick<Lifecycle, 'closeExecution' | 'continueAsNew' | 'startRetry' | 'workflowRetry'>;
  searchAttributes: Pick<SearchAttributes, 'mergeSearchAttributes'>;
  timers: Pick<Timers, 'cancelTimer' | 'startTimer'>;
}

export class Commands {
  constructor(
    private readonly core: EngineCore,
    private readonly peers: CommandsPeers,
  ) {}

  /** Applies one command; returns true when it requires a new workflow task right away. */
  applyCommand(
    exec: Execution,
    type: string,
    a: Msg,
    completedId: number,
    cmd: Msg,
    post: Array<() => void>,
  ): boolean {
    switch (type) {
      case 'SCHEDULE_ACTIVITY_TASK':
        this.peers.activities.scheduleActivity(exec, a, completedId, false, cmd.userMetadata);
        return false;
      case 'REQUEST_CANCEL_ACTIVITY_TASK':
        return this.peers.activities.requestCancelActivity(exec, Number(a.scheduledEventId), completedId);
      case 'START_TIMER':
        this.peers.timers.startTimer(exec, a, completedId, cmd.userMetadata);
        return false;
      case 'CANCEL_TIMER':
        this.peers.timers.cancelTimer(exec, a, completedId);
        return false;
      case 'RECORD_MARKER':
        this.core.append(exec, 'MARKER_RECORDED', { ...a, workflowTaskCompletedEventId: completedId });
        return false;
      case 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES': {
        this.core.append(exec, 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', {
          workflowTaskCompletedEventId: completedId,
          searchAttributes: a.searchAttributes,
        });
        this.peers.searchAttributes.mergeSearchAttributes(exec, a.searchAttributes?.indexedFields ?? {});
        return false;
      }
      case 'MODIFY_WORKFLOW_PROPERTIES': {
        this.core.append(exec, 'WORKFLOW_PROPERTIES_MODIFIED', {
          workflowTaskCompletedEventId: completedId,
          upsertedMemo: a.upsertedMemo,
        });
        const fields = { ...(exec.memo.fields ?? {}) };
        for (const [k, v] of Object.entries((a.upsertedMemo?.fields ?? {}) as Record<string, Msg>)) {
          if (!v?.data?.length || Buffer.from(v.data as Uint8Array).toString() === 'null') delete fields[k];
          else fields[k] = v;
        }
        exec.memo = { fields };
        return false;
      }
      case 'COMPLETE_WORKFLOW_EXECUTION':
        this.core.append(exec, 'WORKFLOW_EXECUTION_COMPLETED', {
          result: a.result,
          workflowTaskCompletedEventId: completedId,
        });
        this.peers.lifecycle.closeExecution(exec, 'Completed', { result: a.result });
        return false;
      case 'FAIL_WORKFLOW_EXECUTION': {
        const retry = this.peers.lifecycle.workflowRetry(exec, a.failure);
        this.core.append(exec, 'WORKFLOW_EXECUTION_FAILED', {
          failure: a.failure,
          retryState: retry.state,
          workflowTaskCompletedEventId: completedId,
          newExecutionRunId: retry.newRunId,
        });
        this.peers.lifecycle.closeExecution(exec, 'Failed', { failure: a.failure }, !retry.newRunId);
        if (retry.newRunId) this.peers.lifecycle.startRetry(exec, retry.newRunId, retry.delay, a.failure);
        return false;
      }
      case 'CANCEL_WORKFLOW_EXECUTION':
        this.core.append(exec, 'WORKFLOW_EXECUTION_CANCELED', {
          details: a.details,
          workflowTaskCompletedEventId: completedId,
        });
        this.peers.lifecycle.closeExecution(exec, 'Canceled', { details: a.details });
        return false;
      case 'CONTINUE_AS_NEW_WORKFLOW_EXECUTION':
        this.peers.lifecycle.continueAsNew(exec, a, completedId);
        return false;
      case 'START_CHILD_WORKFLOW_EXECUTION': {
        const initiatedEventId = this.core.append(
          exec,
          'START_CHILD_WORKFLOW_EXECUTION_INITIATED',
          {
            ...a,
            namespace: a.namespace || exec.ns,
            workflowTaskCompletedEventId: completedId,
          },
          cmd.userMetadata,
        );
        post.push(() => this.peers.children.startChild(exec, a, initiatedEventId, cmd.userMetadata));
        return false;
      }
      case 'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION': {
        const target = {
          workflowId: a.workflowId ?? a.execution?.workflowId,
          runId: a.runId ?? a.execution?.runId,
        };
        const initiatedEventId = this.core.append(
          exec,
          'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
          {
            namespace: a.namespace || exec.ns,
            workflowExecution: target,
            control: a.control,
            childWorkflowOnly: a.childWorkflowOnly,
            reason: a.reason,
            workflowTaskCompletedEventId: completedId,
          },
        );
        post.push(() => this.peers.children.cancelExternal(exec, target, initiatedEventId));
        return false;
      }
      case 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION': {
        const initiatedEventId = this.core.append(exec, 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', {
          namespace: a.namespace || exec.ns,
          workflowExecution: a.execution,
          signalName: a.signalName,
          input: a.input,
          control: a.control,
          childWorkflowOnly: a.childWorkflowOnly,
          header: a.header,
          workflowTaskCompletedEventId: completedId,
        });
        post.push(() => this.peers.children.signalExternal(exec, a, initiatedEventId));
        return false;
      }
      default:
        void cmd;
        throw invalidArgument(`Unsupported command type: COMMAND_TYPE_${type}`);
    }
  }
}
