// The one BPMN builder of the project: elements are bpmn-moddle objects (with the zeebe and rf descriptors), the
// file is written by moddle's toXML (so escaping and namespaces are moddle's, not ours), and the diagram is either
// placed by hand (`at` on each element) or computed by bpmn-auto-layout. Used by the programme generators here, the
// UI fixtures and the test fixtures (test/fixtures/bpmn/fixture-model.ts); the shared patterns (publicity with
// objections, staged payment, expert ballot) are in bpmn-patterns.builder.ts.
import { BpmnModdle } from 'bpmn-moddle';
import { layoutProcess } from 'bpmn-auto-layout';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { rfModdleDescriptor } from '../../bpmn/compile/rf-moddle.descriptor';

/** A bpmn-moddle element. */
export type El = { $type: string; id?: string } & Record<string, unknown>;
/** An input or output mapping: FEEL source, then target variable. */
export type Mapping = [source: string, target: string];
/** Hand layout: left edge and vertical centre line (a sub-process: its top edge). */
export type At = [x: number, cy: number];

const moddle = BpmnModdle({ zeebe: zeebeDescriptor, rf: rfModdleDescriptor });

interface Placement {
  at?: At;
  size?: [w: number, h: number];
  /** boundary event: slot along the host's bottom edge, 0 = rightmost */
  slot?: number;
  /** sequence flow: explicit intermediate waypoints */
  via?: [number, number][];
}
const placements = new WeakMap<object, Placement>();

/** A moddle element; properties that are undefined are left out (no empty attributes). */
export function create(type: string, props: Record<string, unknown> = {}): El {
  const defined = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
  return moddle.create(type, defined) as El;
}

/** Hand layout for an element made elsewhere: its left edge and centre line. */
export const placeAt = <T extends El>(el: T, at: At): T => place(el, { ...placements.get(el), at });

function place<T extends El>(el: T, p: Placement): T {
  if (p.at || p.size || p.slot !== undefined || p.via) placements.set(el, p);
  return el;
}

// ---- extension elements ------------------------------------------------------------------------------------

/** bpmn:extensionElements around `values`, or undefined when there are none. */
export function extensions(values: (El | undefined)[]): El | undefined {
  const present = values.filter((v): v is El => v !== undefined);
  return present.length ? create('bpmn:ExtensionElements', { values: present }) : undefined;
}

export function io(inputs: Mapping[] = [], outputs: Mapping[] = []): El | undefined {
  if (!inputs.length && !outputs.length) return undefined;
  return create('zeebe:IoMapping', {
    inputParameters: inputs.map(([source, target]) => create('zeebe:Input', { source, target })),
    outputParameters: outputs.map(([source, target]) => create('zeebe:Output', { source, target })),
  });
}

/** zeebe:formDefinition of a form embedded in the process (ProcessSpec.forms). */
export const formKey = (formId: string): El =>
  create('zeebe:FormDefinition', { formKey: `camunda-forms:bpmn:${formId}` });

const expression = (body: string): El => create('bpmn:FormalExpression', { body });

export interface Timer {
  duration?: string;
  date?: string;
  cycle?: string;
  /** rf:calendar, e.g. cn-workday */
  calendar?: string;
}

export function timerDefinition(t: Timer): El {
  return create('bpmn:TimerEventDefinition', {
    calendar: t.calendar,
    timeDuration: t.duration === undefined ? undefined : expression(t.duration),
    timeDate: t.date === undefined ? undefined : expression(t.date),
    timeCycle: t.cycle === undefined ? undefined : expression(t.cycle),
  });
}
export const messageDefinition = (messageRef: string): El =>
  create('bpmn:MessageEventDefinition', { messageRef });
export const errorDefinition = (errorRef: string): El => create('bpmn:ErrorEventDefinition', { errorRef });

export interface MultiInstance {
  collection: string;
  element?: string;
  outputCollection?: string;
  outputElement?: string;
  completion?: string;
  sequential?: boolean;
}

