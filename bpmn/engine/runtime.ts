// The token machinery shared by all element handlers: scopes, variables, joins, triggers, multi-instance,
// errors, incidents. Mutates the (already cloned) state it is given and collects effects.
import { FeelError, evaluateFeel, evaluateValue, stripEquals } from '../feel/feel';
import {
  isActivity,
  type ActivityNode,
  type BoundaryEventNode,
  type EventSubProcessNode,
  type FlowNode,
  type ProcessGraph,
  type StartEventNode,
  type TimerSpecDef,
} from '../graph.types';
import { EngineIncident } from './engine-incident';
import type {
  Effect,
  EngineOps,
  EngineState,
  HistoryEventType,
  Instance,
  ListenerProgress,
  TimerSpec,
  Variables,
} from './engine.types';
import {
  type ListenerRuntime,
  beginListeners,
  cancelListener,
  hasListeners,
  retryListener,
} from '../elements/execution-listeners/execution-listeners.engine';
import { handlers } from '../elements/handlers';
import type { ModificationPlan } from './modification';
import { findCatcher } from '../elements/boundary-event/event-catching.engine';
import { armSignal } from '../elements/signal/signal.engine';
import { dropCompensations, recordCompletion } from '../elements/compensation/compensation.engine';
import {
  AD_HOC_CONDITION_FAILED,
  adHocPathEnded,
} from '../elements/ad-hoc-subprocess/ad-hoc-subprocess.handler';

const CYCLE = /^R(\d*)\/(P.+)$/;

