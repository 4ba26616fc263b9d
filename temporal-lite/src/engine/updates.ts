// Updates: admission, the protocol messages of a completed task, waiting and polling, update-with-start.
import { status } from '@grpc/grpc-js';
import { GrpcError, invalidArgument, multiOperationFailure, notFound, workflowCompleted } from '../errors';
import { unpackAny } from '../proto';
import type { Msg } from '../proto';
import type { Execution, UpdateState } from '../types';
import type { EngineCore } from './core';
import type { Starter } from './start';
import type { WorkflowTasks } from './workflow-tasks';

// The real server's history.maxInFlightUpdates default.
const MAX_IN_FLIGHT_UPDATES = 10;

/** What Updates needs from the other sections. */
export interface UpdatesPeers {
  starter: Pick<Starter, 'startWorkflow'>;
  workflowTasks: Pick<WorkflowTasks, 'scheduleWorkflowTask'>;
}

export class Updates {
  constructor(
    private readonly core: EngineCore,
    private readonly peers: UpdatesPeers,
  ) {}

  async update(req: Msg, deadline: number, ctx: { isCancelled(): boolean }): Promise<Msg> {
    const exec = this.core.find(String(req.namespace || this.core.namespace), req.workflowExecution);
    const updateId = String(req.request?.meta?.updateId ?? '');
    if (!updateId) throw invalidArgument('Update ID is not set on request.');
    if (!req.request?.input?.name) throw invalidArgument('Update name is not set on request.');
    let u = exec.updates.get(updateId);
    if (!u) {
      u = this.admitUpdate(exec, req);
      // An update ends the start delay: a real server dispatches the first workflow task to deliver it.
      this.core.clock.cancel(exec.startDelay);
      this.peers.workflowTasks.scheduleWorkflowTask(exec);
    }
    return this.waitUpdate(exec, u, String(req.waitPolicy?.lifecycleStage ?? ''), deadline, ctx);
  }

  private admitUpdate(exec: Execution, req: Msg): UpdateState {
    if (!this.core.running(exec)) throw workflowCompleted();
    // The real server's history.maxInFlightUpdates (default 10): updates admitted or accepted, not yet completed.
    const inFlight = [...exec.updates.values()].filter((x) => x.stage !== 'completed').length;
    if (inFlight >= MAX_IN_FLIGHT_UPDATES)
      throw new GrpcError(
        status.RESOURCE_EXHAUSTED,
        `limit on number of concurrent in-flight updates has been reached (${MAX_IN_FLIGHT_UPDATES})`,
      );
    const id = String(req.request.meta.updateId);
    const u: UpdateState = {
      id,
      request: req.request,
      stage: 'admitted',
      acceptedEventId: 0,
      waiters: new Set(),
    };
    exec.updates.set(id, u);
    this.core.touch(exec);
    return u;
  }

  /**
   * Update-with-start (the only multi-operation a real server accepts): start the workflow (or use the running one,
   * by its conflict policy) and admit the update in the same step, so the update rides the first workflow task.
   * Errors carry a MultiOperationExecutionFailure with one status per operation, the other one "aborted".
   */
  async executeMultiOperation(req: Msg, deadline: number, ctx: { isCancelled(): boolean }): Promise<Msg> {
    const ops = (req.operations ?? []) as Msg[];
    const start = ops[0]?.startWorkflow as Msg | undefined;
    const upd = ops[1]?.updateWorkflow as Msg | undefined;
    if (ops.length !== 2 || !start || !upd)
      throw invalidArgument('Operations have to be exactly [Start, Update].');
    const asOp = (index: 0 | 1, err: unknown): unknown =>
      err instanceof GrpcError ? multiOperationFailure(index, err) : err;
    // The update is checked before anything starts (the real server reports these with the start "aborted").
    try {
      if (upd.workflowExecution?.workflowId !== start.workflowId)
        throw invalidArgument('WorkflowId is not consistent with previous operation(s).');
      if (upd.workflowExecution?.runId) throw invalidArgument('RunId is not allowed in Update-with-Start.');
      if (!upd.request?.meta?.updateId) throw invalidArgument('Update ID is not set on request.');
      if (!upd.request?.input?.name) throw invalidArgument('Update name is not set on request.');
    } catch (err) {
      throw asOp(1, err);
    }
    let started: { exec: Execution; started: boolean };
    try {
      // A new run gets the update admitted before its first task is offered, so that task carries it.
      started = this.peers.starter.startWorkflow(
        { ...start, namespace: start.namespace || req.namespace },
        { beforeFirstTask: (exec) => void this.admitUpdate(exec, upd) },
      );
    } catch (err) {
      throw asOp(0, err);
    }
    const { exec } = started;
    try {
      const updateResponse = await this.update(
        { ...upd, workflowExecution: { workflowId: exec.workflowId, runId: exec.runId } },
        deadline,
        ctx,
      );
      return {
        responses: [
          {
            startWorkflow: {
              runId: exec.runId,
              started: started.started,
              status: 'WORKFLOW_EXECUTION_STATUS_RUNNING',
            },
          },
          { updateWorkflow: updateResponse },
        ],
      };
    } catch (err) {
      throw asOp(1, err);
    }
  }

