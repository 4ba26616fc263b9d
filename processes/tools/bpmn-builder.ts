// Small builder for hand-designed process files: XML snippets for the dialect of contract §1, and a layered
// auto-layout that adds diagram interchange so the files open readably in Camunda Modeler / bpmn-js.
import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { rfModdleDescriptor } from '../../bpmn/compile/rf-moddle.descriptor';
import { userTaskFormXml } from './programme-forms';

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const name = (n?: string): string => (n ? ` name="${esc(n)}"` : '');
const doc = (d?: string): string => (d ? `<bpmn:documentation>${esc(d)}</bpmn:documentation>` : '');
const extensions = (inner: string): string =>
  inner ? `<bpmn:extensionElements>${inner}</bpmn:extensionElements>` : '';

export type Mapping = [source: string, target: string];

export function io(inputs: Mapping[] = [], outputs: Mapping[] = []): string {
  if (!inputs.length && !outputs.length) return '';
  const i = inputs.map(([s, t]) => `<zeebe:input source="${esc(s)}" target="${t}" />`).join('');
  const o = outputs.map(([s, t]) => `<zeebe:output source="${esc(s)}" target="${t}" />`).join('');
  return `<zeebe:ioMapping>${i}${o}</zeebe:ioMapping>`;
}

export interface MultiInstance {
  collection: string;
  element?: string;
  outputCollection?: string;
  outputElement?: string;
  completion?: string;
  sequential?: boolean;
}

