// RPC handlers: one function per WorkflowService / TestService method, over plain decoded messages.
import { status } from '@grpc/grpc-js';
import type { Engine, PollContext } from './engine';
import { GrpcError, invalidArgument, namespaceNotFound } from './errors';
import type { Msg } from './proto';
import { dur, durMs, ts } from './proto';
import type { Execution } from './types';
import { compileQuery, QueryError, toRecord } from './visibility-adapter';

export interface CallContext extends PollContext {
  deadline: number; // epoch ms (real time)
}

export type Handler = (req: Msg, ctx: CallContext) => Msg | Promise<Msg>;

const POLL_MAX_MS = 60_000;

export function workflowServiceHandlers(engine: Engine, retentionMs: number): Record<string, Handler> {
  const ns = (req: Msg): string => {
    const name = String(req.namespace ?? '');
    if (name !== engine.namespace) throw namespaceNotFound(name);
    return name;
  };
  const pollCtx = (ctx: CallContext): CallContext => ({
    ...ctx,
    waitMs: Math.min(POLL_MAX_MS, ctx.deadline - Date.now() - 2000),
  });

  const list = (req: Msg, allowGroupBy = false): { execs: Execution[]; groupBy: string[] } => {
    ns(req);
    let compiled: ReturnType<typeof compileQuery>;
    try {
      compiled = compileQuery(String(req.query ?? ''), allowGroupBy);
    } catch (err) {
      if (err instanceof QueryError) throw invalidArgument(err.message);
      throw err;
    }
    const execs: Execution[] = [];
    for (const exec of engine.allExecutions()) {
      if (compiled.filter(toRecord(engine, exec))) execs.push(exec);
    }
    return { execs, groupBy: compiled.groupBy };
  };

  return {
    GetSystemInfo: () => ({
      serverVersion: '1.27.0-temporal-lite',
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        supportsSchedules: false,
        encodedFailureAttributes: true,
        buildIdBasedVersioning: false,
        upsertMemo: true,
        eagerWorkflowStart: false,
        sdkMetadata: true,
        countGroupByExecutionStatus: false,
        nexus: false,
      },
    }),
    GetClusterInfo: () => ({
      supportedClients: {},
      serverVersion: '1.27.0-temporal-lite',
      clusterId: 'temporal-lite',
      clusterName: 'temporal-lite',
      historyShardCount: 1,
      persistenceStore: 'memory',
      visibilityStore: 'memory',
    }),
    DescribeNamespace: (req) => {
      const name = String(req.namespace ?? '');
      if (name !== engine.namespace && req.id !== engine.namespace) throw namespaceNotFound(name);
      return {
        namespaceInfo: {
          name: engine.namespace,
          state: 'NAMESPACE_STATE_REGISTERED',
          id: engine.namespace,
          description: 'temporal-lite',
          capabilities: { eagerWorkflowStart: false, syncUpdate: true, asyncUpdate: true },
        },
        config: {
          workflowExecutionRetentionTtl: dur(retentionMs),
          historyArchivalState: 'ARCHIVAL_STATE_DISABLED',
          visibilityArchivalState: 'ARCHIVAL_STATE_DISABLED',
        },
        replicationConfig: {
          activeClusterName: 'active',
          clusters: [{ clusterName: 'active' }],
          state: 'REPLICATION_STATE_NORMAL',
        },
        isGlobalNamespace: false,
      };
    },
    ListNamespaces: () => ({
      namespaces: [
        {
          namespaceInfo: {
            name: engine.namespace,
            state: 'NAMESPACE_STATE_REGISTERED',
            id: engine.namespace,
          },
          config: { workflowExecutionRetentionTtl: dur(retentionMs) },
        },
      ],
    }),
    GetSearchAttributes: () => ({
      keys: {
        WorkflowType: 'INDEXED_VALUE_TYPE_KEYWORD',
        WorkflowId: 'INDEXED_VALUE_TYPE_KEYWORD',
        ExecutionStatus: 'INDEXED_VALUE_TYPE_KEYWORD',
        StartTime: 'INDEXED_VALUE_TYPE_DATETIME',
        CloseTime: 'INDEXED_VALUE_TYPE_DATETIME',
      },
    }),
    StartWorkflowExecution: (req) => {
      ns(req);
      const { exec, started } = engine.startWorkflow(req);
      return {
        runId: exec.runId,
        started,
        status: started ? 'WORKFLOW_EXECUTION_STATUS_RUNNING' : undefined,
      };
    },
    SignalWithStartWorkflowExecution: (req) => {
      ns(req);
      return engine.signalWithStart(req);
    },
    SignalWorkflowExecution: (req) => {
      ns(req);
      return engine.signal(req);
    },
    RequestCancelWorkflowExecution: (req) => {
      ns(req);
      return engine.requestCancel(req);
    },
    TerminateWorkflowExecution: (req) => {
      ns(req);
      return engine.terminateRequest(req);
    },
    PollWorkflowTaskQueue: (req, ctx) => {
      ns(req);
      return engine.pollWorkflowTask(req, pollCtx(ctx));
    },
    RespondWorkflowTaskCompleted: (req) => engine.respondWorkflowTaskCompleted(req),
    RespondWorkflowTaskFailed: (req) => engine.respondWorkflowTaskFailed(req),
    PollActivityTaskQueue: (req, ctx) => {
      ns(req);
      return engine.pollActivityTask(req, pollCtx(ctx));
    },
    RespondActivityTaskCompleted: (req) => engine.respondActivityCompleted(req),
    RespondActivityTaskCompletedById: (req) => (ns(req), engine.respondActivityCompleted(req, true)),
    RespondActivityTaskFailed: (req) => engine.respondActivityFailed(req),
    RespondActivityTaskFailedById: (req) => (ns(req), engine.respondActivityFailed(req, true)),
    RespondActivityTaskCanceled: (req) => engine.respondActivityCanceled(req),
    RespondActivityTaskCanceledById: (req) => (ns(req), engine.respondActivityCanceled(req, true)),
    RecordActivityTaskHeartbeat: (req) => engine.recordHeartbeat(req),
    RecordActivityTaskHeartbeatById: (req) => (ns(req), engine.recordHeartbeat(req, true)),
    PauseActivity: (req) => (ns(req), engine.pauseActivity(req)),
    UnpauseActivity: (req) => (ns(req), engine.unpauseActivity(req)),
    ResetActivity: (req) => (ns(req), engine.resetActivity(req)),
    RespondQueryTaskCompleted: (req) => engine.respondQueryTaskCompleted(req),
    QueryWorkflow: (req, ctx) => {
      ns(req);
      if (!req.query?.queryType) throw invalidArgument('QueryType is not set on request.');
      return engine.query(req, ctx);
    },
    UpdateWorkflowExecution: (req, ctx) => {
      ns(req);
      return engine.update(req, ctx.deadline, ctx);
    },
    ExecuteMultiOperation: (req, ctx) => {
      ns(req);
      return engine.executeMultiOperation(req, ctx.deadline, ctx);
    },
    PollWorkflowExecutionUpdate: (req, ctx) => {
      ns(req);
      return engine.pollUpdate(req, ctx.deadline, ctx);
    },
    GetWorkflowExecutionHistory: (req, ctx) => {
      ns(req);
      return engine.getHistory(req, pollCtx(ctx));
    },
    DescribeWorkflowExecution: (req) => {
      ns(req);
      return engine.describe(req);
    },
    ListWorkflowExecutions: (req) => {
      const all = list(req).execs.sort((a, b) => b.startTime - a.startTime);
      const offset = req.nextPageToken?.length
        ? Number(Buffer.from(req.nextPageToken as Uint8Array).toString())
        : 0;
      const size = Number(req.pageSize) > 0 ? Number(req.pageSize) : 1000;
      const page = all.slice(offset, offset + size);
      const next = offset + page.length;
      return {
        executions: page.map((e) => engine.executionInfo(e)),
        nextPageToken: next < all.length ? Buffer.from(String(next)) : undefined,
      };
    },
    CountWorkflowExecutions: (req) => {
      const { execs, groupBy } = list(req, true);
      if (!groupBy.length) return { count: execs.length };
      const counts = new Map<string, number>();
      for (const e of execs) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
      return {
        count: execs.length,
        groups: [...counts].map(([s, count]) => ({
          groupValues: [
            { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(s)) },
          ],
          count,
        })),
      };
    },
    ShutdownWorker: (req) => {
      ns(req);
      return engine.shutdownWorker(req);
    },
    ResetStickyTaskQueue: (req) => {
      ns(req);
      return engine.resetSticky(req);
    },
    DescribeTaskQueue: (req) => {
      ns(req);
      return { pollers: [] };
    },
    RecordWorkerHeartbeat: () => ({}),
    UpdateWorkflowExecutionOptions: () => {
      throw new GrpcError(
        status.UNIMPLEMENTED,
        'UpdateWorkflowExecutionOptions is not supported by temporal-lite',
      );
    },
  };
}

export function testServiceHandlers(engine: Engine): Record<string, Handler> {
  const clock = engine.clock;
  const sleepUntil = (at: number): Promise<Msg> =>
    new Promise<Msg>((resolve) => {
      clock.schedule(at, () => resolve({}));
    });
  return {
    LockTimeSkipping: () => {
      clock.lock();
      return {};
    },
    UnlockTimeSkipping: () => {
      clock.unlock();
      return {};
    },
    GetCurrentTime: () => ({ time: ts(clock.now()) }),
    Sleep: (req) => sleepUntil(clock.now() + durMs(req.duration)),
    SleepUntil: (req) => sleepUntil(durMs(req.timestamp)),
    UnlockTimeSkippingWithSleep: async (req) => {
      const at = clock.now() + durMs(req.duration);
      if (clock.mode === 'realtime') {
        // Realtime servers have no skipping lock; the call moves the offset, firing due timers in order.
        await clock.advanceStepwise(at - clock.now());
        engine.sweepRetention();
        return {};
      }
      clock.unlock();
      try {
        return await sleepUntil(at);
      } finally {
        clock.lock();
        engine.sweepRetention();
      }
    },
  };
}
