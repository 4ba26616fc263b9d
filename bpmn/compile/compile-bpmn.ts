// BPMN XML (Camunda 8 dialect + rf extensions) → validated ProcessGraph. Node-side, no I/O.
// The orchestration: parse, walk the scopes, dispatch each element to its kind's rules (bpmn/elements/<kind>/,
// registry element-rules.compile.ts), the checks across elements (flows, reachability), canonical JSON and hash.
import { createHash } from 'node:crypto';
import { BpmnModdle, type ParseResult } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { feelSyntaxError, isFeel, stripEquals } from '../feel/feel';
import type { FormSpec } from '../forms/form-schema';
import {
  GRAPH_VERSION,
  type EventDefinition,
  type FlowNode,
  type IoMapping,
  type ProcessGraph,
  type SequenceFlow,
} from '../graph.types';
import type { TimerStartSchedule } from '../timers/timer-start-schedule';
import { lintCamunda } from './camunda-lint';
import { canonicalJson } from './canonical-json';
import type { ElementCompileContext, GraphCheckContext } from './compile-context';
import { type Mod, arr, body, mod, roleList, str } from './moddle-read';
import { rfModdleDescriptor } from './rf-moddle.descriptor';
// the element kinds' compile rules (bpmn/elements/<kind>/<kind>.compile.ts)
import { resolveAdHocSubProcesses } from '../elements/ad-hoc-subprocess/ad-hoc-subprocess.compile';
import { wireBoundaryEvent } from '../elements/boundary-event/boundary-event.compile';
import {
  type ResolveDecision,
  bindDecisions,
} from '../elements/business-rule-task/business-rule-task.compile';
import { resolveCompensation } from '../elements/compensation/compensation.compile';
import { ELEMENT_RULES } from '../elements/element-rules.compile';
import { checkEndEvent } from '../elements/end-event/end-event.compile';
import { eventDefinition } from '../elements/event-definitions.compile';
import {
  EXECUTION_LISTENERS_EXTENSION,
  checkListenerPlacement,
  executionListeners,
} from '../elements/execution-listeners/execution-listeners.compile';
import { checkOutgoingFlows, resolveInclusiveUpstream } from '../elements/gateways/gateways.compile';
import { isLinkEvent, linkEvent, resolveLinks } from '../elements/link-event/link-event.compile';
import {
  messageRequires as findMessageRequires,
  messageSenders as findMessageSenders,
} from '../elements/message/message.compile';
import { multiInstanceDefinition } from '../elements/multi-instance/multi-instance.compile';
import { checkStartEvent, startEvent } from '../elements/start-event/start-event.compile';
import { checkEventSubProcessFlows } from '../elements/sub-process/sub-process.compile';
import { MIN_CYCLE_PERIOD_MS, type TimerStart, minimumDurationMs } from '../elements/timer/timer.compile';
import { checkDistinctFrom } from '../elements/user-task/user-task.compile';
import { FormDefinitions } from '../elements/user-task/user-task-form.compile';

export interface CompileError {
  elementId?: string;
  message: string;
  /** a stable reason for refusals clients may want to explain (e.g. DECISION_NOT_DEPLOYED) */
  code?: string;
}

/** `warnings`: what Zeebe would ignore and so do we (foreign extension elements, ...); absent when none. */
export type CompileResult =
  | { ok: true; graph: ProcessGraph; hash: string; warnings?: CompileError[] }
  | { ok: false; errors: CompileError[]; warnings?: CompileError[] };

export interface CompileOptions {
  /** When given, service task types outside this list are refused. */
  knownTaskTypes?: readonly string[];
  /** Looks up the latest deployed version of a linked form (zeebe:formDefinition formId); absent: none known. */
  resolveForm?: (formId: string) => Promise<{ version: number; schema: unknown } | undefined>;
  /** Also run Camunda Modeler's lint (bpmnlint + camunda-compat, camunda-lint.ts): deploys do, tests need not. */
  lint?: boolean;
  /** Looks up the latest deployed version of a called decision (zeebe:calledDecision); absent: none known. */
  resolveDecision?: ResolveDecision;
}

/** Runaway guard (issue 17): subprocess nesting. */
export const MAX_SCOPE_DEPTH = 32;
export { MIN_CYCLE_PERIOD_MS, minimumDurationMs };