function loop(mi?: MultiInstance): El | undefined {
  if (!mi) return undefined;
  return create('bpmn:MultiInstanceLoopCharacteristics', {
    isSequential: mi.sequential || undefined,
    extensionElements: extensions([
      create('zeebe:LoopCharacteristics', {
        inputCollection: mi.collection,
        inputElement: mi.element,
        outputCollection: mi.outputCollection,
        outputElement: mi.outputElement,
      }),
    ]),
    completionCondition: mi.completion === undefined ? undefined : expression(mi.completion),
  });
}

/** bpmn:multiInstanceLoopCharacteristics with its zeebe:loopCharacteristics. */
export const multiInstance = (mi: MultiInstance): El => loop(mi) as El;

const documentation = (text?: string): El[] | undefined =>
  text ? [create('bpmn:Documentation', { text })] : undefined;

// ---- flow nodes -----------------------------------------------------------------------------------------------

interface Common {
  name?: string;
  documentation?: string;
  at?: At;
}

export interface UserTaskOptions extends Common {
  groups?: string;
  assignee?: string;
  decisions?: string;
  distinctFrom?: string;
  excludeAffiliation?: string;
  /** rf:writes: what a completion may write besides decision and comment (steps without a form) */
  writes?: string;
  /** id of an embedded form (ProcessSpec.forms): the step's data contract */
  form?: string;
  dueIn?: string;
  calendar?: string;
  inputs?: Mapping[];
  outputs?: Mapping[];
  mi?: MultiInstance;
  /** zeebe:taskSchedule dueDate (FEEL) */
  schedule?: string;
  /** false: no zeebe:userTask marker (a job-worker user task in Camunda's terms) */
  native?: boolean;
}

export function userTask(id: string, o: UserTaskOptions): El {
  return place(
    create('bpmn:UserTask', {
      id,
      name: o.name,
      documentation: documentation(o.documentation),
      decisions: o.decisions,
      distinctFrom: o.distinctFrom,
      excludeAffiliation: o.excludeAffiliation,
      writes: o.writes,
      dueIn: o.dueIn,
      calendar: o.calendar,
      extensionElements: extensions([
        o.native === false ? undefined : create('zeebe:UserTask'),
        create('zeebe:AssignmentDefinition', { candidateGroups: o.groups, assignee: o.assignee }),
        o.schedule === undefined ? undefined : create('zeebe:TaskSchedule', { dueDate: o.schedule }),
        io(o.inputs, o.outputs),
        o.form ? formKey(o.form) : undefined,
      ]),
      loopCharacteristics: loop(o.mi),
    }),
    { at: o.at },
  );
}

export interface ServiceTaskOptions extends Common {
  type: string;
  /** a send task (notifications) instead of a service task */
  send?: boolean;
  retries?: number;
  headers?: Record<string, string>;
  inputs?: Mapping[];
  outputs?: Mapping[];
  mi?: MultiInstance;
}

export function serviceTask(id: string, o: ServiceTaskOptions): El {
  const headers = Object.entries(o.headers ?? {});
  return place(
    create(o.send ? 'bpmn:SendTask' : 'bpmn:ServiceTask', {
      id,
      name: o.name,
      documentation: documentation(o.documentation),
      extensionElements: extensions([
        create('zeebe:TaskDefinition', {
          type: o.type,
          retries: o.retries === undefined ? undefined : String(o.retries),
        }),
        headers.length
          ? create('zeebe:TaskHeaders', {
              values: headers.map(([key, value]) => create('zeebe:Header', { key, value })),
            })
          : undefined,
        io(o.inputs, o.outputs),
      ]),
      loopCharacteristics: loop(o.mi),
    }),
    { at: o.at },
  );
}

/** A notification (send task of type `notify`): `template` to the role or address `to`. */
export const notify = (id: string, o: Common & { template: string; to: string; inputs?: Mapping[] }): El =>
  serviceTask(id, {
    ...o,
    type: 'notify',
    send: true,
    headers: { template: o.template, to: o.to },
  });

export function scriptTask(id: string, o: Common & { expression: string; result: string }): El {
  return place(
    create('bpmn:ScriptTask', {
      id,
      name: o.name,
      extensionElements: extensions([
        create('zeebe:Script', { expression: o.expression, resultVariable: o.result }),
      ]),
    }),
    { at: o.at },
  );
}

