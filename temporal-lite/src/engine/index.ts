// The history engine: executions, their event histories, workflow/activity task dispatch, timers and messages.
// A facade over the sections in this folder (one file each, see temporal-lite/README.md): it builds them on one
// shared core, hands each the peers it names, and keeps the public methods services.ts and the tests call.
import type { ServerClock } from '../clock';
import type { Msg } from '../proto';
import type { LogStore } from '../storage/log-store';
import type { Execution } from '../types';
import { Activities } from './activities';
import { Children } from './children';
import { Commands } from './commands';
import { EngineCore } from './core';
import type { PollContext } from './core';
import { Durability } from './durability';
import { History } from './history';
import { Lifecycle } from './lifecycle';
import { Queries } from './queries';
import { SearchAttributes } from './search-attributes';
import { Starter } from './start';
import type { StartExtra } from './start';
import { Timers } from './timers';
import { Updates } from './updates';
import { WorkflowTasks } from './workflow-tasks';

export type { PollContext } from './core';
export { STATUS_OF } from './history';

/** Every section, so that each can be handed the ones it names as peers (built before any is called). */
interface Sections {
  durability: Durability;
  starter: Starter;
  workflowTasks: WorkflowTasks;
  commands: Commands;
  timers: Timers;
  searchAttributes: SearchAttributes;
  activities: Activities;
  lifecycle: Lifecycle;
  children: Children;
  queries: Queries;
  updates: Updates;
  history: History;
}

export class Engine {
  private readonly core: EngineCore;
  private readonly durability: Durability;
  private readonly starter: Starter;
  private readonly workflowTasks: WorkflowTasks;
  private readonly activities: Activities;
  private readonly lifecycle: Lifecycle;
  private readonly queries: Queries;
  private readonly updates: Updates;
  private readonly history: History;
  private readonly searchAttributes: SearchAttributes;

  constructor(
    readonly clock: ServerClock,
    readonly namespace: string,
  ) {
    const s = {} as Sections;
    const core = new EngineCore(
      clock,
      namespace,
      {
        workflowTask: (t) => s.workflowTasks.workflowTaskLive(t),
        activityTask: (t) => s.activities.activityTaskLive(t),
      },
      {
        touch: (exec) => s.durability.touch(exec),
        touchAny: () => s.durability.touchAny(),
        forget: (exec) => s.durability.forget(exec),
      },
    );
    s.durability = new Durability(core, s);
    s.starter = new Starter(core, s);
    s.workflowTasks = new WorkflowTasks(core, s);
    s.commands = new Commands(core, s);
    s.timers = new Timers(core, s);
    s.searchAttributes = new SearchAttributes();
    s.activities = new Activities(core, s);
    s.lifecycle = new Lifecycle(core, s);
    s.children = new Children(core, s);
    s.queries = new Queries(core);
    s.updates = new Updates(core, s);
    s.history = new History(core);
    this.core = core;
    ({
      durability: this.durability,
      starter: this.starter,
      workflowTasks: this.workflowTasks,
      activities: this.activities,
      lifecycle: this.lifecycle,
      queries: this.queries,
      updates: this.updates,
      history: this.history,
      searchAttributes: this.searchAttributes,
    } = s);
  }

  /** Closed runs are removed this long after they close. */
  get retentionMs(): number {
    return this.core.retentionMs;
  }
  set retentionMs(ms: number) {
    this.core.retentionMs = ms;
  }

  /** Hand activities the worker asked to run eagerly back in RespondWorkflowTaskCompleted (a real server's
   * `system.enableActivityEagerExecution`, which the dev server turns on). */
  get eagerActivities(): boolean {
    return this.core.eagerActivities;
  }
  set eagerActivities(on: boolean) {
    this.core.eagerActivities = on;
  }

  checkNamespace(ns: string | undefined): void {
    return this.core.checkNamespace(ns);
  }

  allExecutions(): Iterable<Execution> {
    return this.core.allExecutions();
  }

  /** Resolves {workflowId, runId?}: an explicit run, or the latest run of the workflow id. */
  find(ns: string, execution: Msg | undefined): Execution {
    return this.core.find(ns, execution);
  }

  /** Resolves once every change made so far is on disk (group commit through the log store). */
  durable(): Promise<void> {
    return this.durability.durable();
  }

  /** Loads the log, rebuilds every run and re-arms timers and tasks, then compacts the log. */
  attachStore(store: LogStore): Promise<number> {
    return this.durability.attachStore(store);
  }