/** Elements that carry no execution semantics and are skipped. */
const ARTIFACT_TYPES = new Set([
  'bpmn:TextAnnotation',
  'bpmn:Association',
  'bpmn:Group',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

const IGNORED_EXTENSIONS = new Set([
  'zeebe:UserTask',
  'zeebe:UserTaskForm',
  'zeebe:Properties',
  'zeebe:VersionTag',
  'zeebe:PriorityDefinition',
]);

class Compiler implements ElementCompileContext, GraphCheckContext {
  readonly errors: CompileError[] = [];
  readonly warnings: CompileError[] = [];
  readonly nodes: Record<string, FlowNode> = {};
  readonly flows: Record<string, SequenceFlow> = {};
  /** moddle element per node id, for the second pass */
  private readonly sources = new Map<string, Mod>();
  /** is this an element of the deployed process (not of an ignored pool)? */
  owns(id: string): boolean {
    return this.sources.has(id) || id === this.processId;
  }
  /** the BPMN type of an element of the deployed process ('bpmn:EndEvent', ...) */
  typeOf(id: string): string | undefined {
    return this.sources.get(id)?.$type;
  }
  private readonly scopeStarts = new Map<string, string[]>();
  private readonly scopeEventSubs = new Map<string, string[]>();
  /** bpmn:association artifacts of every scope: they link compensation boundaries to their handlers */
  private readonly associations: Mod[] = [];
  private rejectedSome = false;
  /** top-level signal start events */
  private readonly signalStarts: { elementId: string; signalName: string }[] = [];
  /** top-level message start events */
  private readonly messageStarts: { elementId: string; messageName: string }[] = [];
  /** top-level timer start events, their schedules read at deploy */
  private readonly timerStarts: { elementId: string; schedule: TimerStartSchedule }[] = [];
  /** set while the event definition of a process-level start event is read */
  private atProcessStart = false;
  private processId = '';
  /** the forms of user tasks and of the start event (user-task-form.compile.ts) */
  private readonly forms: FormDefinitions;
  startForm: FormSpec | undefined;

  constructor(readonly options: CompileOptions) {
    this.forms = new FormDefinitions(this, options.resolveForm);
  }

  err(elementId: string | undefined, message: string, code?: string): void {
    const e: CompileError = elementId === undefined ? { message } : { elementId, message };
    this.errors.push(code ? { ...e, code } : e);
  }

  warn(elementId: string | undefined, message: string): void {
    this.warnings.push(elementId === undefined ? { message } : { elementId, message });
  }

  feel(elementId: string, value: string | undefined, what: string, requireFeel = false): void {
    if (value === undefined) return;
    if (!isFeel(value)) {
      if (requireFeel) this.err(elementId, `${what} must be a FEEL expression starting with '='`);
      return;
    }
    const problem = feelSyntaxError(stripEquals(value));
    if (problem) this.err(elementId, `${what}: ${problem}`);
  }

  /** Before the walk: the process id and its embedded forms (zeebe:userTaskForm). */
  prepareForms(process: Mod): void {
    this.processId = process.id ?? '';
    this.forms.prepare(process);
  }

  async resolveForms(): Promise<void> {
    await this.forms.resolve();
  }

  compileProcess(process: Mod): ProcessGraph | undefined {
    const processId = process.id ?? '';
    this.checkAttrs(process);
    this.walkScope(process, processId);
    resolveLinks(this.nodes, this.flows, this);
    const starts = this.scopeStarts.get(processId) ?? [];
    // a process may start by signal or message only (POST /cases then refuses it)
    const eventStarts = this.signalStarts.length + this.messageStarts.length + this.timerStarts.length;
    if (starts.length === 0 && eventStarts === 0)
      this.err(processId, 'the process needs exactly one none start event; found none');
    if (starts.length > 1)
      this.err(processId, `the process needs exactly one none start event; found ${starts.length}`);
    this.secondPass();
    resolveCompensation(this.nodes, this.associations, this);
    checkListenerPlacement(this.nodes, this.flows, this);
    const listeners = this.listenersOf(process, processId);
    resolveAdHocSubProcesses(this.nodes, this);
    // an element we could not build breaks the flows through it: unreachability would only be noise then
    if (!this.rejectedSome && starts.length + eventStarts >= 1 && starts.length <= 1)
      this.checkReachability(processId);
    const startableBy = roleList(process, 'rf:startableBy', this);
    if (this.errors.length > 0) return undefined;
    return {
      graphVersion: GRAPH_VERSION,
      processId,
      name: str(process.name),
      startEvent: starts[0] ?? '',
      eventSubProcesses: this.scopeEventSubs.get(processId) ?? [],
      ...(startableBy ? { startableBy } : {}),
      ...(listeners ? { listeners } : {}),
      ...(this.signalStarts.length ? { signalStarts: this.signalStarts } : {}),
      ...(this.messageStarts.length ? { messageStarts: this.messageStarts } : {}),
      ...(this.timerStarts.length ? { timerStarts: this.timerStarts } : {}),
      nodes: this.nodes,
      flows: this.flows,
    };
  }

  checkAttrs(el: Mod): void {
    for (const attr of Object.keys(el.$attrs ?? {})) {
      if (/^(rf|zeebe|camunda):/.test(attr)) this.err(el.id, `unsupported attribute ${attr} on ${el.$type}`);
    }
  }

  /** zeebe:executionListeners of an element or the process (with the element's task headers); absent: none. */
  private listenersOf(el: Mod, id: string) {
    const headers: Record<string, string> = {};
    for (const h of arr(this.ext(el, 'zeebe:TaskHeaders')?.values)) {
      const key = str(h.key);
      if (key) headers[key] = str(h.value) ?? '';
    }
    return executionListeners(el, id, headers, this, {
      refuseJobs: this.options.knownTaskTypes !== undefined,
    });
  }

  startsOf(scopeId: string): string[] {
    return this.scopeStarts.get(scopeId) ?? [];
  }

  eventSubProcessesOf(scopeId: string): string[] {
    return this.scopeEventSubs.get(scopeId) ?? [];
  }

  isElement(id: string): boolean {
    return this.sources.has(id);
  }

  private extensions(el: Mod): Mod[] {
    return arr(mod(el.extensionElements)?.values);
  }

  ext(el: Mod, type: string): Mod | undefined {
    return this.extensions(el).find((e) => e.$type === type);
  }

  checkExtensions(el: Mod, allowed: string[]): void {
    for (const e of this.extensions(el)) {
      // execution listeners: read by listenersOf, on every element that reaches this check
      if (
        IGNORED_EXTENSIONS.has(e.$type) ||
        allowed.includes(e.$type) ||
        e.$type === EXECUTION_LISTENERS_EXTENSION
      )
        continue;
      if (!/^(zeebe|rf|bpmn):/.test(e.$type)) {
        // another tool's namespace: Zeebe ignores it, so do we (issue 15 item 4)
        this.warn(el.id, `extension element ${e.$type} ignored (not part of the Camunda 8 dialect)`);
        continue;
      }
      this.err(el.id, `unsupported extension element ${e.$type} on ${el.$type}`);
    }
  }

  ioMapping(el: Mod, id: string): { inputs: IoMapping[]; outputs: IoMapping[] } {
    const io = this.ext(el, 'zeebe:IoMapping');
    const conv = (params: unknown, what: string): IoMapping[] =>
      arr(params).map((p) => {
        const source = str(p.source) ?? '';
        const target = str(p.target) ?? '';
        if (target.trim() === '') this.err(id, `${what} mapping without a target`);
        // Zeebe: an input without a source creates the variable with null
        if (source.trim() === '' && what === 'input') return { source: '=null', target };
        if (source.trim() === '') this.err(id, `${what} mapping for '${target}' without a source`);
        this.feel(id, source, `${what} mapping source for '${target}'`);
        return { source, target };
      });
    return { inputs: conv(io?.inputParameters, 'input'), outputs: conv(io?.outputParameters, 'output') };
  }

  /** subprocess nesting of the scope being walked (the process is 0) */
  private depth = -1;

  walkScope(container: Mod, scopeId: string): void {
    const starts: string[] = [];
    const eventSubs: string[] = [];
    if (this.depth + 1 > MAX_SCOPE_DEPTH) {
      this.err(scopeId, `subprocesses nest more than ${MAX_SCOPE_DEPTH} levels deep`);
      this.rejectedSome = true;
      return;
    }
    this.depth += 1;
    try {
      this.walkElements(container, scopeId, starts, eventSubs);
    } finally {
      this.depth -= 1;
    }
    for (const artifact of arr(container.artifacts)) {
      if (artifact.$type === 'bpmn:Association') this.associations.push(artifact);
      if (!ARTIFACT_TYPES.has(artifact.$type)) this.err(artifact.id, `unsupported element ${artifact.$type}`);
    }
    this.scopeStarts.set(scopeId, starts);
    this.scopeEventSubs.set(scopeId, eventSubs);
  }

  private walkElements(container: Mod, scopeId: string, starts: string[], eventSubs: string[]): void {
    for (const child of arr(container.flowElements)) {
      const id = child.id ?? '';
      if (child.$type === 'bpmn:SequenceFlow') {
        this.sequenceFlow(child, scopeId);
        continue;
      }
      if (ARTIFACT_TYPES.has(child.$type)) continue;
      if (this.sources.has(id)) {
        this.err(id, `duplicate id ${id}`);
        continue;
      }
      this.sources.set(id, child);
      this.checkAttrs(child);
      const node = this.flowNode(child, scopeId);
      if (!node) {
        this.rejectedSome = true;
        continue;
      }
      const listeners = this.listenersOf(child, id);
      if (listeners) node.listeners = listeners;
      this.nodes[id] = node;
      if (node.kind === 'startEvent' && !node.eventDefinition) starts.push(id);
      if (node.kind === 'eventSubProcess') eventSubs.push(id);
    }
  }

  private sequenceFlow(f: Mod, scopeId: string): void {
    const id = f.id ?? '';
    const source = mod(f.sourceRef)?.id;
    const target = mod(f.targetRef)?.id;
    if (!source || !target) {
      this.err(
        id,
        `sequence flow ${id} is dangling: ${!source ? 'sourceRef' : 'targetRef'} does not name an element`,
      );
      return;
    }
    const cond = mod(f.conditionExpression);
    let condition: string | undefined;
    if (cond) {
      condition = body(cond) ?? '';
      this.feel(id, condition, 'condition', true);
    }
    if (this.flows[id]) this.err(id, `duplicate id ${id}`);
    this.flows[id] = { id, source, target, condition };
    void scopeId;
  }

  eventDefinition(
    el: Mod,
    id: string,
    allowed: EventDefinition['kind'][],
  ): EventDefinition | undefined | null {
    const onTimerStart = this.atProcessStart
      ? (start: TimerStart) => this.timerStarts.push(start)
      : undefined;
    return eventDefinition(el, id, allowed, this, onTimerStart);
  }

  /** Dispatches the element to its kind's compile rules (ELEMENT_RULES, bpmn/elements/element-rules.compile.ts). */
  private flowNode(el: Mod, scope: string): FlowNode | undefined {
    const id = el.id ?? '';
    const base = { id, name: str(el.name), scope, incoming: [] as string[], outgoing: [] as string[] };
    if (isLinkEvent(el)) {
      this.checkExtensions(el, []);
      return linkEvent(el, base, this);
    }
    if (el.$type === 'bpmn:StartEvent')
      return startEvent(el, base, this, {
        atProcess: scope === this.processId,
        definition: (allowed) => {
          this.atProcessStart = scope === this.processId;
          const def = this.eventDefinition(el, id, allowed);
          this.atProcessStart = false;
          return def;
        },
        signalStarts: this.signalStarts,
        messageStarts: this.messageStarts,
        readStartForm: () => void this.forms.read(el, id, (form) => (this.startForm = form)),
      });
    const rule = ELEMENT_RULES[el.$type];
    if (!rule) {
      this.err(id, `unsupported element ${el.$type.replace('bpmn:', '')} ${id}`);
      return undefined;
    }
    if (rule.type === 'node') return rule.compile(el, base, this);
    // what every activity has, before its kind's own rules
    this.checkExtensions(el, [...rule.extensions]);
    const act = {
      ...base,
      ...this.ioMapping(el, id),
      boundaryEvents: [] as string[],
      multiInstance: multiInstanceDefinition(el, id, this),
      // a compensation handler: started by a compensation throw only (compensation.compile.ts)
      ...(el.isForCompensation === true ? { forCompensation: true as const } : {}),
    };
    return rule.compile(el, act, this, base);
  }

  readForm(el: Mod, id: string, apply: (form: FormSpec) => void): boolean {
    return this.forms.read(el, id, apply);
  }

  /** Wires flows to nodes and checks everything that needs the whole graph. */
  private secondPass(): void {
    for (const flow of Object.values(this.flows)) {
      const s = this.nodes[flow.source];
      const t = this.nodes[flow.target];
      if (!s || !t) {
        if (this.sources.has(flow.source) && this.sources.has(flow.target)) {
          // endpoint already rejected: the surviving end keeps the flow, so it reports no echo of that error
          s?.outgoing.push(flow.id);
          t?.incoming.push(flow.id);
          continue;
        }
        this.err(
          flow.id,
          `sequence flow ${flow.id} is dangling: ${!s ? flow.source : flow.target} is not an element of this process`,
        );
        continue;
      }
      if (s.scope !== t.scope) this.err(flow.id, `sequence flow ${flow.id} crosses a subprocess boundary`);
      s.outgoing.push(flow.id);
      t.incoming.push(flow.id);
    }
    for (const node of Object.values(this.nodes)) {
      wireBoundaryEvent(node, this);
      checkStartEvent(node, this, this.processId);
      checkEventSubProcessFlows(node, this);
      checkEndEvent(node, this);
      checkOutgoingFlows(node, this);
      checkDistinctFrom(node, this);
    }
    resolveInclusiveUpstream(this);
  }

  private checkReachability(processId: string): void {
    const reached = new Set<string>();
    const stack: string[] = [];
    const enterScope = (scopeId: string): void => {
      for (const s of this.scopeStarts.get(scopeId) ?? []) stack.push(s);
      for (const e of this.scopeEventSubs.get(scopeId) ?? []) stack.push(e);
    };
    enterScope(processId);
    for (const s of [...this.signalStarts, ...this.messageStarts, ...this.timerStarts])
      stack.push(s.elementId);
    // every start event of the process is a root: a refused one is reported once, not again on what follows it
    for (const n of Object.values(this.nodes))
      if (n.kind === 'startEvent' && n.eventDefinition && n.scope === processId) stack.push(n.id);
    while (stack.length) {
      const id = stack.pop() as string;
      if (reached.has(id)) continue;
      reached.add(id);
      const node = this.nodes[id];
      if (!node) continue;
      if (node.kind === 'subProcess') enterScope(id);
      if (node.kind === 'adHocSubProcess') {
        stack.push(...node.adHocActivities);
        enterScope(id); // a refused event subprocess inside is reported once, not again as unreachable
      }
      if (node.kind === 'eventSubProcess') {
        stack.push(node.startEvent);
        enterScope(id);
      }
      if ('boundaryEvents' in node) stack.push(...node.boundaryEvents);
      if (node.kind === 'boundaryEvent' && node.compensationHandler) stack.push(node.compensationHandler);
      for (const f of node.outgoing) stack.push((this.flows[f] as SequenceFlow).target);
    }
    for (const node of Object.values(this.nodes)) {
      if (!reached.has(node.id))
        this.err(node.id, `${node.kind} ${node.id} is unreachable from a start event`);
    }
  }
}

function warningId(message: string): string | undefined {
  return /duplicate ID <([^>]+)>/.exec(message)?.[1];
}

function warningMessage(message: string): string {
  const nested = /nested error: (.*)$/m.exec(message)?.[1];
  const what = /unparsable content (<[^>\s]+)/.exec(message)?.[1];
  if (nested && what) return `${nested.trim()} (in ${what}>)`;
  return message.split('\n')[0] ?? message;
}

/** Compiles Camunda 8 BPMN XML into a ProcessGraph, or lists every problem found with its element id. */
export async function compileBpmn(xml: string, options: CompileOptions = {}): Promise<CompileResult> {
  if (typeof xml !== 'string' || xml.trim() === '')
    return { ok: false, errors: [{ message: 'the BPMN document is empty' }] };
  const moddle = BpmnModdle({ zeebe: zeebeDescriptor, rf: rfModdleDescriptor });
  let parsed: ParseResult;
  try {
    parsed = await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (err) {
    const e = err as Error & { warnings?: { message: string }[] };
    const detail = e.warnings?.[0] ? warningMessage(e.warnings[0].message) : warningMessage(e.message);
    const hint = /unexpected element <[^>]*definitions>/i.test(detail)
      ? ' (is the root <definitions> in the BPMN 2.0 namespace http://www.omg.org/spec/BPMN/20100524/MODEL?)'
      : '';
    return { ok: false, errors: [{ message: `not a readable BPMN 2.0 document: ${detail}${hint}` }] };
  }
  const compiler = new Compiler(options);
  for (const w of parsed.warnings) {
    // reported better by our own checks (dangling flows, rf/zeebe attributes)
    if (/^unresolved reference|^unknown attribute <(rf|zeebe|camunda):/.test(w.message)) continue;
    const elementId = warningId(w.message) ?? w.element?.id;
    // stray text where only elements belong (e.g. in extensionElements): Zeebe's parser skips it, and so do we
    const stray = /nested error: unexpected body text <([\s\S]*)>/.exec(w.message)?.[1];
    if (stray !== undefined) {
      compiler.warn(elementId, `stray text '${stray.trim().slice(0, 40)}' ignored`);
      continue;
    }
    compiler.err(elementId, warningMessage(w.message));
  }
  const definitions = parsed.rootElement as unknown as Mod;
  const roots = arr(definitions.rootElements);
  const processes = roots.filter((r) => r.$type === 'bpmn:Process');
  const executable = processes.filter((p) => p.isExecutable === true);
  // collaborations: one pool's executable process runs; the other pools and the message flows are ignored
  // as in Zeebe (deployedProcess says which one)
  if (executable.length === 0) {
    compiler.err(
      processes[0]?.id,
      processes.length ? 'no process is marked isExecutable="true"' : 'the document has no process',
    );
    return { ok: false, errors: compiler.errors, ...warningsOf(compiler) };
  }
  const chosen = deployedProcess(roots, executable);
  for (const p of executable)
    if (p !== chosen)
      compiler.warn(
        p.id,
        `process ${p.id ?? ''} is executable too but is not deployed (one process per file: deploy it from its own file)`,
      );
  compiler.prepareForms(chosen);
  const graph = compiler.compileProcess(chosen);
  await compiler.resolveForms();
  await bindDecisions(compiler.nodes, options.resolveDecision, compiler);
  if (graph && compiler.startForm) graph.startForm = compiler.startForm;
  const messageSenders = findMessageSenders(roots, compiler);
  const messageRequires = findMessageRequires(roots, compiler);
  if (options.lint) await camundaLint(compiler, definitions);
  if (!graph || compiler.errors.length)
    return { ok: false, errors: dedupe(compiler.errors), ...warningsOf(compiler) };
  if (Object.keys(messageSenders).length) graph.messageSenders = messageSenders;
  if (Object.keys(messageRequires).length) graph.messageRequires = messageRequires;
  const json = canonicalJson(graph);
  return {
    ok: true,
    graph: JSON.parse(json) as ProcessGraph,
    hash: createHash('sha256').update(json).digest('hex'),
    ...warningsOf(compiler),
  };
}

/** Camunda's lint beside ours; what it finds in pools Zeebe ignores is only a warning. */
/**
 * Lint errors where the Modeler is stricter than Zeebe's deploy: a message thrown by a job (throw or end event) needs
 * no zeebe:subscription on its message (only catching needs a correlation key).
 */
function zeebeAccepts(finding: { rule: string }, type: string | undefined): boolean {
  return (
    finding.rule === 'camunda-compat/subscription' &&
    (type === 'bpmn:IntermediateThrowEvent' || type === 'bpmn:EndEvent')
  );
}

async function camundaLint(compiler: Compiler, definitions: Mod): Promise<void> {
  const reported = new Set(compiler.errors.flatMap((e) => (e.elementId ? [e.elementId] : [])));
  const found = await lintCamunda(definitions, reported);
  for (const e of found.errors)
    if (
      e.elementId !== undefined &&
      (!compiler.owns(e.elementId) || zeebeAccepts(e, compiler.typeOf(e.elementId)))
    )
      compiler.warn(e.elementId, e.message);
    else compiler.err(e.elementId, e.message);
  for (const w of found.warnings) compiler.warn(w.elementId, w.message);
}

function warningsOf(compiler: Compiler): { warnings?: CompileError[] } {
  return compiler.warnings.length ? { warnings: dedupe(compiler.warnings) } : {};
}

/**
 * Zeebe deploys every executable process of a file; a reviewflow definition is one process. We take the first
 * executable pool of the collaboration (participant order, as the Modeler draws them), else the first
 * executable process in document order; the others are reported as warnings.
 */
function deployedProcess(roots: Mod[], executable: Mod[]): Mod {
  for (const r of roots) {
    if (r.$type !== 'bpmn:Collaboration') continue;
    for (const participant of arr(r.participants)) {
      const ref = mod(participant.processRef);
      const found = executable.find((p) => p === ref || (ref?.id !== undefined && p.id === ref.id));
      if (found) return found;
    }
  }
  return executable[0] as Mod;
}

function dedupe(errors: CompileError[]): CompileError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.elementId ?? ''}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