/** A business rule task: evaluates the deployed DMN decision `decisionId` into `result`. */
export function businessRuleTask(id: string, o: Common & { decisionId: string; result: string }): El {
  return place(
    create('bpmn:BusinessRuleTask', {
      id,
      name: o.name,
      extensionElements: extensions([
        create('zeebe:CalledDecision', { decisionId: o.decisionId, resultVariable: o.result }),
      ]),
    }),
    { at: o.at },
  );
}

interface EventOptions extends Common {
  timer?: Timer;
  message?: string;
  error?: string;
}
const definitions = (o: EventOptions): El[] | undefined => {
  const defs = [
    o.timer ? timerDefinition(o.timer) : undefined,
    o.message ? messageDefinition(o.message) : undefined,
    o.error ? errorDefinition(o.error) : undefined,
  ].filter((d): d is El => d !== undefined);
  return defs.length ? defs : undefined;
};

/** A start event; `form` links an embedded start form, the contract of POST /cases. */
export function startEvent(
  id: string,
  o: EventOptions & { form?: string; interrupting?: boolean; outputs?: Mapping[] } = {},
): El {
  return place(
    create('bpmn:StartEvent', {
      id,
      name: o.name,
      isInterrupting: o.interrupting,
      extensionElements: extensions([o.form ? formKey(o.form) : undefined, io([], o.outputs)]),
      eventDefinitions: definitions(o),
    }),
    { at: o.at },
  );
}

/** `outcome`: rf:outcome, the case's outcome when it ends here. */
export function endEvent(id: string, o: EventOptions & { outcome?: string } = {}): El {
  return place(
    create('bpmn:EndEvent', { id, name: o.name, outcome: o.outcome, eventDefinitions: definitions(o) }),
    { at: o.at },
  );
}

export function catchEvent(id: string, o: EventOptions): El {
  return place(
    create('bpmn:IntermediateCatchEvent', { id, name: o.name, eventDefinitions: definitions(o) }),
    {
      at: o.at,
    },
  );
}

export function boundaryEvent(
  id: string,
  o: EventOptions & { host: string; interrupting?: boolean; slot?: number },
): El {
  return place(
    create('bpmn:BoundaryEvent', {
      id,
      name: o.name,
      cancelActivity: o.interrupting === false ? false : undefined,
      attachedToRef: o.host,
      eventDefinitions: definitions(o),
    }),
    { slot: o.slot },
  );
}

export const exclusive = (id: string, o: Common & { default?: string } = {}): El =>
  place(create('bpmn:ExclusiveGateway', { id, name: o.name, default: o.default }), { at: o.at });
export const parallel = (id: string, o: Common = {}): El =>
  place(create('bpmn:ParallelGateway', { id, name: o.name }), { at: o.at });

export interface SubProcessOptions extends Common {
  elements: El[];
  inputs?: Mapping[];
  outputs?: Mapping[];
  mi?: MultiInstance;
  /** an event sub-process (its start event carries the trigger) */
  triggeredByEvent?: boolean;
  /** hand layout: width and height */
  size?: [w: number, h: number];
}

export function subProcess(id: string, o: SubProcessOptions): El {
  return place(
    create('bpmn:SubProcess', {
      id,
      name: o.name,
      triggeredByEvent: o.triggeredByEvent || undefined,
      extensionElements: extensions([io(o.inputs, o.outputs)]),
      loopCharacteristics: loop(o.mi),
      flowElements: o.elements,
    }),
    { at: o.at, size: o.size },
  );
}

export function flow(
  id: string,
  source: string,
  target: string,
  condition?: string,
  name?: string,
  via?: [number, number][],
): El {
  return place(
    create('bpmn:SequenceFlow', {
      id,
      name,
      sourceRef: source,
      targetRef: target,
      conditionExpression: condition === undefined ? undefined : expression(condition),
    }),
    { via },
  );
}

// ---- root elements ---------------------------------------------------------------------------------------------

