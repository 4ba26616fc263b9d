// The engine's shared state: every run (by run id and by workflow id), history appends, the two task-queue
// matchers, long polls, the in-flight count time skipping waits on, retention. Each section of the engine
// (engine/*.ts) works on this core; what a section needs from another it names in its own `…Peers` interface.
import { invalidArgument, notFound } from '../errors';
import type { Msg } from '../proto';
import { ts } from '../proto';
import type { ServerClock } from '../clock';
import { TaskQueues } from '../task-queues';
import type { Poller } from '../task-queues';
import type { ActivityTask, Execution, WorkflowTask } from '../types';

export interface PollContext {
  isCancelled(): boolean;
  onCancel(fn: () => void): void;
  /** Milliseconds (real time) until the poll should be answered empty. */
  waitMs: number;
}

// Placeholders in deferred events, resolved when the events are written.
export const LINK_ACTIVITY_STARTED = -1;
export const LINK_CHILD_STARTED = -2;

// A real server's matching treats a sticky queue without a poll for this long (wall time) as a dead worker's.
export const STICKY_POLLER_UNAVAILABLE_MS = 10_000;

// Called for every appended event and command; the set of kinds is small, so the regex runs once per kind.
const attrKeys = new Map<string, string>();
export function attrKey(kind: string, suffix: string): string {
  const k = `${kind}|${suffix}`;
  let key = attrKeys.get(k);
  if (key === undefined) {
    key = `${kind.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}${suffix}`;
    attrKeys.set(k, key);
  }
  return key;
}

/** Where changes to runs are reported for the log (engine/durability.ts; a no-op until a store is attached). */
export interface RunLog {
  touch(exec: Execution): void;
  touchAny(): void;
  forget(exec: Execution): void;
}

/** Which queued tasks are still worth handing out (the sections that own them decide). */
export interface TaskLiveness {
  workflowTask(t: WorkflowTask): boolean;
  activityTask(t: ActivityTask): boolean;
}

export class EngineCore {
  constructor(
    readonly clock: ServerClock,
    readonly namespace: string,
    private readonly live: TaskLiveness,
    private readonly log: RunLog,
  ) {
    clock.inFlight = () => this.inFlightCount;
  }

  chains = new Map<string, Execution[]>(); // ns/workflowId -> runs, newest last
  runs = new Map<string, Execution>(); // runId -> execution
  taskSeq = 1;
  wfQueues = new TaskQueues<WorkflowTask>((t) => this.live.workflowTask(t));
  actQueues = new TaskQueues<ActivityTask>((t) => this.live.activityTask(t));
  openPolls = new Set<() => void>();
  inFlightCount = 0;
  closed = false;

  /** Closed runs are removed this long after they close. */
  retentionMs = 30 * 86_400_000;

  /** Hand activities the worker asked to run eagerly back in RespondWorkflowTaskCompleted (a real server's
   * `system.enableActivityEagerExecution`, which the dev server turns on). */
  eagerActivities = true;

  key(ns: string, workflowId: string): string {
    return `${ns}/${workflowId}`;
  }

  checkNamespace(ns: string | undefined): void {
    if ((ns || this.namespace) !== this.namespace) {
      throw Object.assign(notFound(`Namespace ${ns} is not found.`), {});
    }
  }

  allExecutions(): Iterable<Execution> {
    return this.runs.values();
  }

  current(ns: string, workflowId: string): Execution | undefined {
    const chain = this.chains.get(this.key(ns, workflowId));
    return chain?.[chain.length - 1];
  }

  /** Resolves {workflowId, runId?}: an explicit run, or the latest run of the workflow id. */
  find(ns: string, execution: Msg | undefined): Execution {
    const workflowId = String(execution?.workflowId ?? '');
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    const runId = execution?.runId ? String(execution.runId) : '';
    const exec = runId ? this.runs.get(runId) : this.current(ns, workflowId);
    if (!exec || exec.workflowId !== workflowId || exec.ns !== ns) {
      throw notFound(`workflow not found for ID: ${workflowId}`);
    }
    return exec;
  }

  /** `userMetadata` (summary/details of a start or a command) belongs to the event, not to its attributes. */
  append(exec: Execution, kind: string, attrs: Msg, userMetadata?: Msg): number {
    this.touch(exec);
    const eventId = exec.history.length + 1;
    exec.history.push({
      eventId,
      eventTime: ts(this.clock.now()),
      eventType: `EVENT_TYPE_${kind}`,
      taskId: this.taskSeq++,
      ...(userMetadata ? { userMetadata } : {}),
      [attrKey(kind, 'EventAttributes')]: attrs,
    });
    if (exec.watchers.size) {
      const ws = [...exec.watchers];
      exec.watchers.clear();
      for (const w of ws) w();
    }
    return eventId;
  }

  running(exec: Execution): boolean {
    return exec.status === 'Running';
  }

  setInFlight(delta: number): void {
    this.inFlightCount += delta;
    if (delta < 0) this.clock.requestSkipCheck();
  }

  longPoll<T>(
    queues: TaskQueues<T>,
    queue: string,
    ctx: PollContext,
    start: (t: T) => Msg | undefined,
  ): Promise<Msg> {
    return new Promise<Msg>((resolve) => {
      if (this.closed) return resolve({});
      for (;;) {
        const t = queues.take(queue);
        if (t === undefined) break;
        const resp = start(t);
        if (resp) return resolve(resp);
      }
      let done = false;
      const finish = (m: Msg | undefined): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.openPolls.delete(release);
        queues.removePoller(queue, poller);
        if (m) resolve(m);
      };
      const release = (): void => finish({});
      const poller: Poller<T> = {
        take: (task) => {
          if (done || ctx.isCancelled()) return false;
          const resp = start(task);
          if (!resp) return false;
          finish(resp);
          return true;
        },
      };
      queues.addPoller(queue, poller);
      this.openPolls.add(release);
      const timer = setTimeout(release, Math.max(ctx.waitMs, 0));
      ctx.onCancel(() => finish(undefined));
    });
  }

  // Retention is swept, not timed: a far-off deadline must never be a target for time skipping.
  /** Removes closed runs older than the retention period. */
  sweepRetention(): void {
    const cutoff = this.clock.now() - this.retentionMs;
    for (const exec of [...this.runs.values()]) {
      if (!this.running(exec) && exec.closeTime <= cutoff) this.removeRun(exec);
    }
  }

  removeRun(exec: Execution): void {
    if (this.runs.get(exec.runId) !== exec || this.running(exec)) return;
    this.runs.delete(exec.runId);
    const k = this.key(exec.ns, exec.workflowId);
    const chain = (this.chains.get(k) ?? []).filter((e) => e !== exec);
    if (chain.length) this.chains.set(k, chain);
    else this.chains.delete(k);
    this.log.forget(exec);
  }

  /** For tests and stats. */
  stats(): { executions: number; open: number; inFlight: number } {
    let open = 0;
    for (const e of this.runs.values()) if (e.status === 'Running') open++;
    return { executions: this.runs.size, open, inFlight: this.inFlightCount };
  }

  touch(exec: Execution): void {
    this.log.touch(exec);
  }

  touchAny(): void {
    this.log.touchAny();
  }

  /** Stops handing out tasks and answers every open long poll empty. */
  shutdown(): void {
    this.closed = true;
    for (const release of [...this.openPolls]) release();
  }
}