const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** The shortest span an ISO-8601 duration can mean (a month counts 28 days); 0 when it does not parse. */
function shortestMs(iso: string): number {
  const m = DURATION.exec(iso);
  if (!m) return 0;
  const [y, mo, w, d, h, mi, sec] = m.slice(1).map((v) => Number.parseFloat(v ?? '0') || 0) as number[];
  return (
    ((((y ?? 0) * 365 + (mo ?? 0) * 28 + (w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (mi ?? 0)) *
      60_000 +
    (sec ?? 0) * 1000
  );
}

/** A message start event's output mapping; there is no element to carry an incident yet, so a failure is null. */
function startOutput(source: string, variables: Variables): unknown {
  try {
    return evaluateValue(source, variables);
  } catch (err) {
    if (err instanceof FeelError) return null;
    throw err;
  }
}

/** Runaway guards (issue 17): a misbehaving case fails with an incident instead of exhausting the worker. */
export const ENGINE_LIMITS = {
  /** element activations one event may cause before the case reaches a wait state */
  maxStepsPerActivation: 10_000,
  /** default of `EngineState.limits.maxOpenTasks` */
  maxOpenTasks: 1_000,
} as const;

export class Runtime implements ListenerRuntime {
  readonly effects: Effect[] = [];
  private readonly queue: (() => void)[] = [];
  /** element activations so far in this step */
  private steps = 0;
  private openTasks: number | undefined;

  constructor(
    readonly graph: ProcessGraph,
    readonly state: EngineState,
  ) {}

  // ---- basics -------------------------------------------------------------------------------------

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  newKey(): string {
    const key = String(this.state.nextKey);
    this.state.nextKey += 1;
    return key;
  }

  node(elementId: string): FlowNode {
    const node = this.graph.nodes[elementId];
    if (!node) throw new Error(`graph has no element ${elementId}`);
    return node;
  }

  inst(key: string | null | undefined): Instance | undefined {
    return key === null || key === undefined ? undefined : this.state.instances[key];
  }

  children(key: string): Instance[] {
    return Object.values(this.state.instances).filter((i) => i.parent === key);
  }

  history(event: HistoryEventType, inst?: Instance, data?: Variables): void {
    this.emit({ type: 'history', event, elementId: inst?.elementId, key: inst?.key, data });
  }

  context(key: string): Variables {
    const chain: Variables[] = [];
    for (let cur = this.inst(key); cur; cur = this.inst(cur.parent)) if (cur.vars) chain.push(cur.vars);
    const ctx: Variables = {};
    for (let i = chain.length - 1; i >= 0; i -= 1) Object.assign(ctx, chain[i]);
    return ctx;
  }

  value(key: string, raw: string, extra?: Variables): unknown {
    return evaluateValue(raw, extra ? { ...this.context(key), ...extra } : this.context(key));
  }

  feel(key: string, expression: string, extra?: Variables): unknown {
    return evaluateFeel(expression, extra ? { ...this.context(key), ...extra } : this.context(key));
  }

  /** Camunda 8 propagation: the nearest scope (from `fromKey` up) that defines the variable, else the case. */
  setVar(fromKey: string | null, name: string, value: unknown): void {
    for (let cur = this.inst(fromKey); cur; cur = this.inst(cur.parent)) {
      if (cur.vars && Object.prototype.hasOwnProperty.call(cur.vars, name)) {
        cur.vars[name] = value;
        return;
      }
    }
    const root = this.inst(this.state.rootKey);
    if (root) (root.vars ??= {})[name] = value;
  }

  propagate(fromKey: string | null, variables: Variables): void {
    for (const [name, value] of Object.entries(variables)) this.setVar(fromKey, name, value);
  }

  defer(work: () => void): void {
    this.queue.push(work);
  }

  /** Runs queued work until quiet, then lets waiting inclusive joins fire. */
  drain(): void {
    for (;;) {
      while (this.queue.length) (this.queue.shift() as () => void)();
      if (!this.fireInclusiveJoins()) return;
    }
  }

  private guard(inst: Instance, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof FeelError || err instanceof EngineIncident) {
        const code = err instanceof EngineIncident ? err.code : undefined;
        if (this.state.instances[inst.key]) this.incident(inst, err.message, code);
        return;
      }
      throw err;
    }
  }

  guardListener(inst: Instance, fn: () => void): void {
    this.guard(inst, fn);
  }

  // ---- scopes and elements ------------------------------------------------------------------------

  /** `startAt`: a top-level signal start event instead of the none start event */
  startCase(variables: Variables, startAt?: string): void {
    // a message start event's output mappings take the message's variables (businessKey stays)
    const outputs = startAt ? (this.graph.nodes[startAt] as StartEventNode | undefined)?.outputs : undefined;
    const root: Instance = {
      key: this.newKey(),
      elementId: this.graph.processId,
      parent: null,
      type: 'process',
      vars: outputs?.length
        ? {
            ...(variables.businessKey === undefined ? {} : { businessKey: variables.businessKey }),
            ...Object.fromEntries(outputs.map((o) => [o.target, startOutput(o.source, variables)])),
          }
        : { ...variables },
    };
    this.state.rootKey = root.key;
    this.state.instances[root.key] = root;
    this.state.status = 'active';
    this.history('case-started', root);
    const startEvent = startAt ?? this.graph.startEvent;
    let waiting = false;
    // the process's start listeners run before its start event (graphs without them go straight on)
    if (this.graph.listeners)
      this.guard(root, () => (waiting = beginListeners(this, root, 'start', { startAt: startEvent })));
    if (!waiting && !root.incident)
      this.openScope(root, { eventSubProcesses: this.graph.eventSubProcesses, startEvent });
    this.drain();
  }

  openScope(inst: Instance, node: { eventSubProcesses: string[]; startEvent: string }): void {
    for (const espId of node.eventSubProcesses) this.armEventSubProcess(inst, espId);
    const start = node.startEvent;
    this.queue.push(() => this.activate(start, inst.key));
  }

  private armEventSubProcess(scope: Instance, espId: string): void {
    const esp = this.node(espId) as EventSubProcessNode;
    const trigger = this.createTrigger(espId, scope.key, { esp: true });
    this.guard(trigger, () => this.armDefinition(trigger, esp.trigger, scope.key));
  }

  private armDefinition(trigger: Instance, def: EventSubProcessNode['trigger'], contextKey: string): void {
    if (def.kind === 'timer') this.armTimer(trigger, def.timer, contextKey);
    else if (def.kind === 'message')
      this.armMessage(trigger, def.messageName, def.correlationKey, contextKey);
    else if (def.kind === 'signal') armSignal(this, trigger, def.signalName);
  }

  createTrigger(elementId: string, parent: string, extra: Partial<Instance>): Instance {
    const trigger: Instance = { ...extra, key: this.newKey(), elementId, parent, type: 'trigger' };
    this.state.instances[trigger.key] = trigger;
    return trigger;
  }

  activate(elementId: string, scopeKey: string, viaFlow?: string): void {
    if (!this.state.instances[scopeKey]) return; // scope ended meanwhile
    const node = this.node(elementId);
    if ((node.kind === 'parallelGateway' || node.kind === 'inclusiveGateway') && node.incoming.length > 1) {
      this.arriveAtJoin(node, scopeKey, viaFlow ?? '');
      return;
    }
    if (isActivity(node) && node.multiInstance) {
      const body: Instance = { key: this.newKey(), elementId, parent: scopeKey, type: 'mi-body' };
      this.state.instances[body.key] = body;
      this.history('element-activated', body);
      if (this.withinStepBudget(body)) this.enterBody(body, node);
      return;
    }
    const inst: Instance = { key: this.newKey(), elementId, parent: scopeKey, type: 'element' };
    this.state.instances[inst.key] = inst;
    this.history('element-activated', inst);
    if (!this.withinStepBudget(inst)) return;
    this.runEnter(inst, node);
    // waiting for start listeners: boundary events are armed once they are done (afterStartListeners)
    if (this.state.instances[inst.key] && isActivity(node) && !inst.listener) this.armBoundaries(inst, node);
  }

  /** Counts an activation; beyond the budget the token stays where it is, with an incident (retry resumes it). */
  private withinStepBudget(inst: Instance): boolean {
    this.steps += 1;
    if (this.steps <= ENGINE_LIMITS.maxStepsPerActivation) return true;
    this.incident(
      inst,
      `runaway process: more than ${ENGINE_LIMITS.maxStepsPerActivation} element activations without a wait state`,
    );
    return false;
  }

  /** A new open user task; beyond the case's limit it is an incident instead. */
  reserveOpenTask(count = 1): void {
    const limit = this.state.limits?.maxOpenTasks ?? ENGINE_LIMITS.maxOpenTasks;
    this.openTasks ??= this.countOpenTasks();
    // the running count may include tasks withdrawn meanwhile: recount before refusing
    if (this.openTasks + count > limit) this.openTasks = this.countOpenTasks();
    if (this.openTasks + count > limit)
      throw new EngineIncident(
        `runaway process: ${count} more open task(s) would exceed the limit of ${limit} per case (${this.openTasks} open)`,
      );
    this.openTasks += count;
  }

  private countOpenTasks(): number {
    let n = 0;
    for (const key in this.state.instances) if (this.state.instances[key]?.task) n += 1;
    return n;
  }

  /** Input mappings, start listeners, then the element's handler; also the retry path of an incident. */
  private runEnter(inst: Instance, node: FlowNode): void {
    this.guard(inst, () => {
      // after the start listeners, a retry runs the element's own work only (their variables stay)
      if (isActivity(node) && node.inputs.length && !inst.started) {
        // later inputs may use earlier ones
        const mapped: Variables = {};
        for (const m of node.inputs) mapped[m.target] = this.value(inst.key, m.source, mapped);
        inst.vars = { ...(inst.vars ?? {}), ...mapped };
      }
      if (node.listeners && !inst.started && beginListeners(this, inst, 'start')) return;
      (handlers[node.kind] as { enter(o: EngineOps, i: Instance, n: FlowNode): void }).enter(
        this,
        inst,
        node,
      );
    });
  }

  /** The start listeners are done: the process's start event, or the element's own work and boundary events. */
  afterStartListeners(inst: Instance, progress: ListenerProgress): void {
    if (inst.type === 'process') {
      this.openScope(inst, {
        eventSubProcesses: this.graph.eventSubProcesses,
        startEvent: progress.startAt ?? this.graph.startEvent,
      });
      return;
    }
    const node = this.node(inst.elementId);
    this.guard(inst, () =>
      (handlers[node.kind] as { enter(o: EngineOps, i: Instance, n: FlowNode): void }).enter(
        this,
        inst,
        node,
      ),
    );
    if (this.state.instances[inst.key] && isActivity(node) && !inst.inner && !node.multiInstance)
      this.armBoundaries(inst, node);
  }

  /** The end listeners are done (or there are none): the element leaves, the process completes. */
  afterEndListeners(inst: Instance, progress: ListenerProgress): void {
    if (inst.type === 'process') {
      this.completeCase();
      return;
    }
    this.leaveNow(inst, progress.flows ?? []);
  }

  private armBoundaries(host: Instance, node: ActivityNode): void {
    for (const bid of node.boundaryEvents) {
      const b = this.node(bid) as BoundaryEventNode;
      // errors and escalations are looked up when thrown; compensations are recorded on completion
      const kind = b.eventDefinition.kind;
      if (kind === 'error' || kind === 'escalation' || kind === 'compensation') continue;
      const trigger = this.createTrigger(bid, host.parent ?? '', { host: host.key });
      this.guard(trigger, () => this.armDefinition(trigger, b.eventDefinition, host.key));
    }
  }

  completeElement(inst: Instance, variables: Variables = {}): void {
    const node = this.node(inst.elementId);
    const outputs = ('outputs' in node ? node.outputs : undefined) ?? [];
    const incidentBefore = inst.incident;
    this.guard(inst, () => {
      if (outputs.length) {
        const ctx = { ...this.context(inst.key), ...variables };
        const values = outputs.map((o) => [o.target, evaluateValue(o.source, ctx)] as const);
        for (const [target, value] of values) this.setVar(inst.parent, target, value);
      } else {
        this.propagate(inst.parent, variables);
      }
      if (inst.inner) this.collectInnerOutput(inst);
    });
    const live = this.state.instances[inst.key];
    if (live?.incident && live.incident !== incidentBefore) return; // outputs failed: the element stays, with an incident
    this.leave(inst, node.outgoing);
  }

  /** Leaves by `flows` (an inner multi-instance element: back to its body), after the end listeners if any. */
  leave(inst: Instance, flows: string[]): void {
    if (this.graph.nodes[inst.elementId]?.listeners && hasListeners(this.graph, inst, 'end')) {
      // its boundary events and subscriptions end with its work, before the listeners run (as in Zeebe)
      this.releaseWaits(inst, false);
      this.removeHostedTriggers(inst.key);
      let waiting = false;
      this.guard(inst, () => (waiting = beginListeners(this, inst, 'end', { flows })));
      if (waiting || inst.incident) return;
    }
    this.leaveNow(inst, flows);
  }

  private leaveNow(inst: Instance, flows: string[]): void {
    if (inst.inner) {
      this.finish(inst, 'element-completed');
      this.innerCompleted(inst);
      return;
    }
    this.finish(inst, 'element-completed');
    this.takeFlows(inst, flows);
  }

  takeFlows(inst: Instance, flows: string[]): void {
    const scopeKey = inst.parent ?? '';
    if (flows.length === 0) {
      // an ad-hoc subprocess decides itself when a path ending inside it completes it
      this.queue.push(() => {
        if (!adHocPathEnded(this, scopeKey)) this.checkScope(scopeKey);
      });
      return;
    }
    for (const fid of flows) {
      const target = this.graph.flows[fid]?.target ?? '';
      this.queue.push(() => this.activate(target, scopeKey, fid));
    }
  }

  /** Removes an instance that is done (not terminated): releases its triggers and subscriptions. */
  private finish(inst: Instance, event: HistoryEventType): void {
    this.releaseWaits(inst, false);
    this.removeHostedTriggers(inst.key);
    delete this.state.instances[inst.key];
    recordCompletion(this, inst);
    this.history(event, inst);
  }

  private releaseWaits(inst: Instance, cancelTimer: boolean): void {
    if (inst.sub) this.emit({ type: 'closeSubscription', key: inst.key, elementId: inst.elementId });
    if (inst.timer && cancelTimer)
      this.emit({ type: 'cancelTimer', key: inst.key, elementId: inst.elementId });
    inst.sub = undefined;
    inst.timer = undefined;
    if (inst.incident) this.resolveIncident(inst.incident);
  }

  private removeHostedTriggers(key: string): void {
    for (const t of Object.values(this.state.instances)) {
      if (t.type === 'trigger' && (t.host === key || t.owner === key)) this.terminate(t.key);
    }
  }

  /** A scope is done when only its event-subprocess triggers are left. */
  private checkScope(scopeKey: string): void {
    const scope = this.inst(scopeKey);
    if (!scope || scope.incident) return;
    const kids = this.children(scopeKey);
    if (kids.some((k) => !(k.type === 'trigger' && k.esp))) return;
    for (const k of kids) this.terminate(k.key);
    if (scope.type === 'process') {
      let waiting = false;
      // the process's end listeners run before it completes
      if (this.graph.listeners) this.guard(scope, () => (waiting = beginListeners(this, scope, 'end')));
      if (!waiting && !scope.incident) this.completeCase();
      return;
    }
    if (scope.type === 'element') this.completeElement(scope, {});
  }

  terminate(key: string): void {
    const inst = this.inst(key);
    if (!inst) return;
    for (const child of this.children(key)) this.terminate(child.key);
    this.removeHostedTriggers(key);
    // while its listeners run, the element's own work has not begun (start) or is over (end)
    if (inst.listener) cancelListener(this, inst);
    else if (inst.type === 'element') {
      const handler = handlers[this.node(inst.elementId).kind] as {
        terminate?(o: EngineOps, i: Instance, n: FlowNode): void;
      };
      handler.terminate?.(this, inst, this.node(inst.elementId));
    }
    this.releaseWaits(inst, true);
    delete this.state.instances[key];
    dropCompensations(this, key);
    if (inst.inner) {
      const body = this.inst(inst.parent);
      if (body?.vars) {
        body.vars.numberOfActiveInstances = (body.vars.numberOfActiveInstances as number) - 1;
        body.vars.numberOfTerminatedInstances = (body.vars.numberOfTerminatedInstances as number) + 1;
      }
    }
    if (inst.type !== 'trigger') this.history('element-terminated', inst);
  }

  private completeCase(): void {
    const root = this.inst(this.state.rootKey);
    const variables = { ...(root?.vars ?? {}) };
    this.state.status = 'completed';
    this.state.endVariables = variables;
    if (root) delete this.state.instances[root.key];
    this.history('case-completed', root);
    this.emit({ type: 'caseCompleted', variables });
  }

  terminateCase(reason: string, elementId?: string): void {
    const root = this.inst(this.state.rootKey);
    if (!root) return;
    for (const child of this.children(root.key)) this.terminate(child.key);
    if (root.listener) cancelListener(this, root);
    for (const k of Object.keys(this.state.incidents)) this.resolveIncident(k);
    this.state.status = 'terminated';
    this.state.endVariables = { ...(root.vars ?? {}) };
    delete this.state.instances[root.key];
    this.queue.length = 0;
    this.history('case-terminated', root, { reason, elementId });
    this.emit({ type: 'caseTerminated', reason, elementId });
  }

  // ---- joins ---------------------------------------------------------------------------------------

  private arriveAtJoin(node: FlowNode, scopeKey: string, viaFlow: string): void {
    let join = this.children(scopeKey).find((i) => i.type === 'join' && i.elementId === node.id);
    if (!join) {
      join = { key: this.newKey(), elementId: node.id, parent: scopeKey, type: 'join', arrivals: {} };
      this.state.instances[join.key] = join;
    }
    const arrivals = join.arrivals as Record<string, number>;
    arrivals[viaFlow] = (arrivals[viaFlow] ?? 0) + 1;
    if (node.kind === 'parallelGateway' && node.incoming.every((f) => (arrivals[f] ?? 0) > 0))
      this.fireJoin(join, node, node.incoming);
  }

  private fireJoin(join: Instance, node: FlowNode, flows: string[]): void {
    const arrivals = join.arrivals as Record<string, number>;
    for (const f of flows) arrivals[f] = (arrivals[f] ?? 0) - 1;
    for (const f of Object.keys(arrivals)) if ((arrivals[f] ?? 0) <= 0) delete arrivals[f];
    if (Object.keys(arrivals).length === 0) delete this.state.instances[join.key];
    const inst: Instance = { key: this.newKey(), elementId: node.id, parent: join.parent, type: 'element' };
    this.state.instances[inst.key] = inst;
    this.history('element-activated', inst, { joined: flows });
    if (this.withinStepBudget(inst)) this.runEnter(inst, node);
  }

  /** An inclusive join fires once no token in its scope can still reach a flow that has none. */
  private fireInclusiveJoins(): boolean {
    for (const join of Object.values(this.state.instances)) {
      if (join.type !== 'join') continue;
      const node = this.graph.nodes[join.elementId];
      if (node?.kind !== 'inclusiveGateway') continue;
      const arrivals = join.arrivals ?? {};
      const siblings = this.children(join.parent ?? '').filter(
        (s) => s.key !== join.key && !(s.type === 'trigger' && s.esp),
      );
      const waiting = node.incoming.filter((f) => !(arrivals[f] ?? 0));
      const blocked = waiting.some((f) => {
        const upstream = node.upstream[f] ?? [];
        return siblings.some((s) => upstream.includes(s.elementId));
      });
      if (blocked) continue;
      this.fireJoin(
        join,
        node,
        node.incoming.filter((f) => (arrivals[f] ?? 0) > 0),
      );
      return true;
    }
    return false;
  }

  // ---- multi-instance -----------------------------------------------------------------------------

  private enterBody(body: Instance, node: ActivityNode): void {
    const mi = node.multiInstance;
    if (!mi) return;
    this.guard(body, () => {
      const items = this.feel(body.parent ?? '', stripEquals(mi.inputCollection));
      if (!Array.isArray(items))
        throw new EngineIncident(
          `inputCollection of ${node.id} evaluated to ${JSON.stringify(items)}, not a list`,
        );
      if (!mi.sequential && items.length > ENGINE_LIMITS.maxStepsPerActivation)
        throw new EngineIncident(
          `runaway process: ${items.length} parallel instances of ${node.id}, more than ${ENGINE_LIMITS.maxStepsPerActivation}`,
        );
      // parallel user tasks: all or none, rather than a task per item up to the limit and an incident per item after
      if (!mi.sequential && node.kind === 'userTask' && items.length > 0) {
        this.reserveOpenTask(items.length);
        this.openTasks = (this.openTasks as number) - items.length; // each inner task reserves its own place
      }
      body.mi = { items, next: 0 };
      body.vars = {
        numberOfInstances: items.length,
        numberOfActiveInstances: 0,
        numberOfCompletedInstances: 0,
        numberOfTerminatedInstances: 0,
      };
      if (mi.outputCollection) body.vars[mi.outputCollection] = items.map(() => null);
      this.armBoundaries(body, node);
      if (items.length === 0) this.completeBody(body, node);
      else if (mi.sequential) this.startInner(body, node);
      else for (let i = 0; i < items.length; i += 1) this.startInner(body, node);
    });
  }

  private startInner(body: Instance, node: ActivityNode): void {
    const mi = body.mi as { items: unknown[]; next: number };
    const index = mi.next;
    mi.next += 1;
    const vars: Variables = { loopCounter: index + 1 };
    if (node.multiInstance?.inputElement) vars[node.multiInstance.inputElement] = mi.items[index] ?? null;
    const inst: Instance = {
      key: this.newKey(),
      elementId: node.id,
      parent: body.key,
      type: 'element',
      inner: true,
      vars,
    };
    this.state.instances[inst.key] = inst;
    (body.vars as Variables).numberOfActiveInstances =
      ((body.vars as Variables).numberOfActiveInstances as number) + 1;
    this.history('element-activated', inst, { loopCounter: index + 1 });
    this.queue.push(() => {
      if (this.withinStepBudget(inst)) this.runEnter(inst, node);
    });
  }

  private collectInnerOutput(inner: Instance): void {
    const node = this.node(inner.elementId) as ActivityNode;
    const mi = node.multiInstance;
    const body = this.inst(inner.parent);
    if (!mi?.outputCollection || !mi.outputElement || !body?.vars) return;
    const value = this.value(inner.key, mi.outputElement);
    // a fresh array: variable values are shared between successive states, never mutated in place
    const list = [...(body.vars[mi.outputCollection] as unknown[])];
    list[((inner.vars?.loopCounter as number) ?? 1) - 1] = value;
    body.vars[mi.outputCollection] = list;
  }

  private innerCompleted(inner: Instance): void {
    const body = this.inst(inner.parent);
    if (!body?.vars || !body.mi) return;
    body.vars.numberOfActiveInstances = (body.vars.numberOfActiveInstances as number) - 1;
    body.vars.numberOfCompletedInstances = (body.vars.numberOfCompletedInstances as number) + 1;
    this.advanceBody(body, inner.vars?.loopCounter);
  }

  /** After an inner instance completed (or an incident retry): done, next sequential instance, or wait. */
  private advanceBody(body: Instance, loopCounter: unknown): void {
    const node = this.node(body.elementId) as ActivityNode;
    const mi = node.multiInstance;
    this.guard(body, () => {
      const condition = mi?.completionCondition;
      if (condition && this.feel(body.key, stripEquals(condition), { loopCounter }) === true) {
        for (const k of this.children(body.key)) if (k.inner) this.terminate(k.key);
        this.completeBody(body, node);
        return;
      }
      const pending = body.mi as { items: unknown[]; next: number };
      if (mi?.sequential && pending.next < pending.items.length) this.startInner(body, node);
      else if ((body.vars as Variables).numberOfActiveInstances === 0) this.completeBody(body, node);
    });
  }

  private completeBody(body: Instance, node: ActivityNode): void {
    const oc = node.multiInstance?.outputCollection;
    if (oc) this.setVar(body.parent, oc, body.vars?.[oc] ?? []);
    this.finish(body, 'element-completed');
    this.takeFlows(body, node.outgoing);
  }

  // ---- timers, messages, triggers ---------------------------------------------------------------

  armTimer(inst: Instance, def: TimerSpecDef, contextKey: string, repetition = 1): void {
    const raw = this.value(contextKey, def.value);
    if (typeof raw !== 'string' || raw === '')
      throw new EngineIncident(
        `timer of ${inst.elementId} evaluated to ${JSON.stringify(raw)}, not an ISO-8601 string`,
      );
    let spec: TimerSpec;
    let remaining: number | null = 0;
    if (def.kind === 'cycle') {
      const m = CYCLE.exec(raw);
      if (!m)
        throw new EngineIncident(`timer cycle of ${inst.elementId} is '${raw}', expected R<n>/<duration>`);
      if (shortestMs(m[2] as string) < 60_000)
        throw new EngineIncident(
          `timer cycle of ${inst.elementId} is '${raw}': it repeats more often than once a minute`,
        );
      const of = m[1] === '' ? null : Number(m[1]);
      remaining = of === null ? null : of - repetition;
      spec = {
        kind: 'duration',
        value: m[2] as string,
        calendar: def.calendar,
        cycle: { expression: raw, repetition, of },
      };
    } else {
      spec = { kind: def.kind, value: raw, calendar: def.calendar };
    }
    if (spec.calendar === undefined) delete spec.calendar;
    inst.timer = { spec, remaining };
    this.emit({ type: 'startTimer', key: inst.key, elementId: inst.elementId, spec });
  }

  armMessage(
    inst: Instance,
    messageName: string,
    correlationKey: string | undefined,
    contextKey: string,
  ): void {
    const ck = correlationKey === undefined ? '' : this.value(contextKey, correlationKey);
    if (ck === null || ck === undefined || typeof ck === 'object')
      throw new EngineIncident(
        `correlationKey of ${inst.elementId} evaluated to ${JSON.stringify(ck)}; it must be a string or number`,
      );
    inst.sub = { messageName, correlationKey: String(ck) };
    this.emit({
      type: 'openSubscription',
      key: inst.key,
      elementId: inst.elementId,
      messageName,
      correlationKey: String(ck),
    });
  }

  /**
   * A timer or message reached a waiting instance (catch event or trigger). `mappedOnly`: the message's variables
   * reach the case only through the catching event's output mappings; an event without them drops them all.
   */
  fire(inst: Instance, received: Variables, mappedOnly = false): void {
    const variables = mappedOnly && !this.mapsMessage(inst.elementId) ? {} : received;
    if (inst.type === 'element') {
      this.releaseWaits(inst, false);
      this.completeElement(inst, variables);
      return;
    }
    if (inst.type !== 'trigger') return;
    const scopeKey = inst.parent ?? '';
    if (inst.owner) {
      const gateway = this.inst(inst.owner);
      this.releaseWaits(inst, false);
      delete this.state.instances[inst.key];
      if (gateway) this.finish(gateway, 'element-completed');
      this.fireCatch(inst.elementId, scopeKey, variables);
      return;
    }
    const node = this.node(inst.elementId);
    const interrupting =
      node.kind === 'boundaryEvent' || node.kind === 'eventSubProcess' ? node.interrupting : true;
    if (interrupting) {
      this.releaseWaits(inst, false);
      delete this.state.instances[inst.key];
    } else {
      this.rearm(inst, node);
    }
    if (node.kind === 'boundaryEvent') {
      if (interrupting && inst.host) this.terminate(inst.host);
      this.fireCatch(node.id, scopeKey, variables);
      return;
    }
    if (node.kind === 'eventSubProcess') {
      if (interrupting) for (const k of this.children(scopeKey)) this.terminate(k.key);
      const espInst: Instance = {
        key: this.newKey(),
        elementId: node.id,
        parent: scopeKey,
        type: 'element',
        vars: {},
      };
      this.state.instances[espInst.key] = espInst;
      this.history('element-activated', espInst);
      if (mappedOnly) {
        const outputs = (this.graph.nodes[node.startEvent] as StartEventNode | undefined)?.outputs ?? [];
        this.guard(espInst, () => {
          const ctx = { ...this.context(espInst.key), ...received };
          const values = outputs.map((o) => [o.target, evaluateValue(o.source, ctx)] as const);
          for (const [target, value] of values) this.setVar(espInst.key, target, value);
        });
        if (espInst.incident) return;
      } else this.propagate(espInst.key, variables);
      this.runEnter(espInst, node);
    }
  }

  /** Does the event catching at `elementId` have output mappings (for an event subprocess: its start event)? */
  private mapsMessage(elementId: string): boolean {
    const node = this.graph.nodes[elementId];
    if (node?.kind === 'eventSubProcess') {
      const start = this.graph.nodes[node.startEvent];
      return start?.kind === 'startEvent' && (start.outputs?.length ?? 0) > 0;
    }
    return node !== undefined && 'outputs' in node && (node.outputs?.length ?? 0) > 0;
  }

  /** Non-interrupting: messages keep their subscription, timer cycles re-arm, one-shot timers are used up. */
  private rearm(inst: Instance, node: FlowNode): void {
    if (inst.sub) return;
    const timer = inst.timer;
    delete this.state.instances[inst.key];
    if (!timer?.spec.cycle || timer.remaining === 0) return;
    const def =
      node.kind === 'boundaryEvent'
        ? node.eventDefinition
        : node.kind === 'eventSubProcess'
          ? node.trigger
          : undefined;
    if (def?.kind !== 'timer') return;
    const next = this.createTrigger(inst.elementId, inst.parent ?? '', { host: inst.host, esp: inst.esp });
    const contextKey = inst.host ?? inst.parent ?? '';
    this.guard(next, () =>
      this.armTimer(next, def.timer, contextKey, (timer.spec.cycle?.repetition ?? 1) + 1),
    );
  }

  /** Activates an event that has already happened (boundary, gateway arm) and leaves it at once. */
  fireCatch(elementId: string, scopeKey: string, variables: Variables): void {
    if (!this.state.instances[scopeKey]) return;
    const inst: Instance = { key: this.newKey(), elementId, parent: scopeKey, type: 'element' };
    this.state.instances[inst.key] = inst;
    this.history('element-activated', inst);
    this.completeElement(inst, variables);
  }

  // ---- errors and incidents --------------------------------------------------------------------

  throwError(fromKey: string, errorCode: string, message: string): void {
    const origin = this.inst(fromKey);
    // boundaries as before; error event subprocesses are new (refused at deploy until then), so old graphs
    // find the same catcher
    const catcher = findCatcher(this, fromKey, 'error', errorCode);
    if (catcher) {
      this.history('error-thrown', origin, { errorCode, message, caughtBy: catcher.node.id });
      if (catcher.type === 'eventSubProcess') {
        this.startEventSubProcess(catcher.trigger, {});
        return;
      }
      const scopeKey = catcher.carrier.parent ?? '';
      this.terminate(catcher.carrier.key);
      this.fireCatch(catcher.node.id, scopeKey, {});
      return;
    }
    if (origin) this.incident(origin, `unhandled BPMN error '${errorCode}': ${message}`);
  }

  /** Starts the event subprocess of `trigger` (error and escalation catchers; see fire() for timers and messages). */
  startEventSubProcess(trigger: Instance, variables: Variables): void {
    const node = this.node(trigger.elementId) as EventSubProcessNode;
    const scopeKey = trigger.parent ?? '';
    if (!this.state.instances[scopeKey]) return;
    if (node.interrupting) {
      this.releaseWaits(trigger, false);
      delete this.state.instances[trigger.key];
      for (const k of this.children(scopeKey)) this.terminate(k.key);
    }
    const espInst: Instance = {
      key: this.newKey(),
      elementId: node.id,
      parent: scopeKey,
      type: 'element',
      vars: {},
    };
    this.state.instances[espInst.key] = espInst;
    this.history('element-activated', espInst);
    this.propagate(espInst.key, variables);
    this.runEnter(espInst, node);
  }

  incident(inst: Instance, reason: string, code?: string): void {
    const key = this.newKey();
    this.state.incidents[key] = {
      key,
      elementKey: inst.key,
      elementId: inst.elementId,
      reason,
      ...(code ? { code } : {}),
    };
    inst.incident = key;
    this.state.status = 'failed';
    this.history('incident-raised', inst, { incidentKey: key, reason, ...(code ? { code } : {}) });
    this.emit({ type: 'incident', key, elementKey: inst.key, elementId: inst.elementId, reason });
  }

  private resolveIncident(key: string): void {
    const incident = this.state.incidents[key];
    if (!incident) return;
    delete this.state.incidents[key];
    const inst = this.inst(incident.elementKey);
    if (inst) inst.incident = undefined;
    this.emit({ type: 'incidentResolved', key, elementId: incident.elementId });
  }

  /**
   * Applies a validated modification (Camunda 8 order): variables, activations, then terminations. A scope left with
   * no active element by a termination is terminated too, up to the case itself (Camunda terminates the process
   * instance when its last element instance is terminated).
   */
  modify(plan: ModificationPlan): void {
    for (const a of plan.activations)
      for (const set of a.sets) {
        const target = this.inst(set.targetKey);
        if (target) target.vars = { ...(target.vars ?? {}), ...set.variables };
      }
    for (const a of plan.activations) this.activate(a.elementId, a.scopeKey);
    const incidentsBefore = { ...this.state.incidents };
    const scopes = new Set<string>();
    for (const key of plan.terminations) {
      const inst = this.inst(key);
      if (!inst) continue; // inside an instance terminated just before
      if (inst.parent) scopes.add(inst.parent);
      this.terminate(key);
    }
    // incidents of terminated instances are gone with them: say so in the history
    for (const [key, incident] of Object.entries(incidentsBefore))
      if (!this.state.incidents[key])
        this.emit({
          type: 'history',
          event: 'incident-resolved',
          elementId: incident.elementId,
          key: incident.elementKey,
          data: { incidentKey: key, terminated: true },
        });
    this.drain();
    for (let pending = [...scopes]; pending.length;) {
      const scopeKey = pending.shift() as string;
      const scope = this.inst(scopeKey);
      if (!scope || scope.incident || this.state.status === 'terminated') continue;
      if (this.children(scopeKey).some((k) => !(k.type === 'trigger' && k.esp))) continue;
      if (scope.type === 'process') {
        this.terminateCase('modification left no active element');
        break;
      }
      if (this.node(scope.elementId).kind === 'adHocSubProcess' && scope.type === 'element') {
        // as in Zeebe, an ad-hoc subprocess whose last inner instance was terminated completes
        this.completeElement(scope);
        this.drain();
        continue;
      }
      const body = scope.inner ? this.inst(scope.parent) : undefined;
      this.terminate(scopeKey);
      if (body) {
        // one instance of a multi-instance subprocess ended: the body goes on (next item, or done)
        this.advanceBody(body, null);
        this.drain();
      } else if (scope.parent) pending.push(scope.parent);
    }
  }

  /** Resumes the element of an incident: its handler runs again (gateway re-evaluated, job re-run, ...). */
  retryIncident(incidentKey: string, variables: Variables): boolean {
    const incident = this.state.incidents[incidentKey];
    if (!incident) return false;
    const inst = this.inst(incident.elementKey);
    this.resolveIncident(incidentKey);
    this.history('incident-resolved', inst, { incidentKey });
    if (!inst) return true;
    this.propagate(inst.parent, variables);
    if (inst.listener) {
      retryListener(this, inst);
      this.drain();
      return true;
    }
    const node = this.node(inst.elementId);
    if (incident.code === AD_HOC_CONDITION_FAILED) {
      adHocPathEnded(this, inst.key); // evaluates the completion condition again
    } else if (inst.type === 'mi-body' && isActivity(node)) {
      if (inst.mi) {
        this.advanceBody(inst, null);
      } else {
        this.removeHostedTriggers(inst.key);
        this.enterBody(inst, node);
      }
    } else if (inst.type === 'element') {
      // boundary triggers and gateway arms are armed afresh
      this.removeHostedTriggers(inst.key);
      this.runEnter(inst, node);
      if (
        this.state.instances[inst.key] &&
        isActivity(node) &&
        !inst.inner &&
        !node.multiInstance &&
        !inst.listener
      )
        this.armBoundaries(inst, node);
    } else if (inst.type === 'trigger') {
      const def =
        node.kind === 'eventSubProcess'
          ? node.trigger
          : node.kind === 'boundaryEvent' || node.kind === 'intermediateCatchEvent'
            ? node.eventDefinition
            : undefined;
      const contextKey = inst.host ?? inst.owner ?? inst.parent ?? '';
      if (def) this.guard(inst, () => this.armDefinition(inst, def, contextKey));
    }
    this.drain();
    return true;
  }
}
