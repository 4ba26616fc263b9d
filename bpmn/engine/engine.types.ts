// Interface of the pure interpreter: state, events in, effects out. Everything here is JSON-serialisable.
import type { ActivityNode, FlowNode, ProcessGraph, TimerSpecDef } from '../graph.types';
import type { Modification, ModificationRefusal } from './modification';

export type Variables = Record<string, unknown>;

/** A resolved timer the shell must arm: it computes the deadline (calendar) and fires timerFired(key). */
export interface TimerSpec {
  kind: 'duration' | 'date';
  value: string;
  calendar?: 'cn-workday' | 'calendar-day';
  /** present for timeCycle repetitions: this timer is repetition `repetition` of `of` (null = unbounded) */
  cycle?: { expression: string; repetition: number; of: number | null };
}

export interface UserTaskInfo {
  name?: string;
  candidateGroups: string[];
  assignee?: string;
  dueDate?: string;
  dueIn?: string;
  calendar?: 'cn-workday' | 'calendar-day';
  decisions?: string[];
  distinctFrom: string[];
  excludeAffiliation?: string;
}

/** An element (or the process) running its execution listeners (execution-listeners.engine.ts). */
export interface ListenerProgress {
  eventType: 'start' | 'end';
  /** position among the element's listeners of this event type */
  index: number;
  /** key of the running listener job; absent while none runs (an expression failed) */
  jobKey?: string;
  /** end: the flows to take once the listeners are done */
  flows?: string[];
  /** process start: the start event to begin at once they are done */
  startAt?: string;
}

export type InstanceType = 'process' | 'element' | 'mi-body' | 'trigger' | 'join';

export interface Instance {
  key: string;
  elementId: string;
  /** key of the enclosing scope instance; null only for the process instance */
  parent: string | null;
  type: InstanceType;
  /** local variables (process, subprocesses, multi-instance bodies and inner instances, io-mapped tasks) */
  vars?: Variables;
  timer?: { spec: TimerSpec; remaining: number | null; dueAt?: string };
  sub?: { messageName: string; correlationKey: string };
  /** trigger: boundary event host instance */
  host?: string;
  /** trigger: owning event-based gateway instance */
  owner?: string;
  /** trigger of an event subprocess in scope `parent` */
  esp?: boolean;
  task?: UserTaskInfo;
  job?: { taskType: string; retries: number };
  arrivals?: Record<string, number>;
  mi?: { items: unknown[]; next: number };
  /** inner instance of a multi-instance body */
  inner?: boolean;
  incident?: string;
  dueAt?: string;
  /** execution listeners under way: the element waits for their jobs */
  listener?: ListenerProgress;
  /** the start listeners are done: a retry of the element runs its own work only */
  started?: true;
}

export interface Incident {
  key: string;
  elementKey: string;
  elementId: string;
  reason: string;
  /** stable reason code when the handler gave one (e.g. DMN_NO_MATCH) */
  code?: string;
}

export type CaseStatus = 'new' | 'active' | 'completed' | 'terminated' | 'failed';

export interface EngineState {
  stateVersion: 1;
  processId: string;
  status: CaseStatus;
  nextKey: number;
  rootKey: string;
  instances: Record<string, Instance>;
  /** who completed each user task element, in order (four-eyes) */
  completedBy: Record<string, string[]>;
  incidents: Record<string, Incident>;
  /** variables of the case once it has ended */
  endVariables?: Variables;
  /** rf:outcome of the last end event reached that carries one (the case's outcome once it has ended) */
  outcome?: string;
  /** runaway guards fixed when the case started (absent: the defaults of `ENGINE_LIMITS`) */
  limits?: EngineLimits;
  /** completed compensable activities, in completion order (bpmn/elements/compensation/compensation.engine.ts); absent when none */
  compensations?: CompensationRecord[];
}

/** A completed activity that a compensation throw may compensate, or a completed scope holding such records. */
export interface CompensationRecord {
  /** the completed instance's key */
  key: string;
  elementId: string;
  /** key of the scope instance it completed in */
  scope: string;
  /** its compensation handler; absent: a completed scope kept for the records inside it */
  handler?: string;
}

