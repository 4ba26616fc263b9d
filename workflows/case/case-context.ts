// The state one run of a case holds, in one object the parts of the workflow share (instead of one closure).
import { CancellationScope, patched, workflowInfo } from '@temporalio/workflow';
import type { ReadModelOp } from '../../activities/case/case-activity.types';
import { type EngineState, type ProcessGraph, type Variables, initialState, snapshot } from '../../bpmn';
import { db } from './case-activities';
import type { CaseSubscription, CaseTaskView, CaseTimer, CaseView } from './case-messages';

export interface RunCaseInput {
  caseId: string;
  processKey: string;
  /** null/absent: the latest deployed version */
  processVersion?: number | null;
  businessKey: string;
  variables?: Variables;
  /** the compiled graph; loaded from process_definitions when absent */
  graph?: ProcessGraph;
  /** continue-as-new once the history holds this many events (the server's suggestion counts too) */
  historyEventLimit?: number;
  /** open user tasks the case may hold at once (MAX_OPEN_TASKS_PER_CASE); absent: the engine's default */
  maxOpenTasks?: number;
  /** a top-level signal, message or timer start event to begin at instead of the none start event */
  startEvent?: string;
  /** who started the case when no user did (a timer start): the actor of its case-started history event */
  startedBy?: string;
  /** added to the data of the case-started history event (a timer start: its element and fire instant) */
  startData?: Variables;
  /** engine state and shell bookkeeping carried across continue-as-new */
  carried?: CarriedCaseState;
}

export type CaseTask = CaseTaskView & { decisions?: string[] };

export interface CarriedCaseState {
  engine: EngineState;
  tasks: Record<string, CaseTask>;
  timers: Record<string, CaseTimer>;
  subscriptions: Record<string, CaseSubscription>;
  historySeq: number;
  calendarProvisional: boolean;
  run: number;
  /** the case checks what completions write (patch completion-writes-checked); absent: it never did */
  checkWrites?: boolean;
}

export interface RunCaseResult {
  caseId: string;
  status: 'completed' | 'terminated';
  variables: Variables;
}

/** The workflow function itself (started again for call activities and by continue-as-new). */
export type CaseWorkflow = (input: RunCaseInput) => Promise<RunCaseResult>;

/** A task whose due date was computed through a year without calendar data, and how to compute it again. */
export interface DueTracked {
  provisionalDue?: { value: string; calendar: 'cn-workday' | 'calendar-day' | undefined; from: string };
}

/** One run of one case: what it runs, and the mutable state its parts share. */
export interface CaseContext {
  readonly input: RunCaseInput;
  readonly wid: string;
  /** the workflow's root scope: every element's scope hangs under it */
  readonly root: CancellationScope;
  readonly graph: ProcessGraph;
  readonly version: number;
  /** a completion writes only its step's form fields / rf:writes (+ decision, comment) */
  readonly checkWrites: boolean;
  readonly carried: CarriedCaseState | undefined;
  readonly run: number;
  engine: EngineState;
  readonly tasks: Record<string, CaseTask>;
  readonly timers: Record<string, CaseTimer>;
  readonly subscriptions: Record<string, CaseSubscription>;
  historySeq: number;
  calendarProvisional: boolean;
  /** a failure the engine cannot represent (a deadline that cannot be computed) */
  shellIncident: string | null;
  /** the cancellation scope of each running timer, service task and called case, by element-instance key */
  readonly scopes: Map<string, CancellationScope>;
  /** service tasks and called cases running */
  inFlight: number;
  /** signal broadcasts (throw and end events) still running: the case ends only after them */
  signalBroadcasts?: number;
  /** a fresh run continues as new only after it has moved: a carried history never loops */
  stepsThisRun: number;
  /** set while a message with a usable `at` is applied: its transition counts from that instant */
  instant: string | null;
  /** set while a message is applied: who sent it and what it carried, for its history events */
  messageInHistory: { sender: string | null; variables: Variables } | null;
}

/** Loads the definition when the input does not carry it, and sets up the run (fresh or carried). */
export async function openCase(input: RunCaseInput): Promise<CaseContext> {
  const info = workflowInfo();
  const wid = info.workflowId;
  const root = CancellationScope.current();
  const carried = input.carried;

  let graph = input.graph;
  let processVersion = input.processVersion ?? null;
  if (!graph || processVersion === null) {
    const def = await db.loadDefinition({ key: input.processKey, version: processVersion });
    graph ??= def.graph as ProcessGraph;
    processVersion = def.version;
  }
  const version = processVersion;
  const caseGraph: ProcessGraph = graph;
  // A completion writes only its step's form fields / rf:writes (+ decision, comment); older histories wrote anything.
  // a continued run keeps its case's rule, so a case from before the rule never starts refusing after continue-as-new
  const checkWrites = carried ? carried.checkWrites === true : patched('completion-writes-checked');

  return {
    input,
    wid,
    root,
    graph: caseGraph,
    version,
    checkWrites,
    carried,
    engine: carried?.engine ?? initialState(caseGraph),
    tasks: carried?.tasks ?? {},
    timers: carried?.timers ?? {},
    subscriptions: carried?.subscriptions ?? {},
    historySeq: carried?.historySeq ?? 0,
    calendarProvisional: carried?.calendarProvisional ?? false,
    run: (carried?.run ?? 0) + 1,
    shellIncident: null,
    scopes: new Map<string, CancellationScope>(),
    inFlight: 0,
    stepsThisRun: 0,
    instant: null,
    messageInHistory: null,
  };
}

/** The instant a transition counts from: a message's `at` while it is applied, else the workflow's clock. */
export function now(ctx: CaseContext): string {
  return ctx.instant ?? new Date(Date.now()).toISOString();
}

function caseStatus(ctx: CaseContext): CaseView['status'] {
  if (ctx.engine.status === 'new') return 'active';
  if (ctx.engine.status === 'active' && ctx.shellIncident) return 'failed';
  return ctx.engine.status;
}

function failureReason(ctx: CaseContext): string | null {
  const first = Object.values(ctx.engine.incidents)[0];
  if (first) return `${first.elementId}: ${first.reason}`;
  return ctx.shellIncident;
}

export function caseView(ctx: CaseContext): CaseView {
  const snap = snapshot(ctx.engine);
  return {
    id: ctx.input.caseId,
    processKey: ctx.input.processKey,
    version: ctx.version,
    businessKey: ctx.input.businessKey,
    status: caseStatus(ctx),
    activeElements: snap.activeElements,
    variables: snap.variables,
    calendarProvisional: ctx.calendarProvisional,
    failureReason: caseStatus(ctx) === 'failed' ? failureReason(ctx) : null,
    outcome: snap.outcome ?? null,
  };
}

/** The case snapshot every step ends with. */
export function syncOp(ctx: CaseContext): ReadModelOp {
  const v = caseView(ctx);
  return {
    kind: 'syncCase',
    status: v.status,
    activeElements: v.activeElements,
    variables: v.variables,
    calendarProvisional: v.calendarProvisional,
    failureReason: v.failureReason,
    ...(v.outcome !== null ? { outcome: v.outcome } : {}),
    at: now(ctx),
  };
}

export function ended(ctx: CaseContext): boolean {
  return ctx.engine.status === 'completed' || ctx.engine.status === 'terminated';
}
