// The compiled, serialisable process graph: the only thing the engine reads at run time.
// Bump GRAPH_VERSION when the shape changes; running cases keep the graph they started with.
import type { CompiledDecision } from './dmn/dmn.types';
import type { FormSpec } from './forms/form-schema';
import type { TimerStartSchedule } from './timers/timer-start-schedule';

export const GRAPH_VERSION = 1 as const;

export interface IoMapping {
  source: string; // FEEL with leading '=' or a literal
  target: string;
}

export interface TimerSpecDef {
  kind: 'duration' | 'date' | 'cycle';
  value: string; // literal or '=FEEL'
  calendar?: 'cn-workday' | 'calendar-day';
}

export type EventDefinition =
  | { kind: 'timer'; timer: TimerSpecDef }
  | { kind: 'message'; messageName: string; correlationKey?: string }
  | { kind: 'error'; errorCode?: string }
  | { kind: 'terminate' }
  /** throw: code required (literal or '=FEEL'); catch: literal, absent = catch-all */
  | { kind: 'escalation'; escalationCode?: string }
  /** broadcast by name to every waiting catch event of every case; `variables`: a throw event's zeebe:input */
  | { kind: 'signal'; signalName: string; variables?: IoMapping[] }
  /** throw: compensates the completed activities of its scope, or only `activityRef` (see bpmn/elements/compensation/) */
  | { kind: 'compensation'; activityRef?: string };

export interface MultiInstanceDef {
  sequential: boolean;
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: string;
}

/** A zeebe:executionListener: a job at the element's start or end (bpmn/elements/execution-listeners/execution-listeners.engine.ts). */
export interface ExecutionListenerDef {
  eventType: 'start' | 'end';
  /** job type: a literal or '=FEEL' (evaluated when the listener runs) */
  type: string;
  /** a literal count (default 3) or '=FEEL' */
  retries: string;
  /** the element's task headers overlaid with the listener's own */
  headers?: Record<string, string>;
}

interface NodeBase {
  id: string;
  name?: string;
  /** id of the enclosing scope element (the process id at top level). */
  scope: string;
  incoming: string[];
  outgoing: string[];
  /** zeebe:executionListeners in document order; absent when none (graphs before them are unchanged) */
  listeners?: ExecutionListenerDef[];
}

export interface ActivityBase extends NodeBase {
  inputs: IoMapping[];
  outputs: IoMapping[];
  boundaryEvents: string[];
  multiInstance?: MultiInstanceDef;
  /** isForCompensation: a compensation handler, started only by a compensation throw (no flows) */
  forCompensation?: true;
}

export interface UserTaskNode extends ActivityBase {
  kind: 'userTask';
  assignee?: string;
  candidateGroups: string[] | string; // list, or one '=FEEL' expression
  dueDate?: string;
  dueIn?: string;
  calendar?: 'cn-workday' | 'calendar-day';
  decisions?: string[];
  distinctFrom: string[];
  excludeAffiliation?: string;
  /** the linked or embedded Camunda Form: a completion writes exactly its fields (+ decision, comment) */
  form?: FormSpec;
  /** rf:writes, when there is no form: the variables a completion may write (+ decision, comment) */
  writes?: string[];
}

export interface ServiceTaskNode extends ActivityBase {
  kind: 'serviceTask';
  /** scriptTask: a job-worker script (zeebe:taskDefinition instead of zeebe:script); the events: message throws */
  bpmnType: 'serviceTask' | 'sendTask' | 'scriptTask' | 'intermediateThrowEvent' | 'endEvent';
  /** a literal type, or `=FEEL` (always a job) evaluated when the element is entered */
  taskType: string;
  retries: number;
  /** `retries="=FEEL"`: evaluated when the element is entered (then `retries` is unused) */
  retriesExpression?: string;
  headers: Record<string, string>;
  /** not a built-in type: an external job that workers activate and complete (bpmn/task-types) */
  job?: true;
}

export interface ScriptTaskNode extends ActivityBase {
  kind: 'scriptTask';
  expression: string;
  resultVariable: string;
}

/** bpmn:task (undefined) and bpmn:manualTask: nothing to do, the token passes through (as in Zeebe) */
export interface ManualTaskNode extends ActivityBase {
  kind: 'manualTask';
  bpmnType: 'task' | 'manualTask';
}

/** bpmn:receiveTask: waits for its message, like an intermediate message catch event */
export interface ReceiveTaskNode extends ActivityBase {
  kind: 'receiveTask';
  messageName: string;
  correlationKey?: string;
}

/** link events: a throw continues at the catch of the same name in its scope (the compiler adds that flow) */
export interface LinkEventNode extends NodeBase {
  kind: 'linkEvent';
  role: 'throw' | 'catch';
  linkName: string;
}

export interface BusinessRuleTaskNode extends ActivityBase {
  kind: 'businessRuleTask';
  /** zeebe:calledDecision: the decision (bound at deploy to its latest version, compiled) and where its result goes */
  decisionId: string;
  resultVariable: string;
  decision: CompiledDecision;
}

export interface SubProcessNode extends ActivityBase {
  kind: 'subProcess';
  startEvent: string;
  eventSubProcesses: string[];
}

/**
 * bpmn:adHocSubProcess (Camunda 8.7/8.8; elements/ad-hoc-subprocess/): no start or end events; on entering
 * it activates the inner elements its activeElementsCollection names, then completes when its paths end.
 */