  /** Removes closed runs older than the retention period. */
  sweepRetention(): void {
    return this.core.sweepRetention();
  }

  startWorkflow(req: Msg, extra?: StartExtra): { exec: Execution; started: boolean } {
    return this.starter.startWorkflow(req, extra);
  }

  pollWorkflowTask(req: Msg, ctx: PollContext): Promise<Msg> {
    return this.workflowTasks.pollWorkflowTask(req, ctx);
  }

  respondWorkflowTaskFailed(req: Msg): Msg {
    return this.workflowTasks.respondWorkflowTaskFailed(req);
  }

  respondWorkflowTaskCompleted(req: Msg): Msg {
    return this.workflowTasks.respondWorkflowTaskCompleted(req);
  }

  pollActivityTask(req: Msg, ctx: PollContext): Promise<Msg> {
    return this.activities.pollActivityTask(req, ctx);
  }

  respondActivityCompleted(req: Msg, byId = false): Msg {
    return this.activities.respondActivityCompleted(req, byId);
  }

  respondActivityCanceled(req: Msg, byId = false): Msg {
    return this.activities.respondActivityCanceled(req, byId);
  }

  respondActivityFailed(req: Msg, byId = false): Msg {
    return this.activities.respondActivityFailed(req, byId);
  }

  recordHeartbeat(req: Msg, byId = false): Msg {
    return this.activities.recordHeartbeat(req, byId);
  }

  pauseActivity(req: Msg): Msg {
    return this.activities.pauseActivity(req);
  }

  unpauseActivity(req: Msg): Msg {
    return this.activities.unpauseActivity(req);
  }

  resetActivity(req: Msg): Msg {
    return this.activities.resetActivity(req);
  }

  signal(req: Msg): Msg {
    return this.lifecycle.signal(req);
  }

  signalWithStart(req: Msg): Msg {
    return this.lifecycle.signalWithStart(req);
  }

  requestCancel(req: Msg): Msg {
    return this.lifecycle.requestCancel(req);
  }

  terminateRequest(req: Msg): Msg {
    return this.lifecycle.terminateRequest(req);
  }

  terminate(
    exec: Execution,
    reason: string | undefined,
    details: Msg | undefined,
    identity: string | undefined,
  ): void {
    return this.lifecycle.terminate(exec, reason, details, identity);
  }

  query(req: Msg, ctx: { onCancel(fn: () => void): void }): Promise<Msg> {
    return this.queries.query(req, ctx);
  }

  respondQueryTaskCompleted(req: Msg): Msg {
    return this.queries.respondQueryTaskCompleted(req);
  }

  update(req: Msg, deadline: number, ctx: { isCancelled(): boolean }): Promise<Msg> {
    return this.updates.update(req, deadline, ctx);
  }

  /**
   * Update-with-start (the only multi-operation a real server accepts): start the workflow (or use the running one,
   * by its conflict policy) and admit the update in the same step, so the update rides the first workflow task.
   * Errors carry a MultiOperationExecutionFailure with one status per operation, the other one "aborted".
   */
  executeMultiOperation(req: Msg, deadline: number, ctx: { isCancelled(): boolean }): Promise<Msg> {
    return this.updates.executeMultiOperation(req, deadline, ctx);
  }

  pollUpdate(req: Msg, deadline: number, ctx: { isCancelled(): boolean }): Promise<Msg> {
    return this.updates.pollUpdate(req, deadline, ctx);
  }

  getHistory(req: Msg, ctx: { isCancelled(): boolean; waitMs: number }): Promise<Msg> {
    return this.history.getHistory(req, ctx);
  }

  describe(req: Msg): Msg {
    return this.history.describe(req);
  }

  executionInfo(exec: Execution): Msg {
    return this.history.executionInfo(exec);
  }

  shutdownWorker(req: Msg): Msg {
    return this.workflowTasks.shutdownWorker(req);
  }

  resetSticky(req: Msg): Msg {
    return this.workflowTasks.resetSticky(req);
  }

  /** For tests and stats. */
  stats(): { executions: number; open: number; inFlight: number } {
    return this.core.stats();
  }

  decodeSearchAttribute(p: Msg): unknown {
    return this.searchAttributes.decodeSearchAttribute(p);
  }

  shutdown(): void {
    this.core.shutdown();
    this.queries.rejectAll();
  }
}
