// temporal-lite: an in-process Temporal server speaking the WorkflowService and TestService gRPC APIs.
import { status } from '@grpc/grpc-js';
import { ServerClock } from './clock';
import { Engine } from './engine';
import { GrpcError } from './errors';
import type { GrpcStatus, UnaryHandler } from './grpc-server';
import { startGrpcServer } from './grpc-server';
import { openLogStore } from './storage/log-store';
import type { Msg } from './proto';
import { decode, encodeResponse, parseDuration, root } from './proto';
import type { CallContext, Handler } from './services';
import { testServiceHandlers, workflowServiceHandlers } from './services';

export interface TemporalLiteOptions {
  port?: number;
  host?: string;
  namespace?: string;
  timeMode: 'realtime' | 'skip';
  storage?: { dir: string };
  retention?: string;
  /** Server time at start (default: wall time); it then runs forward from there. */
  startAt?: Date;
  /** Answer `request_eager_execution` with the activity task in the workflow task's response (default true, as
   * the dev server does; false behaves like a server with `system.enableActivityEagerExecution` off). */
  eagerActivities?: boolean;
}

export interface TemporalLite {
  address: string;
  clock: { now(): Date; advance(duration: string | number): Promise<Date> };
  shutdown(): Promise<void>;
}

const SERVICES: Array<[string, (engine: Engine, retentionMs: number) => Record<string, Handler>]> = [
  ['temporal.api.workflowservice.v1.WorkflowService', workflowServiceHandlers],
  ['temporal.api.testservice.v1.TestService', (engine) => testServiceHandlers(engine)],
];

const NO_ACK_WAIT = new Set([
  'PollWorkflowTaskQueue',
  'PollActivityTaskQueue',
  'DescribeWorkflowExecution',
  'ListWorkflowExecutions',
  'CountWorkflowExecutions',
  'QueryWorkflow',
  'GetSystemInfo',
  'DescribeNamespace',
]);

function toStatus(err: unknown): GrpcStatus {
  if (err instanceof GrpcError) return err.toStatus();
  const message = err instanceof Error ? err.message : String(err);
  console.error('temporal-lite: internal error', err);
  return { code: status.INTERNAL, message };
}

function handlers(engine: Engine, retentionMs: number): Map<string, UnaryHandler> {
  const out = new Map<string, UnaryHandler>();
  for (const [serviceName, make] of SERVICES) {
    const service = root.lookupService(serviceName);
    const impl = make(engine, retentionMs);
    for (const method of Object.values(service.methods)) {
      method.resolve();
      const reqType = method.resolvedRequestType!.fullName.replace(/^\./, '');
      const resType = method.resolvedResponseType!.fullName.replace(/^\./, '');
      const handler = impl[method.name];
      const noAckWait = NO_ACK_WAIT.has(method.name);
      out.set(`/${serviceName}/${method.name}`, (call) => {
        if (!handler) {
          call.fail({
            code: status.UNIMPLEMENTED,
            message: `${method.name} is not implemented by temporal-lite`,
          });
          return;
        }
        let request: Msg;
        try {
          request = decode(reqType, call.request);
        } catch {
          // grpc-go answers a request it cannot unmarshal with INTERNAL
          call.fail({
            code: status.INTERNAL,
            message: `grpc: error unmarshalling request: malformed ${method.name}`,
          });
          return;
        }
        const ctx: CallContext = {
          deadline: call.deadline,
          waitMs: 0,
          isCancelled: () => call.closed,
          onCancel: (fn) => call.onCancel(fn),
        };
        const reply = (res: Msg): void => {
          if (call.closed) return;
          let buf: Buffer;
          try {
            buf = encodeResponse(resType, res);
          } catch (err) {
            call.fail(toStatus(err));
            return;
          }
          // Acknowledge only once the call's effects are durable (a no-op without storage). Handing out a task
          // needs no wait: if the start is lost in a crash the task is dispatched again and the old token is refused.
          if (noAckWait) {
            call.ok(buf);
            return;
          }
          engine.durable().then(
            () => call.ok(buf),
            (err: unknown) =>
              call.fail({ code: status.UNAVAILABLE, message: `storage failure: ${String(err)}` }),
          );
        };
        // A refusal can still have effects (a workflow task failed as UnhandledCommand): it too waits for them.
        const refuse = (err: unknown): void => {
          const out = toStatus(err);
          if (noAckWait) call.fail(out);
          else
            engine.durable().then(
              () => call.fail(out),
              () => call.fail(out),
            );
        };
        try {
          const res = handler(request, ctx);
          if (res instanceof Promise) res.then(reply, refuse);
          else reply(res);
        } catch (err) {
          refuse(err);
        }
      });
    }
  }
  return out;
}

export async function startTemporalLite(opts: TemporalLiteOptions): Promise<TemporalLite> {
  const host = opts.host ?? '127.0.0.1';

  const clock = new ServerClock(opts.timeMode, opts.startAt?.getTime());
  const engine = new Engine(clock, opts.namespace ?? 'default');
  const retentionMs = parseDuration(opts.retention ?? '30d');
  engine.retentionMs = retentionMs;
  engine.eagerActivities = opts.eagerActivities ?? true;
  const store = opts.storage ? await openLogStore({ dir: opts.storage.dir }) : undefined;
  if (store) await engine.attachStore(store);
  const server = await startGrpcServer({
    host,
    port: opts.port ?? 0,
    maxMessageBytes: 128 * 1024 * 1024,
    handlers: handlers(engine, retentionMs),
    unknown: (path) => ({ code: status.UNIMPLEMENTED, message: `unknown method ${path}` }),
  });
  const port = server.port;
  const sweeper = setInterval(() => engine.sweepRetention(), 30_000);
  sweeper.unref();
  let stopped = false;
  return {
    address: `${host}:${port}`,
    clock: {
      now: () => new Date(clock.now()),
      advance: async (d) => {
        await clock.advanceStepwise(parseDuration(d));
        engine.sweepRetention();
        return new Date(clock.now());
      },
    },
    shutdown: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(sweeper);
      engine.shutdown();
      clock.stop();
      if (store) {
        await engine.durable().catch(() => undefined);
        await store.close();
      }
      await server.close(2000);
    },
  };
}