export interface EngineLimits {
  /** open user tasks a case may hold at once; one more is an incident */
  maxOpenTasks: number;
}

export type EngineEvent =
  | {
      type: 'start';
      variables?: Variables;
      limits?: Partial<EngineLimits>;
      /** a top-level start event other than the none start (a signal start): the case begins there */
      startEvent?: string;
    }
  | {
      type: 'taskCompleted';
      key: string;
      variables?: Variables;
      by: string;
      affiliation?: string | null;
      /** refuse variables outside the step's form / rf:writes (set by workflows patched for it) */
      checkWrites?: boolean;
    }
  | { type: 'serviceTaskCompleted'; key: string; result?: Variables }
  | { type: 'serviceTaskFailed'; key: string; errorCode?: string; message: string }
  | { type: 'timerFired'; key: string }
  | { type: 'deadlineComputed'; key: string; at: string }
  | {
      type: 'messageReceived';
      name: string;
      correlationKey: string;
      variables?: Variables;
      /** only the catching event's zeebe:output mappings take message variables (Camunda 8); else all propagate */
      mappedOnly?: boolean;
    }
  | { type: 'childCompleted'; key: string; variables?: Variables }
  | { type: 'childFailed'; key: string; errorCode?: string; message: string }
  /** the called case of call activity `key` threw an escalation it did not catch */
  | { type: 'childEscalated'; key: string; escalationCode: string }
  | { type: 'retryIncident'; incidentKey: string; variables?: Variables }
  /** the job of execution listener `key` (runListenerJob) was completed by a worker */
  | { type: 'listenerCompleted'; key: string; variables?: Variables }
  /** it failed with no retries left, or its worker threw a BPMN error (not catchable: an incident) */
  | { type: 'listenerFailed'; key: string; errorCode?: string; message: string }
  | { type: 'cancel'; reason?: string }
  /** process-instance modification (Camunda 8): activate elements, terminate element instances */
  | { type: 'modify'; modification: Modification };

export type Effect =
  | ({ type: 'createUserTask'; key: string; elementId: string; variables: Variables } & UserTaskInfo)
  | { type: 'withdrawUserTask'; key: string; elementId: string }
  | {
      type: 'runServiceTask';
      key: string;
      elementId: string;
      taskType: string;
      headers: Record<string, string>;
      inputs: Variables;
      retries: number;
      /** an external job (workers activate it through the API), not a built-in activity */
      job?: true;
    }
  | { type: 'cancelServiceTask'; key: string; elementId: string }
  /** an execution listener job (always an external job); `key` is the job's own, `elementKey` its element's */
  | {
      type: 'runListenerJob';
      key: string;
      elementKey: string;
      elementId: string;
      eventType: 'start' | 'end';
      jobType: string;
      retries: number;
      headers: Record<string, string>;
      variables: Variables;
    }
  | { type: 'cancelListenerJob'; key: string; elementKey: string; elementId: string }
  | { type: 'startTimer'; key: string; elementId: string; spec: TimerSpec }
  | { type: 'cancelTimer'; key: string; elementId: string }
  | { type: 'openSubscription'; key: string; elementId: string; messageName: string; correlationKey: string }
  | { type: 'closeSubscription'; key: string; elementId: string }
  | { type: 'startChild'; key: string; elementId: string; processId: string; variables: Variables }
  | { type: 'broadcastSignal'; key: string; elementId: string; signalName: string; variables: Variables }
  /** an escalation nobody in this case caught: a called case passes it to its parent's call activity */
  | { type: 'escalateToParent'; key: string; elementId: string; escalationCode: string }
  | { type: 'cancelChild'; key: string; elementId: string }
  | { type: 'incident'; key: string; elementKey: string; elementId: string; reason: string }
  | { type: 'incidentResolved'; key: string; elementId: string }
  | { type: 'caseCompleted'; variables: Variables }
  | { type: 'caseTerminated'; reason: string; elementId?: string }
  | { type: 'history'; event: HistoryEventType; elementId?: string; key?: string; data?: Variables };