  async pollUpdate(req: Msg, deadline: number, ctx: { isCancelled(): boolean }): Promise<Msg> {
    const ref = req.updateRef ?? {};
    const exec = this.core.find(String(req.namespace || this.core.namespace), ref.workflowExecution);
    const u = exec.updates.get(String(ref.updateId ?? ''));
    if (!u) throw notFound(`update ${String(ref.updateId)} not found`);
    // Without a wait policy (or waiting for ADMITTED) a poll answers at once with the current stage, as on the dev
    // server 1.32; the SDK's tests poll so to learn whether an update was admitted.
    const stage = String(req.waitPolicy?.lifecycleStage ?? '');
    if (!/ACCEPTED|COMPLETED/.test(stage)) return this.waitUpdate(exec, u, 'now', deadline, ctx);
    return this.waitUpdate(exec, u, stage, deadline, ctx);
  }

  private async waitUpdate(
    exec: Execution,
    u: UpdateState,
    wanted: string,
    deadline: number,
    ctx: { isCancelled(): boolean },
  ): Promise<Msg> {
    const want = wanted === 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED' ? 'completed' : 'accepted';
    const reached = (): boolean =>
      wanted === 'now' || u.stage === 'completed' || (want === 'accepted' && u.stage === 'accepted');
    const limit = Math.min(Math.max(deadline - Date.now() - 1000, 100), 20_000);
    if (!reached() && this.core.running(exec)) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, limit);
        function done(): void {
          clearTimeout(t);
          u.waiters.delete(done);
          resolve();
        }
        u.waiters.add(done);
      });
    }
    if (ctx.isCancelled()) return {};
    if (u.stage === 'admitted' && !this.core.running(exec)) throw workflowCompleted();
    const stage = u.stage === 'completed' ? 'COMPLETED' : u.stage === 'accepted' ? 'ACCEPTED' : 'ADMITTED';
    return {
      updateRef: { workflowExecution: { workflowId: exec.workflowId, runId: exec.runId }, updateId: u.id },
      outcome: u.outcome,
      stage: `UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_${stage}`,
    };
  }

  private wakeUpdate(u: UpdateState): void {
    for (const w of [...u.waiters]) w();
  }

  handleProtocolMessage(exec: Execution, m: Msg, completedId: number): void {
    void completedId;
    const body = unpackAny(m.body);
    if (!body) return;
    const u = exec.updates.get(String(m.protocolInstanceId));
    if (!u) return;
    const v = body.value;
    switch (body.typeName) {
      case 'temporal.api.update.v1.Acceptance':
        if (u.stage !== 'admitted') return;
        u.stage = 'accepted';
        u.acceptedEventId = this.core.append(exec, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', {
          protocolInstanceId: u.id,
          acceptedRequestMessageId: v.acceptedRequestMessageId,
          acceptedRequestSequencingEventId: v.acceptedRequestSequencingEventId,
          acceptedRequest: v.acceptedRequest ?? u.request,
        });
        this.wakeUpdate(u);
        return;
      case 'temporal.api.update.v1.Rejection':
        if (u.stage !== 'admitted') return;
        u.stage = 'completed';
        u.outcome = { failure: v.failure };
        exec.updates.delete(u.id); // a rejected update leaves no trace
        this.wakeUpdate(u);
        return;
      case 'temporal.api.update.v1.Response':
        if (u.stage === 'completed') return;
        if (u.stage === 'admitted') {
          u.acceptedEventId = this.core.append(exec, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', {
            protocolInstanceId: u.id,
            acceptedRequestMessageId: `${u.id}/request`,
            acceptedRequest: u.request,
          });
        }
        u.stage = 'completed';
        u.outcome = v.outcome;
        this.core.append(exec, 'WORKFLOW_EXECUTION_UPDATE_COMPLETED', {
          meta: v.meta ?? { updateId: u.id },
          acceptedEventId: u.acceptedEventId,
          outcome: v.outcome,
        });
        this.wakeUpdate(u);
        return;
      default:
        return;
    }
  }
}