/**
 * `senders`: rf:senders, the roles that may publish it through the API (absent: admin only); `requires`:
 * rf:requires, the variables it is never sent without.
 */
export const message = (
  id: string,
  messageName: string,
  o: { senders?: string; requires?: string; correlationKey?: string } = {},
): El =>
  create('bpmn:Message', {
    id,
    name: messageName,
    senders: o.senders,
    requires: o.requires,
    extensionElements: extensions([
      create('zeebe:Subscription', { correlationKey: o.correlationKey ?? '=businessKey' }),
    ]),
  });
export const error = (id: string, label: string, code: string): El =>
  create('bpmn:Error', { id, name: label, errorCode: code });

// ---- the file ----------------------------------------------------------------------------------------------------

export interface ProcessSpec {
  id: string;
  name: string;
  documentation: string;
  /** rf:startableBy: roles that may start a case (absent: admin only) */
  startableBy?: string;
  /** forms embedded as zeebe:userTaskForm: id and form-js schema */
  forms?: { id: string; schema: unknown }[];
  /** messages and errors, written before the process */
  roots?: El[];
  elements: El[];
  /** `hand`: every element placed with `at` (boundary events by slot); `auto`: bpmn-auto-layout */
  layout: 'hand' | 'auto';
}

const REFERENCES = [
  'sourceRef',
  'targetRef',
  'attachedToRef',
  'default',
  'messageRef',
  'errorRef',
  'escalationRef',
  'signalRef',
  'activityRef',
  'processRef',
];

// references that point back up or across the tree: followed, they would list elements twice
const BACK_REFERENCES = ['incoming', 'outgoing', 'bpmnElement', 'dataObjectRef'];

/** Every element below `el`, depth first, in document order. */
function descendants(el: unknown, out: El[] = []): El[] {
  if (Array.isArray(el)) {
    for (const e of el) descendants(e, out);
  } else if (el && typeof el === 'object' && '$type' in el) {
    out.push(el as El);
    for (const [key, value] of Object.entries(el))
      if (
        !key.startsWith('$') &&
        !REFERENCES.includes(key) &&
        !BACK_REFERENCES.includes(key) &&
        typeof value === 'object'
      )
        descendants(value, out);
  }
  return out;
}

/** Turns the ids given to the helpers into references; an unknown id is an error naming the element. */
function resolveReferences(definitions: El, processId: string): void {
  const all = descendants(definitions);
  const byId = new Map(all.filter((e) => e.id).map((e) => [e.id as string, e]));
  for (const el of all)
    for (const key of REFERENCES) {
      const ref = el[key];
      if (typeof ref !== 'string') continue;
      const target = byId.get(ref);
      if (!target)
        throw new Error(`${processId}: element ${el.id ?? el.$type}: ${key} "${ref}" does not exist`);
      el[key] = target;
    }
  linkFlows(all);
}

/** incoming/outgoing as the modeler writes them (bpmn-auto-layout walks the graph by them). */
function linkFlows(all: El[]): void {
  for (const f of all.filter((e) => e.$type === 'bpmn:SequenceFlow')) {
    const outgoing = listOf(f.sourceRef as El, 'outgoing');
    const incoming = listOf(f.targetRef as El, 'incoming');
    if (!outgoing.includes(f)) outgoing.push(f);
    if (!incoming.includes(f)) incoming.push(f);
  }
}

const listOf = (el: El, key: string): El[] => (el as unknown as { get(k: string): El[] }).get(key);

function definitionsOf(p: ProcessSpec): { definitions: El; process: El } {
  const forms = p.forms?.map((f) =>
    create('zeebe:UserTaskForm', { id: f.id, body: JSON.stringify(f.schema) }),
  );
  const process = create('bpmn:Process', {
    id: p.id,
    name: p.name,
    startableBy: p.startableBy,
    isExecutable: true,
    documentation: documentation(p.documentation.trim()),
    extensionElements: extensions(forms ?? []),
    flowElements: p.elements,
  });
  const definitions = modelerDefinitions(p.id, [...(p.roots ?? []), process]);
  resolveReferences(definitions, p.id);
  return { definitions, process };
}

