// temporal-lite: an in-process Temporal server speaking the WorkflowService and TestService gRPC APIs.
import * as grpc from '@grpc/grpc-js';
import { ServerClock } from './clock';
import { Engine } from './engine';
import { GrpcError } from './errors';
import { installFastDecompress } from './grpc-decompress';
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

const NO_ACK_WAIT = new Set(['PollWorkflowTaskQueue', 'PollActivityTaskQueue', 'DescribeWorkflowExecution', 'ListWorkflowExecutions', 'CountWorkflowExecutions', 'QueryWorkflow', 'GetSystemInfo', 'DescribeNamespace']);

function toServiceError(err: unknown): Partial<grpc.StatusObject> {
  if (err instanceof GrpcError) return err.toServiceError();
  const message = err instanceof Error ? err.message : String(err);
  console.error('temporal-lite: internal error', err);
  return { code: grpc.status.INTERNAL, details: message };
}

function register(server: grpc.Server, engine: Engine, retentionMs: number): void {
  for (const [serviceName, make] of SERVICES) {
    const service = root.lookupService(serviceName);
    const handlers = make(engine, retentionMs);
    for (const method of Object.values(service.methods)) {
      method.resolve();
      const reqType = method.resolvedRequestType!.fullName.replace(/^\./, '');
      const resType = method.resolvedResponseType!.fullName.replace(/^\./, '');
      const handler = handlers[method.name];
      const path = `/${serviceName}/${method.name}`;
      server.register<Msg, Buffer>(
        path,
        (call: grpc.ServerUnaryCall<Msg, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
          if (!handler) {
            callback({ code: grpc.status.UNIMPLEMENTED, details: `${method.name} is not implemented by temporal-lite` });
            return;
          }
          if ((call.request as Msg).__malformed) {
            callback({ code: grpc.status.INVALID_ARGUMENT, details: `malformed ${method.name} request` });
            return;
          }
          const cancelFns: Array<() => void> = [];
          call.on('cancelled', () => {
            for (const fn of cancelFns.splice(0)) fn();
          });
          const dl = call.getDeadline();
          const deadline = dl instanceof Date ? dl.getTime() : Number.isFinite(dl) && Number(dl) > 0 ? Number(dl) : Date.now() + 3_600_000;
          const ctx: CallContext = {
            deadline,
            waitMs: 0,
            isCancelled: () => call.cancelled,
            onCancel: (fn) => {
              if (call.cancelled) fn();
              else cancelFns.push(fn);
            },
          };
          const reply = (res: Msg): void => {
            if (call.cancelled) return;
            let buf: Buffer;
            try {
              buf = encodeResponse(resType, res);
            } catch (err) {
              callback(toServiceError(err));
              return;
            }
            // Acknowledge only once the call's effects are durable (a no-op without storage). Handing out a task
            // needs no wait: if the start is lost in a crash the task is dispatched again and the old token is refused.
            if (NO_ACK_WAIT.has(method.name)) {
              callback(null, buf);
              return;
            }
            engine.durable().then(
              () => callback(null, buf),
              (err: unknown) => callback({ code: grpc.status.UNAVAILABLE, details: `storage failure: ${String(err)}` }),
            );
          };
          // A refusal can still have effects (a workflow task failed as UnhandledCommand): it too waits for them.
          const refuse = (err: unknown): void => {
            const out = toServiceError(err);
            if (NO_ACK_WAIT.has(method.name)) callback(out);
            else engine.durable().then(() => callback(out), () => callback(out));
          };
          try {
            const out = handler(call.request, ctx);
            if (out instanceof Promise) out.then(reply, refuse);
            else reply(out);
          } catch (err) {
            refuse(err);
          }
        },
        (res: Buffer) => res,
        (buf: Buffer) => {
          try {
            return decode(reqType, buf);
          } catch {
            return { __malformed: true };
          }
        },
        'unary',
      );
    }
  }
}

export async function startTemporalLite(opts: TemporalLiteOptions): Promise<TemporalLite> {
  const host = opts.host ?? '127.0.0.1';

  const clock = new ServerClock(opts.timeMode, opts.startAt?.getTime());
  const engine = new Engine(clock, opts.namespace ?? 'default');
  const retentionMs = parseDuration(opts.retention ?? '30d');
  engine.retentionMs = retentionMs;
  engine.eagerActivities = opts.eagerActivities ?? true;
  installFastDecompress();
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    'grpc.max_send_message_length': 128 * 1024 * 1024,
  });
  const store = opts.storage ? await openLogStore({ dir: opts.storage.dir }) : undefined;
  if (store) await engine.attachStore(store);
  register(server, engine, retentionMs);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${opts.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
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
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(t);
          resolve();
        });
      });
    },
  };
}
