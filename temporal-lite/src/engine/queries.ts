// Queries: attached to a scheduled workflow task, deferred while one runs, or sent as a legacy query task.
import { randomUUID } from 'node:crypto';
import { failedPrecondition, invalidArgument, notFound, queryFailed } from '../errors';
import { ts } from '../proto';
import type { Msg } from '../proto';
import { readToken, token } from '../task-token';
import type { Execution, PendingQuery } from '../types';
import { STICKY_POLLER_UNAVAILABLE_MS } from './core';
import type { EngineCore } from './core';
import { STATUS_OF } from './history';

export class Queries {
  constructor(private readonly core: EngineCore) {}

  private queries = new Map<string, PendingQuery>();
  private queryTaken = new Set<string>();

  queryTaskLive(q: PendingQuery): boolean {
    return !q.done && !this.queryTaken.has(q.id);
  }

  query(req: Msg, ctx: { onCancel(fn: () => void): void }): Promise<Msg> {
    const exec = this.core.find(String(req.namespace || this.core.namespace), req.execution);
    if (req.queryRejectCondition === 'QUERY_REJECT_CONDITION_NOT_OPEN' && !this.core.running(exec)) {
      return Promise.resolve({ queryRejected: { status: STATUS_OF(exec.status) } });
    }
    if (
      req.queryRejectCondition === 'QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY' &&
      !['Running', 'Completed'].includes(exec.status)
    ) {
      return Promise.resolve({ queryRejected: { status: STATUS_OF(exec.status) } });
    }
    return new Promise<Msg>((resolve, reject) => {
      const q: PendingQuery = {
        id: randomUUID(),
        exec,
        query: req.query,
        done: false,
        resolve,
        reject,
      };
      this.queries.set(q.id, q);
      ctx.onCancel(() => {
        q.done = true;
        this.queries.delete(q.id);
      });
      const wft = exec.wft;
      if (this.core.running(exec) && wft && !wft.startedEventId) wft.queries.set(q.id, q);
      else if (this.core.running(exec) && wft) exec.deferredQueries.push(q);
      else this.offerLegacyQuery(q);
    });
  }

  startQueryTask(q: PendingQuery, fromSticky: boolean): Msg | undefined {
    if (q.done || this.queryTaken.has(q.id)) return undefined;
    this.queryTaken.add(q.id);
    const exec = q.exec;
    const partial = fromSticky && !!exec.sticky && this.core.running(exec) && exec.lastCompletedStartedId > 0;
    const events = partial ? exec.history.slice(exec.lastCompletedStartedId) : exec.history;
    return {
      taskToken: token({ k: 'q', q: q.id }),
      workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
      workflowType: { name: exec.workflowType },
      previousStartedEventId: exec.lastCompletedStartedId,
      startedEventId: 0,
      attempt: 1,
      history: { events },
      query: q.query,
      workflowExecutionTaskQueue: { name: exec.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      scheduledTime: ts(this.core.clock.now()),
      startedTime: ts(this.core.clock.now()),
    };
  }

  offerLegacyQuery(q: PendingQuery): void {
    if (q.done) return;
    const exec = q.exec;
    if (exec.sticky && !this.core.wfQueues.polledWithin(exec.sticky.queue, STICKY_POLLER_UNAVAILABLE_MS))
      exec.sticky = undefined;
    const queue = this.core.running(exec) && exec.sticky ? exec.sticky.queue : exec.taskQueue;
    this.core.wfQueues.offer(queue, { kind: 'query', query: q });
    if (queue !== exec.taskQueue) {
      const timeout = exec.sticky?.timeoutMs ?? 5000;
      this.core.clock.after(timeout, () => {
        if (!q.done && !this.queryTaken.has(q.id))
          this.core.wfQueues.offer(exec.taskQueue, { kind: 'query', query: q });
      });
    }
  }

  dispatchDeferredQueries(exec: Execution): void {
    for (const q of exec.deferredQueries.splice(0)) this.offerLegacyQuery(q);
  }

  answerQuery(
    q: PendingQuery,
    resultType: string,
    answer: Msg | undefined,
    errorMessage: string | undefined,
    failure: Msg | undefined,
  ): void {
    if (q.done) return;
    q.done = true;
    this.queries.delete(q.id);
    this.queryTaken.delete(q.id);
    if (resultType === 'QUERY_RESULT_TYPE_ANSWERED') q.resolve({ queryResult: answer ?? { payloads: [] } });
    else q.reject(queryFailed(errorMessage || failure?.message || 'query failed', failure));
  }

  respondQueryTaskCompleted(req: Msg): Msg {
    const tok = readToken(req.taskToken);
    if (tok.k !== 'q') throw invalidArgument('Error deserializing task token');
    const q = this.queries.get(String(tok.q));
    if (!q) throw notFound('query task not found, or already expired');
    this.answerQuery(q, String(req.completedType), req.queryResult, req.errorMessage, req.failure);
    return {};
  }

  /** Server shutdown: every pending query fails. */
  rejectAll(): void {
    for (const q of this.queries.values()) q.reject(failedPrecondition('server shutting down'));
    this.queries.clear();
  }
}