/** bpmn:definitions `Definitions_<id>` as Camunda Modeler 8 writes them, around `rootElements`. */
export function modelerDefinitions(id: string, rootElements: El[]): El {
  const definitions = create('bpmn:Definitions', {
    id: `Definitions_${id}`,
    targetNamespace: 'http://bpmn.io/schema/bpmn',
    exporter: 'Camunda Modeler',
    exporterVersion: '5.31.0',
    rootElements,
  });
  // the Camunda Modeler execution platform (read by the modeler, not by us)
  Object.assign(definitions.$attrs as Record<string, string>, {
    'xmlns:modeler': 'http://camunda.org/schema/modeler/1.0',
    'modeler:executionPlatform': 'Camunda Cloud',
    'modeler:executionPlatformVersion': '8.6.0',
  });
  return definitions;
}

/**
 * A file from definitions built elsewhere (the test fixtures): ids resolved to references, the first process laid
 * out by bpmn-auto-layout, written by moddle.
 */
export async function renderDefinitions(definitions: El, name: string): Promise<string> {
  resolveReferences(definitions, name);
  const process = ((definitions.rootElements as El[] | undefined) ?? []).find(
    (r) => r.$type === 'bpmn:Process',
  );
  if (!process) throw new Error(`${name}: no process`);
  return autoLayout(definitions, process, name);
}

/**
 * Definitions built elsewhere, ids resolved to references, written by moddle without a diagram and without
 * indentation (deeply nested test files would grow with the square of their depth).
 */
export async function writeDefinitions(definitions: El, name: string): Promise<string> {
  resolveReferences(definitions, name);
  return serialise(definitions, false);
}

/**
 * Escape hatch for deliberate oddities only (a test fixture's extension element of another tool, unknown to our
 * descriptors): the element `name` (prefix:localName) of namespace `uri` with `attrs`, written as given. Ordinary
 * elements are built with the functions above.
 */
export const foreign = (name: string, uri: string, attrs: Record<string, string> = {}): El =>
  // createAny is moddle's own; the local typings of bpmn-moddle (bpmn/compile) leave it out
  (moddle as unknown as { createAny(n: string, u: string, a: Record<string, string>): El }).createAny(
    name,
    uri,
    attrs,
  );

/** The complete file: the process plus diagram interchange, serialised by moddle. */
export async function renderProcess(p: ProcessSpec): Promise<string> {
  const { definitions, process } = definitionsOf(p);
  if (p.layout === 'hand') {
    definitions.diagrams = [handDiagram(process)];
    return serialise(definitions);
  }
  return autoLayout(definitions, process, p.id);
}

async function serialise(definitions: El, format = true): Promise<string> {
  const { xml } = await moddle.toXML(definitions, { format });
  return `${xml}\n`;
}

// ---- auto layout -------------------------------------------------------------------------------------------------

/**
 * bpmn-auto-layout draws a sub-process expanded only when the input already has an expanded shape for it, so the
 * sub-processes get placeholder shapes first; the laid-out file is read back with our descriptors and written by
 * our serialiser, so nothing but the diagram comes from the layouter.
 */
async function autoLayout(definitions: El, process: El, id: string): Promise<string> {
  const subProcesses = descendants(process.flowElements).filter(
    (e) => e.$type === 'bpmn:SubProcess' || e.$type === 'bpmn:AdHocSubProcess',
  );
  definitions.diagrams = [
    create('bpmndi:BPMNDiagram', {
      id: 'BPMNDiagram_1',
      plane: create('bpmndi:BPMNPlane', {
        id: 'BPMNPlane_1',
        bpmnElement: process,
        planeElement: subProcesses.map((s) =>
          create('bpmndi:BPMNShape', {
            id: `${s.id}_di`,
            bpmnElement: s,
            isExpanded: true,
            bounds: create('dc:Bounds', { x: 0, y: 0, width: 100, height: 80 }),
          }),
        ),
      }),
    }),
  ];
  const laidOut = await layoutProcess(await serialise(definitions));
  const { rootElement, warnings } = await moddle.fromXML(laidOut, 'bpmn:Definitions');
  if (warnings.length) throw new Error(`${id}: ${warnings.map((w) => w.message).join('; ')}`);
  drawArtifacts(rootElement as El);
  return serialise(rootElement as El);
}

