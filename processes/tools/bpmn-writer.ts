// A tiny writer for hand-laid-out BPMN: each node carries its own position, so the diagram reads as designed
// (main path on one row, exceptions above and below) instead of whatever an auto-layout picks.
import { userTaskFormXml } from './programme-forms';

export type Kind =
  | 'startEvent'
  | 'endEvent'
  | 'userTask'
  | 'serviceTask'
  | 'sendTask'
  | 'scriptTask'
  | 'exclusiveGateway'
  | 'intermediateCatchEvent'
  | 'boundaryEvent'
  | 'subProcess';

export interface NodeSpec {
  id: string;
  kind: Kind;
  name?: string;
  /** Left edge and vertical centre line; boundary events take their position from the host. */
  x: number;
  cy: number;
  /** Attributes on the element itself, already escaped. */
  attrs?: Record<string, string>;
  /** Inner XML of bpmn:extensionElements. */
  ext?: string;
  /** Further inner XML (event definitions, loop characteristics). */
  body?: string;
  /** Sub-process size and children. */
  w?: number;
  h?: number;
  children?: NodeSpec[];
  flows?: FlowSpec[];
  /** Boundary event: host id and slot along the host's bottom edge (0 = rightmost). */
  attachedTo?: string;
  slot?: number;
}

export interface FlowSpec {
  id: string;
  from: string;
  to: string;
  name?: string;
  condition?: string;
  /** Explicit intermediate waypoints; otherwise an orthogonal route is chosen. */
  via?: [number, number][];
}

export interface MessageSpec {
  id: string;
  name: string;
  correlationKey: string;
  /** rf:senders: roles that may publish it through the API (absent: admin only) */
  senders?: string;
}

export interface ProcessSpec {
  id: string;
  name: string;
  documentation: string;
  /** rf:startableBy: roles that may start a case (absent: admin only) */
  startableBy?: string;
  /** forms of processes/forms/ embedded as zeebe:userTaskForm (ids = file names) */
  forms?: string[];
  messages: MessageSpec[];
  nodes: NodeSpec[];
  flows: FlowSpec[];
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  kind: Kind;
}

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function size(n: NodeSpec): { w: number; h: number } {
  if (n.kind === 'subProcess') return { w: n.w ?? 400, h: n.h ?? 200 };
  if (n.kind.endsWith('Event')) return { w: 36, h: 36 };
  if (n.kind === 'exclusiveGateway') return { w: 50, h: 50 };
  return { w: 100, h: 80 };
}

function place(nodes: NodeSpec[], boxes: Map<string, Box>): void {
  for (const n of nodes) {
    if (n.kind === 'boundaryEvent') continue;
    const s = size(n);
    const y = n.kind === 'subProcess' ? n.cy : n.cy - s.h / 2;
    boxes.set(n.id, { x: n.x, y, w: s.w, h: s.h, kind: n.kind });
    if (n.children) place(n.children, boxes);
  }
  for (const n of nodes) {
    if (n.kind === 'boundaryEvent') {
      const host = boxes.get(n.attachedTo ?? '');
      if (!host) throw new Error(`boundary ${n.id}: host ${n.attachedTo} not placed`);
      const slot = n.slot ?? 0;
      boxes.set(n.id, {
        x: host.x + host.w - 28 - slot * 50 - 18,
        y: host.y + host.h - 18,
        w: 36,
        h: 36,
        kind: n.kind,
      });
    }
    if (n.children)
      place(
        n.children.filter((c) => c.kind === 'boundaryEvent'),
        boxes,
      );
  }
}

function route(f: FlowSpec, boxes: Map<string, Box>): [number, number][] {
  const s = boxes.get(f.from);
  const t = boxes.get(f.to);
  if (!s || !t) throw new Error(`flow ${f.id}: unplaced end`);
  const scy = s.y + s.h / 2;
  const tcy = t.y + t.h / 2;
  const tIn: [number, number] = [t.x, tcy];
  if (f.via) {
    const first = f.via[0]!;
    const last = f.via[f.via.length - 1]!;
    // Leave (enter) vertically when the first (last) waypoint lies straight above or below the shape.
    const above = (b: Box, p: [number, number]) =>
      p[0] >= b.x && p[0] <= b.x + b.w && (p[1] < b.y || p[1] > b.y + b.h);
    const start: [number, number] = above(s, first)
      ? [first[0], first[1] < s.y ? s.y : s.y + s.h]
      : [s.x + s.w, scy];
    const end: [number, number] = above(t, last) ? [last[0], last[1] < t.y ? t.y : t.y + t.h] : tIn;
    return [start, ...f.via, end];
  }
  if (s.kind === 'boundaryEvent') {
    const bx = s.x + s.w / 2;
    return [[bx, s.y + s.h], [bx, tcy], tIn];
  }
  if (Math.abs(scy - tcy) < 1) return [[s.x + s.w, scy], tIn];
  if (s.kind === 'exclusiveGateway') {
    const gx = s.x + s.w / 2;
    return [[gx, tcy < scy ? s.y : s.y + s.h], [gx, tcy], tIn];
  }
  const mid = Math.round((s.x + s.w + t.x) / 2);
  return [[s.x + s.w, scy], [mid, scy], [mid, tcy], tIn];
}