function loop(mi?: MultiInstance): string {
  if (!mi) return '';
  const attrs = [
    `inputCollection="${esc(mi.collection)}"`,
    mi.element ? `inputElement="${mi.element}"` : '',
    mi.outputCollection ? `outputCollection="${mi.outputCollection}"` : '',
    mi.outputElement ? `outputElement="${esc(mi.outputElement)}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const completion = mi.completion
    ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${esc(mi.completion)}</bpmn:completionCondition>`
    : '';
  return `<bpmn:multiInstanceLoopCharacteristics${mi.sequential ? ' isSequential="true"' : ''}>${extensions(
    `<zeebe:loopCharacteristics ${attrs} />`,
  )}${completion}</bpmn:multiInstanceLoopCharacteristics>`;
}

export interface UserTaskOptions {
  name: string;
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
  documentation?: string;
}

export function userTask(id: string, o: UserTaskOptions): string {
  const attrs = [
    o.decisions ? ` rf:decisions="${o.decisions}"` : '',
    o.distinctFrom ? ` rf:distinctFrom="${o.distinctFrom}"` : '',
    o.excludeAffiliation ? ` rf:excludeAffiliation="${esc(o.excludeAffiliation)}"` : '',
    o.writes ? ` rf:writes="${o.writes}"` : '',
    o.dueIn ? ` rf:dueIn="${o.dueIn}"` : '',
    o.calendar ? ` rf:calendar="${o.calendar}"` : '',
  ].join('');
  const assignment = [
    o.groups ? `candidateGroups="${o.groups}"` : '',
    o.assignee ? `assignee="${esc(o.assignee)}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `<bpmn:userTask id="${id}"${name(o.name)}${attrs}>${doc(o.documentation)}${extensions(
    `<zeebe:userTask /><zeebe:assignmentDefinition ${assignment} />${io(o.inputs, o.outputs)}${
      o.form ? `<zeebe:formDefinition formKey="camunda-forms:bpmn:${o.form}" />` : ''
    }`,
  )}${loop(o.mi)}</bpmn:userTask>`;
}

export interface ServiceTaskOptions {
  name: string;
  type: string;
  headers?: Record<string, string>;
  inputs?: Mapping[];
  outputs?: Mapping[];
  mi?: MultiInstance;
  retries?: number;
  documentation?: string;
}

export function serviceTask(id: string, o: ServiceTaskOptions): string {
  const headers = Object.entries(o.headers ?? {});
  const headerXml = headers.length
    ? `<zeebe:taskHeaders>${headers.map(([k, v]) => `<zeebe:header key="${k}" value="${esc(v)}" />`).join('')}</zeebe:taskHeaders>`
    : '';
  return `<bpmn:serviceTask id="${id}"${name(o.name)}>${doc(o.documentation)}${extensions(
    `<zeebe:taskDefinition type="${o.type}" retries="${o.retries ?? 3}" />${headerXml}${io(o.inputs, o.outputs)}`,
  )}${loop(o.mi)}</bpmn:serviceTask>`;
}

export function scriptTask(id: string, label: string, expression: string, resultVariable: string): string {
  return `<bpmn:scriptTask id="${id}"${name(label)}>${extensions(
    `<zeebe:script expression="${esc(expression)}" resultVariable="${resultVariable}" />`,
  )}</bpmn:scriptTask>`;
}

/** A business rule task: evaluates the deployed DMN decision `decisionId` into `resultVariable`. */
export function businessRuleTask(
  id: string,
  label: string,
  decisionId: string,
  resultVariable: string,
): string {
  return `<bpmn:businessRuleTask id="${id}"${name(label)}>${extensions(
    `<zeebe:calledDecision decisionId="${esc(decisionId)}" resultVariable="${resultVariable}" />`,
  )}</bpmn:businessRuleTask>`;
}

/** A none start event; `form` links an embedded start form (ProcessSpec.forms), the contract of POST /cases. */
export const startEvent = (id: string, label?: string, form?: string): string =>
  form
    ? `<bpmn:startEvent id="${id}"${name(label)}>${extensions(
        `<zeebe:formDefinition formKey="camunda-forms:bpmn:${form}" />`,
      )}</bpmn:startEvent>`
    : `<bpmn:startEvent id="${id}"${name(label)} />`;
/** `outcome`: rf:outcome, the case's outcome when it ends here. */
export const endEvent = (id: string, label?: string, outcome?: string): string =>
  `<bpmn:endEvent id="${id}"${name(label)}${outcome ? ` rf:outcome="${outcome}"` : ''} />`;
export const errorEnd = (id: string, label: string, errorRef: string): string =>
  `<bpmn:endEvent id="${id}"${name(label)}><bpmn:errorEventDefinition errorRef="${errorRef}" /></bpmn:endEvent>`;
export const exclusive = (id: string, label: string, defaultFlow?: string): string =>
  `<bpmn:exclusiveGateway id="${id}"${name(label)}${defaultFlow ? ` default="${defaultFlow}"` : ''} />`;
export const parallel = (id: string, label?: string): string =>
  `<bpmn:parallelGateway id="${id}"${name(label)} />`;

export function timerCatch(id: string, label: string, duration: string, calendar?: string): string {
  return `<bpmn:intermediateCatchEvent id="${id}"${name(label)}><bpmn:timerEventDefinition${
    calendar ? ` rf:calendar="${calendar}"` : ''
  }><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${esc(duration)}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
}

export const messageCatch = (id: string, label: string, messageRef: string): string =>
  `<bpmn:intermediateCatchEvent id="${id}"${name(label)}><bpmn:messageEventDefinition messageRef="${messageRef}" /></bpmn:intermediateCatchEvent>`;

export const errorBoundary = (id: string, label: string, host: string, errorRef: string): string =>
  `<bpmn:boundaryEvent id="${id}"${name(label)} attachedToRef="${host}"><bpmn:errorEventDefinition errorRef="${errorRef}" /></bpmn:boundaryEvent>`;

export function subProcess(
  id: string,
  label: string,
  body: string,
  inputs: Mapping[] = [],
  outputs: Mapping[] = [],
): string {
  return `<bpmn:subProcess id="${id}"${name(label)}>${extensions(io(inputs, outputs))}\n${body}\n</bpmn:subProcess>`;
}

export function eventSubProcess(
  id: string,
  label: string,
  startId: string,
  startLabel: string,
  messageRef: string,
  interrupting: boolean,
  body: string,
  /** the message variables the case takes (they reach it only through output mappings) */
  outputs: Mapping[] = [],
): string {
  const ext = outputs.length ? extensions(io([], outputs)) : '';
  return `<bpmn:subProcess id="${id}"${name(label)} triggeredByEvent="true"><bpmn:startEvent id="${startId}"${name(
    startLabel,
  )} isInterrupting="${interrupting}">${ext}<bpmn:messageEventDefinition messageRef="${messageRef}" /></bpmn:startEvent>\n${body}\n</bpmn:subProcess>`;
}

export function flow(id: string, source: string, target: string, condition?: string, label?: string): string {
  const head = `<bpmn:sequenceFlow id="${id}"${name(label)} sourceRef="${source}" targetRef="${target}"`;
  return condition === undefined
    ? `${head} />`
    : `${head}><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
}

/** `senders`: rf:senders, the roles that may publish it through the API (absent: admin only). */
export const message = (id: string, messageName: string, senders?: string): string =>
  `<bpmn:message id="${id}" name="${messageName}"${senders ? ` rf:senders="${senders}"` : ''}><bpmn:extensionElements><zeebe:subscription correlationKey="=businessKey" /></bpmn:extensionElements></bpmn:message>`;
export const error = (id: string, label: string, code: string): string =>
  `<bpmn:error id="${id}" name="${esc(label)}" errorCode="${code}" />`;

export interface ProcessSpec {
  id: string;
  name: string;
  documentation: string;
  /** rf:startableBy: roles that may start a case (absent: admin only) */
  startableBy?: string;
  /** forms of processes/forms/ embedded as zeebe:userTaskForm (ids = file names) */
  forms?: string[];
  roots: string[];
  body: string;
  /** Layout hints: element id → row within its container (0 = the main line). */
  rows?: Record<string, number>;
}

function semantic(p: ProcessSpec): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:rf="http://reviewflow.dev/schema/bpmn/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${p.id}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.31.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
${p.roots.map((r) => `  ${r}`).join('\n')}
  <bpmn:process id="${p.id}" name="${esc(p.name)}"${
    p.startableBy ? ` rf:startableBy="${p.startableBy}"` : ''
  } isExecutable="true">
    <bpmn:documentation>${esc(p.documentation.trim())}</bpmn:documentation>${
      p.forms?.length
        ? `\n    <bpmn:extensionElements>${p.forms.map((f) => userTaskFormXml(f, esc)).join('')}</bpmn:extensionElements>`
        : ''
    }
${p.body.trim()}
  </bpmn:process>
`;
}

// ---- layout -----------------------------------------------------------------------------------------------

interface Node {
  $type: string;
  id: string;
  flowElements?: Node[];
  sourceRef?: Node;
  targetRef?: Node;
  attachedToRef?: Node;
  triggeredByEvent?: boolean;
}
interface Box {
  id: string;
  type: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Placed {
  w: number;
  h: number;
  boxes: Box[];
}

const COL_GAP = 50;
const ROW_GAP = 60;

function shapeSize(type: string): { w: number; h: number } {
  if (type.endsWith('Event')) return { w: 36, h: 36 };
  if (type.endsWith('Gateway')) return { w: 50, h: 50 };
  return { w: 110, h: 80 };
}

/**
 * Columns by longest path from the start (back edges ignored), rows by branch: the first successor stays on its
 * predecessor's row, further successors open rows below. Subprocesses are laid out recursively.
 */
function place(container: Node, padded: boolean, pinned: Record<string, number>): Placed {
  const all = container.flowElements ?? [];
  const nodes = all.filter(
    (e) => e.$type !== 'bpmn:SequenceFlow' && e.$type !== 'bpmn:BoundaryEvent' && !e.triggeredByEvent,
  );
  const boundaries = all.filter((e) => e.$type === 'bpmn:BoundaryEvent');
  const eventSubs = all.filter((e) => e.triggeredByEvent);
  const flows = all.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const hostOf = new Map(boundaries.map((b) => [b.id, b.attachedToRef?.id ?? '']));
  const next = new Map<string, string[]>();
  for (const f of flows) {
    const s = f.sourceRef?.id ?? '';
    const from = hostOf.get(s) ?? s;
    next.set(from, [...(next.get(from) ?? []), f.targetRef?.id ?? '']);
  }
  const targets = new Set(flows.map((f) => f.targetRef?.id));
  const col = new Map<string, number>();
  const path = new Set<string>();
  const deepen = (id: string, c: number): void => {
    if (path.has(id) || (col.get(id) ?? -1) >= c) return;
    col.set(id, c);
    path.add(id);
    for (const n of next.get(id) ?? []) deepen(n, c + 1);
    path.delete(id);
  };
  const roots = nodes.filter((n) => !targets.has(n.id));
  for (const r of roots) deepen(r.id, 0);
  for (const n of nodes) if (!col.has(n.id)) deepen(n.id, 0);

  // rows: walk breadth-first from the roots, children inherit their parent's row when free
  const row = new Map<string, number>();
  const taken = new Set<string>();
  const claim = (id: string, wanted: number): void => {
    const c = col.get(id) ?? 0;
    let r = pinned[id] ?? wanted;
    while (taken.has(`${c}:${r}`)) r++;
    row.set(id, r);
    taken.add(`${c}:${r}`);
  };
  const queue = roots.map((r) => r.id);
  queue.forEach((id) => claim(id, 0));
  while (queue.length) {
    const id = queue.shift() as string;
    const succ = (next.get(id) ?? []).filter((n) => !row.has(n) && (col.get(n) ?? 0) > (col.get(id) ?? 0));
    succ.forEach((n, i) => {
      claim(n, (row.get(id) ?? 0) + i);
      queue.push(n);
    });
  }
  for (const n of nodes) if (!row.has(n.id)) claim(n.id, 0);

  const inner = new Map<string, Placed>();
  const size = (n: Node): { w: number; h: number } => {
    if (n.$type !== 'bpmn:SubProcess') return shapeSize(n.$type);
    let p = inner.get(n.id);
    if (!p) {
      p = place(n, true, pinned);
      inner.set(n.id, p);
    }
    return { w: p.w, h: p.h };
  };
  const colW: number[] = [];
  const rowH: number[] = [];
  for (const n of nodes) {
    const c = col.get(n.id) ?? 0;
    const r = row.get(n.id) ?? 0;
    const s = size(n);
    colW[c] = Math.max(colW[c] ?? 0, s.w);
    rowH[r] = Math.max(rowH[r] ?? 0, s.h);
  }
  const pad = padded ? 40 : 0;
  const colX: number[] = [];
  let x = pad;
  for (let c = 0; c < colW.length; c++) {
    colX[c] = x;
    x += (colW[c] ?? 0) + COL_GAP;
  }
  const rowY: number[] = [];
  let y = pad;
  for (let r = 0; r < rowH.length; r++) {
    rowY[r] = y;
    y += (rowH[r] ?? 80) + ROW_GAP;
  }
  const boxes: Box[] = [];
  const byId = new Map<string, Box>();
  for (const n of nodes) {
    const c = col.get(n.id) ?? 0;
    const r = row.get(n.id) ?? 0;
    const s = size(n);
    const b: Box = {
      id: n.id,
      type: n.$type,
      x: (colX[c] ?? 0) + ((colW[c] ?? 0) - s.w) / 2,
      y: (rowY[r] ?? 0) + ((rowH[r] ?? 0) - s.h) / 2,
      w: s.w,
      h: s.h,
    };
    boxes.push(b);
    byId.set(n.id, b);
    for (const ib of inner.get(n.id)?.boxes ?? []) boxes.push({ ...ib, x: ib.x + b.x, y: ib.y + b.y });
  }
  const perHost = new Map<string, number>();
  for (const be of boundaries) {
    const host = byId.get(be.attachedToRef?.id ?? '');
    if (!host) continue;
    const i = perHost.get(host.id) ?? 0;
    perHost.set(host.id, i + 1);
    boxes.push({
      id: be.id,
      type: be.$type,
      x: host.x + host.w - 56 - i * 46,
      y: host.y + host.h - 18,
      w: 36,
      h: 36,
    });
  }
  let espX = pad;
  let bottom = y;
  for (const e of eventSubs) {
    const p = place(e, true, pinned);
    boxes.push({ id: e.id, type: 'bpmn:SubProcess', x: espX, y, w: p.w, h: p.h });
    for (const ib of p.boxes) boxes.push({ ...ib, x: ib.x + espX, y: ib.y + y });
    espX += p.w + COL_GAP;
    bottom = Math.max(bottom, y + p.h + ROW_GAP);
  }
  const width = Math.max(x, espX) - COL_GAP + pad;
  return { w: Math.max(width, 200), h: bottom - ROW_GAP + pad, boxes };
}

function allElements(container: Node, out: Node[] = []): Node[] {
  for (const e of container.flowElements ?? []) {
    out.push(e);
    if (e.flowElements) allElements(e, out);
  }
  return out;
}

function diagram(process: Node, pinned: Record<string, number>): string {
  const origin = { x: 160, y: 100 };
  const placed = place(process, false, pinned);
  const boxes = new Map(
    placed.boxes.map((b) => [b.id, { ...b, x: Math.round(b.x + origin.x), y: Math.round(b.y + origin.y) }]),
  );
  const out: string[] = [
    `  <bpmndi:BPMNDiagram id="BPMNDiagram_1">`,
    `    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${process.id}">`,
  ];
  // containers first, so bpmn-js draws their content on top
  const ordered = [...boxes.values()].sort(
    (a, b) => Number(b.type === 'bpmn:SubProcess') - Number(a.type === 'bpmn:SubProcess'),
  );
  for (const b of ordered) {
    const extra =
      b.type === 'bpmn:SubProcess'
        ? ' isExpanded="true"'
        : b.type === 'bpmn:ExclusiveGateway'
          ? ' isMarkerVisible="true"'
          : '';
    out.push(`      <bpmndi:BPMNShape id="${b.id}_di" bpmnElement="${b.id}"${extra}>`);
    out.push(`        <dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" />`);
    out.push(`      </bpmndi:BPMNShape>`);
  }
  for (const f of allElements(process).filter((e) => e.$type === 'bpmn:SequenceFlow')) {
    const s = boxes.get(f.sourceRef?.id ?? '');
    const t = boxes.get(f.targetRef?.id ?? '');
    if (!s || !t) continue;
    const sy = s.y + s.h / 2;
    const ty = t.y + t.h / 2;
    let pts: [number, number][];
    if (s.type === 'bpmn:BoundaryEvent') {
      const down = Math.max(ty, s.y + s.h + 20);
      pts = [
        [s.x + s.w / 2, s.y + s.h],
        [s.x + s.w / 2, down],
        [t.x, down],
      ];
    } else if (t.x <= s.x) {
      // back edge: loop under both ends and come back up
      const low = Math.max(s.y + s.h, t.y + t.h) + 25;
      pts = [
        [s.x + s.w / 2, s.y + s.h],
        [s.x + s.w / 2, low],
        [t.x + t.w / 2, low],
        [t.x + t.w / 2, t.y + t.h],
      ];
    } else if (Math.abs(sy - ty) < 1) {
      pts = [
        [s.x + s.w, sy],
        [t.x, ty],
      ];
    } else if (s.type.endsWith('Gateway') && ty > sy) {
      // a gateway's branch: leave from the bottom, then run right
      pts = [
        [s.x + s.w / 2, s.y + s.h],
        [s.x + s.w / 2, ty],
        [t.x, ty],
      ];
    } else {
      // turn in the gap right after the source, where no shape stands, then run along the target's row
      const turn = s.x + s.w + COL_GAP / 2;
      pts = [
        [s.x + s.w, sy],
        [turn, sy],
        [turn, ty],
        [t.x, ty],
      ];
    }
    out.push(`      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">`);
    for (const [px, py] of pts)
      out.push(`        <di:waypoint x="${Math.round(px)}" y="${Math.round(py)}" />`);
    out.push(`      </bpmndi:BPMNEdge>`);
  }
  out.push(`    </bpmndi:BPMNPlane>`, `  </bpmndi:BPMNDiagram>`);
  return out.join('\n');
}

/** The complete file: semantic XML plus diagram interchange. */
export async function renderProcess(p: ProcessSpec): Promise<string> {
  const xml = semantic(p);
  const moddle = BpmnModdle({ zeebe: zeebeDescriptor, rf: rfModdleDescriptor });
  const { rootElement, warnings } = await moddle.fromXML(`${xml}</bpmn:definitions>\n`, 'bpmn:Definitions');
  if (warnings.length) throw new Error(`${p.id}: ${warnings.map((w) => w.message).join('; ')}`);
  const process = ((rootElement as unknown as { rootElements: Node[] }).rootElements ?? []).find(
    (r) => r.$type === 'bpmn:Process',
  );
  if (!process) throw new Error(`${p.id}: no process`);
  return `${xml}${diagram(process, p.rows ?? {})}\n</bpmn:definitions>\n`;
}