export type HistoryEventType =
  | 'case-started'
  | 'element-activated'
  | 'element-completed'
  | 'element-terminated'
  | 'task-completed'
  | 'message-correlated'
  | 'timer-fired'
  | 'error-thrown'
  | 'escalation-thrown'
  | 'signal-broadcast'
  /** a compensation throw or end event: the handlers it started, in order */
  | 'compensation-thrown'
  | 'incident-raised'
  | 'incident-resolved'
  /** a business rule task's decision: its matched rules and result */
  | 'decision-evaluated'
  | 'case-completed'
  | 'case-terminated'
  | 'case-modified';

export type RejectReason =
  | 'TASK_NOT_OPEN'
  | 'DECISION_REQUIRED'
  | 'DECISION_NOT_ALLOWED'
  | 'FIELD_NOT_WRITABLE'
  | 'FIELD_INVALID'
  | 'FOUR_EYES'
  | 'CONFLICT_OF_INTEREST'
  | 'CASE_NOT_ACTIVE'
  | 'UNKNOWN_KEY'
  | ModificationRefusal;

export interface StepResult {
  state: EngineState;
  effects: Effect[];
  /** messageReceived: how many subscriptions the message reached */
  correlated?: number;
  /** the event was refused and the state is unchanged */
  rejected?: { reason: RejectReason; message: string };
}

/** Operations the runtime offers element handlers (kept as an interface so handlers never import the runtime). */
export interface EngineOps {
  readonly graph: ProcessGraph;
  readonly state: EngineState;
  emit(effect: Effect): void;
  newKey(): string;
  /** merged variables visible from an instance (closest scope wins) */
  context(key: string): Variables;
  /** evaluates a '=FEEL' or literal value in the instance's context */
  value(key: string, raw: string, extra?: Variables): unknown;
  /** evaluates a FEEL expression (without '=') in the instance's context */
  feel(key: string, expression: string, extra?: Variables): unknown;
  /** the element finished its work: apply outputs / propagate `variables`, then leave by its outgoing flows */
  completeElement(inst: Instance, variables?: Variables): void;
  /** leave without output handling (events, gateways) by the given flows */
  leave(inst: Instance, flows: string[]): void;
  takeFlows(inst: Instance, flows: string[]): void;
  /** activates an element in a scope */
  activate(elementId: string, scopeKey: string, viaFlow?: string): void;
  /** runs `work` once the current activation is done (the element entered, its boundary events armed) */
  defer(work: () => void): void;
  openScope(inst: Instance, node: { eventSubProcesses: string[]; startEvent: string }): void;
  armTimer(inst: Instance, def: TimerSpecDef, contextKey: string): void;
  armMessage(
    inst: Instance,
    messageName: string,
    correlationKey: string | undefined,
    contextKey: string,
  ): void;
  createTrigger(elementId: string, parent: string, extra: Partial<Instance>): Instance;
  /** a live instance by key */
  inst(key: string | null | undefined): Instance | undefined;
  /** the live instances whose parent is `key` */
  children(key: string): Instance[];
  /** terminates an instance and everything inside it */
  terminate(key: string): void;
  /** activates an event that has already happened (a boundary event) in `scopeKey` and leaves it at once */
  fireCatch(elementId: string, scopeKey: string, variables: Variables): void;
  /** starts the event subprocess of an ESP trigger (interrupting: its scope's other children end first) */
  startEventSubProcess(trigger: Instance, variables: Variables): void;
  throwError(fromKey: string, errorCode: string, message: string): void;
  incident(inst: Instance, reason: string, code?: string): void;
  /** counts `count` new open user tasks against the case's limit; throws an EngineIncident beyond it */
  reserveOpenTask(count?: number): void;
  terminateCase(reason: string, elementId?: string): void;
  history(event: HistoryEventType, inst?: Instance, data?: Variables): void;
}

export interface ElementHandler<N extends FlowNode = FlowNode> {
  /** the element instance is active: do its work, then call completeElement/leave or wait */
  enter(ops: EngineOps, inst: Instance, node: N): void;
  /** the instance is being terminated (interrupted, cancelled): undo outside work */
  terminate?(ops: EngineOps, inst: Instance, node: N): void;
}

export type ActivityHandler = ElementHandler<ActivityNode>;