/**
 * bpmn-auto-layout leaves artifacts out: each text annotation goes above and right of the element it is associated
 * with; an association between two drawn elements (a compensation boundary event and its handler) is a straight edge.
 */
function drawArtifacts(definitions: El): void {
  const process = ((definitions.rootElements as El[] | undefined) ?? []).find(
    (r) => r.$type === 'bpmn:Process',
  );
  const plane = ((definitions.diagrams as El[] | undefined) ?? [])[0]?.plane as El | undefined;
  const containers = [
    ...(process ? [process] : []),
    ...descendants(process?.flowElements as El[] | undefined).filter((e) => e.$type === 'bpmn:SubProcess'),
  ];
  const artifacts = containers.flatMap((c) => (c.artifacts as El[] | undefined) ?? []);
  if (!plane || !artifacts.length) return;
  const shapes = listOf(plane, 'planeElement');
  const boundsOf = (el: El): { x: number; y: number; width: number; height: number } | undefined =>
    shapes.find((d) => d.bpmnElement === el)?.bounds as never;
  for (const association of artifacts.filter((a) => a.$type === 'bpmn:Association')) {
    const [element, note] = [association.sourceRef as El, association.targetRef as El].sort(
      (a, b) => Number(a.$type === 'bpmn:TextAnnotation') - Number(b.$type === 'bpmn:TextAnnotation'),
    ) as [El, El];
    const from = boundsOf(element);
    if (!from) continue;
    if (note.$type !== 'bpmn:TextAnnotation') {
      const to = boundsOf(note);
      if (!to) continue;
      shapes.push(
        create('bpmndi:BPMNEdge', {
          id: `${association.id}_di`,
          bpmnElement: association,
          waypoint: [
            create('dc:Point', { x: from.x + from.width / 2, y: from.y + from.height }),
            create('dc:Point', { x: to.x + to.width / 2, y: to.y }),
          ],
        }),
      );
      continue;
    }
    const at = { x: from.x + from.width + 60, y: Math.max(0, from.y - 60), width: 140, height: 40 };
    shapes.push(
      create('bpmndi:BPMNShape', { id: `${note.id}_di`, bpmnElement: note, bounds: create('dc:Bounds', at) }),
      create('bpmndi:BPMNEdge', {
        id: `${association.id}_di`,
        bpmnElement: association,
        waypoint: [
          create('dc:Point', { x: from.x + from.width / 2, y: from.y }),
          create('dc:Point', { x: at.x + at.width / 2, y: at.y + at.height }),
        ],
      }),
    );
  }
}

// ---- hand layout -------------------------------------------------------------------------------------------------

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  type: string;
}

function sizeOf(el: El): { w: number; h: number } {
  const size = placements.get(el)?.size;
  if (el.$type === 'bpmn:SubProcess') return { w: size?.[0] ?? 400, h: size?.[1] ?? 200 };
  if (el.$type.endsWith('Event')) return { w: 36, h: 36 };
  if (el.$type.endsWith('Gateway')) return { w: 50, h: 50 };
  return { w: 100, h: 80 };
}

const nodesOf = (container: El): El[] =>
  ((container.flowElements as El[] | undefined) ?? []).filter((e) => e.$type !== 'bpmn:SequenceFlow');

function placeAll(container: El, boxes: Map<string, Box>): void {
  const nodes = nodesOf(container);
  for (const n of nodes) {
    if (n.$type === 'bpmn:BoundaryEvent') continue;
    const at = placements.get(n)?.at;
    if (!at) throw new Error(`element ${n.id}: no position (hand layout needs \`at\`)`);
    const s = sizeOf(n);
    const y = n.$type === 'bpmn:SubProcess' ? at[1] : at[1] - s.h / 2;
    boxes.set(n.id as string, { x: at[0], y, w: s.w, h: s.h, type: n.$type });
    if (n.$type === 'bpmn:SubProcess') placeAll(n, boxes);
  }
  for (const n of nodes) {
    if (n.$type !== 'bpmn:BoundaryEvent') continue;
    const host = boxes.get((n.attachedToRef as El).id as string);
    if (!host) throw new Error(`boundary ${n.id}: host not placed`);
    const slot = placements.get(n)?.slot ?? 0;
    boxes.set(n.id as string, {
      x: host.x + host.w - 28 - slot * 50 - 18,
      y: host.y + host.h - 18,
      w: 36,
      h: 36,
      type: n.$type,
    });
  }
}