export interface AdHocSubProcessNode extends ActivityBase {
  kind: 'adHocSubProcess';
  /** zeebe:adHoc activeElementsCollection: '=FEEL', a list of element ids; absent: nothing is activated */
  activeElementsCollection?: string;
  /** '=FEEL' evaluated in the subprocess's scope whenever an inner path ends; absent: done when nothing is active */
  completionCondition?: string;
  /** a true completionCondition terminates the inner instances still active (default) or waits for them */
  cancelRemainingInstances: boolean;
  /** the inner elements without incoming flows: what activeElementsCollection may name */
  adHocActivities: string[];
}

export interface EventSubProcessNode extends NodeBase {
  kind: 'eventSubProcess';
  startEvent: string;
  interrupting: boolean;
  trigger: EventDefinition;
  eventSubProcesses: string[];
}

export interface CallActivityNode extends ActivityBase {
  kind: 'callActivity';
  processId: string;
  propagateAllChildVariables: boolean;
}

export interface StartEventNode extends NodeBase {
  kind: 'startEvent';
  /** set on the start event of an event subprocess */
  eventDefinition?: EventDefinition;
  /** zeebe:output mappings of a message start: the only way message variables reach the case */
  outputs?: IoMapping[];
}

export interface EndEventNode extends NodeBase {
  kind: 'endEvent';
  eventDefinition?: EventDefinition;
  /** rf:outcome: the case's outcome when it ends here */
  outcome?: string;
  /** none / escalation end event: zeebe:input locals, zeebe:output to the enclosing scope; absent when none */
  inputs?: IoMapping[];
  outputs?: IoMapping[];
}

export interface IntermediateCatchEventNode extends NodeBase {
  kind: 'intermediateCatchEvent';
  eventDefinition: EventDefinition;
  outputs: IoMapping[];
  /** zeebe:input mappings: local variables set on entering (e.g. for the correlation key); absent when none */
  inputs?: IoMapping[];
}

/** A throw event in the flow: none (passes through) or escalation (see bpmn/elements/escalation/). */
export interface IntermediateThrowEventNode extends NodeBase {
  kind: 'intermediateThrowEvent';
  eventDefinition?: EventDefinition;
  /** none / escalation throw: zeebe:input locals, zeebe:output to the enclosing scope; absent when none */
  inputs?: IoMapping[];
  outputs?: IoMapping[];
}

export interface BoundaryEventNode extends NodeBase {
  kind: 'boundaryEvent';
  attachedTo: string;
  interrupting: boolean;
  eventDefinition: EventDefinition;
  outputs: IoMapping[];
  /** compensation boundary: the handler activity its association points to */
  compensationHandler?: string;
}

export interface ExclusiveGatewayNode extends NodeBase {
  kind: 'exclusiveGateway';
  default?: string;
}

export interface ParallelGatewayNode extends NodeBase {
  kind: 'parallelGateway';
}

export interface InclusiveGatewayNode extends NodeBase {
  kind: 'inclusiveGateway';
  default?: string;
  /** per incoming flow: elements (same scope) from which a token could still reach that flow. */
  upstream: Record<string, string[]>;
}

export interface EventBasedGatewayNode extends NodeBase {
  kind: 'eventBasedGateway';
}

export type ActivityNode =
  | UserTaskNode
  | ServiceTaskNode
  | ScriptTaskNode
  | BusinessRuleTaskNode
  | SubProcessNode
  | AdHocSubProcessNode
  | CallActivityNode
  | ManualTaskNode
  | ReceiveTaskNode;

export type FlowNode =
  | ActivityNode
  | EventSubProcessNode
  | StartEventNode
  | EndEventNode
  | IntermediateCatchEventNode
  | IntermediateThrowEventNode
  | BoundaryEventNode
  | ExclusiveGatewayNode
  | ParallelGatewayNode
  | InclusiveGatewayNode
  | EventBasedGatewayNode
  | LinkEventNode;

export type FlowNodeKind = FlowNode['kind'];

export interface SequenceFlow {
  id: string;
  source: string;
  target: string;
  condition?: string;
}

export interface ProcessGraph {
  graphVersion: typeof GRAPH_VERSION;
  processId: string;
  name?: string;
  /** the process's none start event */
  startEvent: string;
  /** the start event's form: the data contract of POST /cases */
  startForm?: FormSpec;
  eventSubProcesses: string[];
  /** the process's zeebe:executionListeners (start: before its start event, end: before it completes) */
  listeners?: ExecutionListenerDef[];
  /** rf:startableBy on the process: roles that may start a case (absent: admin only) */
  startableBy?: string[];
  /** top-level signal start events: a broadcast of that name starts a case of the latest version here */
  signalStarts?: { elementId: string; signalName: string }[];
  /** top-level message start events: POST /messages without a waiting case starts a case of the latest version */
  messageStarts?: { elementId: string; messageName: string }[];
  /** top-level timer start events: the version's timer-start workflow starts a case at each fire */
  timerStarts?: { elementId: string; schedule: TimerStartSchedule }[];
  /** rf:senders per message name: roles that may publish it through the API (absent: admin only) */
  messageSenders?: Record<string, string[]>;
  /** rf:requires per message name: variables a publisher must send, not null and not blank */
  messageRequires?: Record<string, string[]>;
  nodes: Record<string, FlowNode>;
  flows: Record<string, SequenceFlow>;
}

export const ACTIVITY_KINDS: ReadonlySet<FlowNodeKind> = new Set([
  'userTask',
  'serviceTask',
  'scriptTask',
  'businessRuleTask',
  'subProcess',
  'adHocSubProcess',
  'callActivity',
  'manualTask',
  'receiveTask',
]);

export function isActivity(node: FlowNode): node is ActivityNode {
  return ACTIVITY_KINDS.has(node.kind);
}