function elementXml(n: NodeSpec, indent: string): string[] {
  const attrs = { id: n.id, ...(n.name ? { name: esc(n.name) } : {}), ...(n.attrs ?? {}) };
  if (n.kind === 'boundaryEvent') Object.assign(attrs, { attachedToRef: n.attachedTo ?? '' });
  const open = `${indent}<bpmn:${n.kind} ${Object.entries(attrs)
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ')}`;
  const inner: string[] = [];
  if (n.ext) inner.push(`${indent}  <bpmn:extensionElements>${n.ext}</bpmn:extensionElements>`);
  if (n.body) inner.push(`${indent}  ${n.body}`);
  if (n.children) {
    for (const c of n.children) inner.push(...elementXml(c, `${indent}  `));
    for (const f of n.flows ?? []) inner.push(flowXml(f, `${indent}  `));
  }
  if (inner.length === 0) return [`${open} />`];
  return [`${open}>`, ...inner, `${indent}</bpmn:${n.kind}>`];
}

function flowXml(f: FlowSpec, indent: string): string {
  const name = f.name ? ` name="${esc(f.name)}"` : '';
  const head = `${indent}<bpmn:sequenceFlow id="${f.id}"${name} sourceRef="${f.from}" targetRef="${f.to}"`;
  if (!f.condition) return `${head} />`;
  return `${head}><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
}

function allNodes(nodes: NodeSpec[]): NodeSpec[] {
  return nodes.flatMap((n) => [n, ...allNodes(n.children ?? [])]);
}
function allFlows(spec: { nodes: NodeSpec[]; flows: FlowSpec[] }): FlowSpec[] {
  return [...spec.flows, ...allNodes(spec.nodes).flatMap((n) => n.flows ?? [])];
}

export function renderProcess(p: ProcessSpec): string {
  const boxes = new Map<string, Box>();
  place(p.nodes, boxes);
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push(
    `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:rf="http://reviewflow.dev/schema/bpmn/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${p.id}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.31.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">`,
  );
  for (const m of p.messages)
    lines.push(
      `  <bpmn:message id="${m.id}" name="${esc(m.name)}"${
        m.senders ? ` rf:senders="${esc(m.senders)}"` : ''
      }><bpmn:extensionElements><zeebe:subscription correlationKey="${esc(m.correlationKey)}" /></bpmn:extensionElements></bpmn:message>`,
    );
  const startable = p.startableBy ? ` rf:startableBy="${esc(p.startableBy)}"` : '';
  lines.push(`  <bpmn:process id="${p.id}" name="${esc(p.name)}"${startable} isExecutable="true">`);
  lines.push(`    <bpmn:documentation>${esc(p.documentation.trim())}</bpmn:documentation>`);
  if (p.forms?.length)
    lines.push(
      `    <bpmn:extensionElements>${p.forms.map((f) => userTaskFormXml(f, esc)).join('')}</bpmn:extensionElements>`,
    );
  for (const n of p.nodes) lines.push(...elementXml(n, '    '));
  for (const f of p.flows) lines.push(flowXml(f, '    '));
  lines.push('  </bpmn:process>');
  lines.push('  <bpmndi:BPMNDiagram id="BPMNDiagram_1">');
  lines.push(`    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${p.id}">`);
  const nodes = allNodes(p.nodes);
  // Containers first, boundary events last, so the modeler draws them on top.
  const order = (n: NodeSpec) => (n.kind === 'subProcess' ? 0 : n.kind === 'boundaryEvent' ? 2 : 1);
  for (const n of [...nodes].sort((a, b) => order(a) - order(b))) {
    const b = boxes.get(n.id)!;
    const extra =
      n.kind === 'subProcess'
        ? ' isExpanded="true"'
        : n.kind === 'exclusiveGateway'
          ? ' isMarkerVisible="true"'
          : '';
    lines.push(`      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${extra}>`);
    lines.push(`        <dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" />`);
    lines.push('      </bpmndi:BPMNShape>');
  }
  for (const f of allFlows(p)) {
    lines.push(`      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">`);
    for (const [x, y] of route(f, boxes)) lines.push(`        <di:waypoint x="${x}" y="${y}" />`);
    lines.push('      </bpmndi:BPMNEdge>');
  }
  lines.push('    </bpmndi:BPMNPlane>');
  lines.push('  </bpmndi:BPMNDiagram>');
  lines.push('</bpmn:definitions>');
  return `${lines.join('\n')}\n`;
}

// ---- element helpers ---------------------------------------------------------------------------------------

/** zeebe:formDefinition of an embedded form (ProcessSpec.forms). */
export const formKeyXml = (formId: string): string =>
  `<zeebe:formDefinition formKey="camunda-forms:bpmn:${formId}" />`;