/** Orthogonal route of a flow between two placed shapes, unless it names its own waypoints. */
function route(f: El, boxes: Map<string, Box>): [number, number][] {
  const s = boxes.get((f.sourceRef as El).id as string);
  const t = boxes.get((f.targetRef as El).id as string);
  if (!s || !t) throw new Error(`flow ${f.id}: unplaced end`);
  const scy = s.y + s.h / 2;
  const tcy = t.y + t.h / 2;
  const tIn: [number, number] = [t.x, tcy];
  const via = placements.get(f)?.via;
  if (via?.length) {
    const first = via[0] as [number, number];
    const last = via[via.length - 1] as [number, number];
    // leave (enter) vertically when the first (last) waypoint lies straight above or below the shape
    const above = (b: Box, p: [number, number]): boolean =>
      p[0] >= b.x && p[0] <= b.x + b.w && (p[1] < b.y || p[1] > b.y + b.h);
    const start: [number, number] = above(s, first)
      ? [first[0], first[1] < s.y ? s.y : s.y + s.h]
      : [s.x + s.w, scy];
    const end: [number, number] = above(t, last) ? [last[0], last[1] < t.y ? t.y : t.y + t.h] : tIn;
    return [start, ...via, end];
  }
  if (s.type === 'bpmn:BoundaryEvent') {
    const bx = s.x + s.w / 2;
    return [[bx, s.y + s.h], [bx, tcy], tIn];
  }
  if (Math.abs(scy - tcy) < 1) return [[s.x + s.w, scy], tIn];
  if (s.type === 'bpmn:ExclusiveGateway') {
    const gx = s.x + s.w / 2;
    return [[gx, tcy < scy ? s.y : s.y + s.h], [gx, tcy], tIn];
  }
  const mid = Math.round((s.x + s.w + t.x) / 2);
  return [[s.x + s.w, scy], [mid, scy], [mid, tcy], tIn];
}

function handDiagram(process: El): El {
  const boxes = new Map<string, Box>();
  placeAll(process, boxes);
  const all = descendants(process.flowElements).filter((e) => e.id && boxes.has(e.id) === true);
  const flows = descendants(process.flowElements).filter((e) => e.$type === 'bpmn:SequenceFlow');
  // containers first, boundary events last, so the modeler draws them on top
  const order = (e: El): number =>
    e.$type === 'bpmn:SubProcess' ? 0 : e.$type === 'bpmn:BoundaryEvent' ? 2 : 1;
  const shapes = [...all]
    .sort((a, b) => order(a) - order(b))
    .map((e) => {
      const b = boxes.get(e.id as string) as Box;
      return create('bpmndi:BPMNShape', {
        id: `${e.id}_di`,
        bpmnElement: e,
        isExpanded: e.$type === 'bpmn:SubProcess' ? true : undefined,
        isMarkerVisible: e.$type === 'bpmn:ExclusiveGateway' ? true : undefined,
        bounds: create('dc:Bounds', { x: b.x, y: b.y, width: b.w, height: b.h }),
      });
    });
  const edges = flows.map((f) =>
    create('bpmndi:BPMNEdge', {
      id: `${f.id}_di`,
      bpmnElement: f,
      waypoint: route(f, boxes).map(([x, y]) => create('dc:Point', { x, y })),
    }),
  );
  return create('bpmndi:BPMNDiagram', {
    id: 'BPMNDiagram_1',
    plane: create('bpmndi:BPMNPlane', {
      id: 'BPMNPlane_1',
      bpmnElement: process,
      planeElement: [...shapes, ...edges],
    }),
  });
}