const userTaskExt = (assignment: string, io = ''): string =>
  `<zeebe:userTask /><zeebe:assignmentDefinition ${assignment} />${io}`;

export function userTask(
  id: string,
  name: string,
  x: number,
  cy: number,
  opts: {
    groups?: string;
    assignee?: string;
    decisions?: string;
    dueIn?: string;
    distinctFrom?: string;
    io?: string;
    /** rf:writes: what a completion may write besides decision and comment */
    writes?: string;
    /** id of an embedded form (ProcessSpec.forms) */
    form?: string;
  },
): NodeSpec {
  const assignment = [
    opts.groups ? `candidateGroups="${opts.groups}"` : '',
    opts.assignee ? `assignee="${esc(opts.assignee)}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const attrs: Record<string, string> = {};
  if (opts.decisions) attrs['rf:decisions'] = opts.decisions;
  if (opts.dueIn) Object.assign(attrs, { 'rf:dueIn': opts.dueIn, 'rf:calendar': 'cn-workday' });
  if (opts.distinctFrom) attrs['rf:distinctFrom'] = opts.distinctFrom;
  if (opts.writes) attrs['rf:writes'] = opts.writes;
  const form = opts.form ? formKeyXml(opts.form) : '';
  return { id, kind: 'userTask', name, x, cy, attrs, ext: userTaskExt(assignment, (opts.io ?? '') + form) };
}

/** An end event whose case ends with this rf:outcome (approved, rejected, ...). */
export const withOutcome = (n: NodeSpec, outcome: string): NodeSpec => ({
  ...n,
  attrs: { ...(n.attrs ?? {}), 'rf:outcome': outcome },
});

export function io(inputs: [string, string][], outputs: [string, string][] = []): string {
  const i = inputs.map(([target, source]) => `<zeebe:input source="${esc(source)}" target="${target}" />`);
  const o = outputs.map(([target, source]) => `<zeebe:output source="${esc(source)}" target="${target}" />`);
  return `<zeebe:ioMapping>${[...i, ...o].join('')}</zeebe:ioMapping>`;
}

export function service(
  id: string,
  name: string,
  x: number,
  cy: number,
  type: string,
  headers: Record<string, string>,
  inputs: [string, string][] = [],
  kind: 'serviceTask' | 'sendTask' = 'serviceTask',
  outputs: [string, string][] = [],
): NodeSpec {
  const h = Object.entries(headers)
    .map(([k, v]) => `<zeebe:header key="${k}" value="${esc(v)}" />`)
    .join('');
  const ext = `<zeebe:taskDefinition type="${type}" />${h ? `<zeebe:taskHeaders>${h}</zeebe:taskHeaders>` : ''}${inputs.length || outputs.length ? io(inputs, outputs) : ''}`;
  return { id, kind, name, x, cy, ext };
}

export function notify(
  id: string,
  name: string,
  x: number,
  cy: number,
  template: string,
  to: string,
  inputs: [string, string][] = [],
): NodeSpec {
  return service(id, name, x, cy, 'notify', { template, to }, inputs, 'sendTask');
}

export function script(
  id: string,
  name: string,
  x: number,
  cy: number,
  expression: string,
  result: string,
): NodeSpec {
  return {
    id,
    kind: 'scriptTask',
    name,
    x,
    cy,
    ext: `<zeebe:script expression="${esc(expression)}" resultVariable="${result}" />`,
  };
}

export function timerBody(kind: 'timeDuration' | 'timeDate', value: string, calendar?: string): string {
  const cal = calendar ? ` rf:calendar="${calendar}"` : '';
  return `<bpmn:timerEventDefinition${cal}><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${esc(value)}</bpmn:${kind}></bpmn:timerEventDefinition>`;
}

export const messageBody = (messageRef: string): string =>
  `<bpmn:messageEventDefinition messageRef="${messageRef}" />`;

export const event = (
  id: string,
  kind: 'startEvent' | 'endEvent' | 'intermediateCatchEvent',
  name: string | undefined,
  x: number,
  cy: number,
  body?: string,
  attrs?: Record<string, string>,
): NodeSpec => ({ id, kind, name, x, cy, body, attrs });

export const gateway = (
  id: string,
  name: string | undefined,
  x: number,
  cy: number,
  defaultFlow?: string,
): NodeSpec => ({
  id,
  kind: 'exclusiveGateway',
  name,
  x,
  cy,
  attrs: defaultFlow ? { default: defaultFlow } : {},
});

export const boundary = (
  id: string,
  name: string,
  host: string,
  slot: number,
  body: string,
  interrupting: boolean,
): NodeSpec => ({
  id,
  kind: 'boundaryEvent',
  name,
  x: 0,
  cy: 0,
  attachedTo: host,
  slot,
  body,
  attrs: interrupting ? {} : { cancelActivity: 'false' },
});
