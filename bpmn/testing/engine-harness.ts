// A tiny driver for the pure engine in tests and benchmarks: it plays the shell, keeps track of open
// tasks, timers and subscriptions from the effects, and can answer service tasks automatically.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CompileOptions, compileBpmn } from '../compile/compile-bpmn';
import {
  initialState,
  snapshot,
  step,
  validateCompletion,
  type EngineSnapshot,
  type ValidationResult,
} from '../engine/engine';
import type { Effect, EngineEvent, EngineState, StepResult, Variables } from '../engine/engine.types';
import type { ProcessGraph } from '../graph.types';

export const FIXTURE_DIR = join(__dirname, '..', '..', 'test', 'fixtures', 'bpmn');

type EffectOf<T extends Effect['type']> = Extract<Effect, { type: T }>;

/** What an automatic service answer looks like: variables, or a failure (with a BPMN error code or not). */
export type ServiceAnswer = Variables | { fail: true; errorCode?: string; message?: string } | 'manual';

export interface HarnessOptions {
  /** answer per service task element id (default: complete with no variables) */
  services?: Record<string, ServiceAnswer | ((e: EffectOf<'runServiceTask'>) => ServiceAnswer)>;
  /** leave every service task waiting for the test */
  manualServices?: boolean;
}

/** `options`: compile options such as the resolvers of linked forms and called decisions. */
export async function loadGraph(fixture: string, options?: CompileOptions): Promise<ProcessGraph> {
  const xml = readFileSync(join(FIXTURE_DIR, `${fixture}.bpmn`), 'utf8');
  const result = await compileBpmn(xml, options);
  if (!result.ok) throw new Error(`fixture ${fixture} does not compile: ${JSON.stringify(result.errors)}`);
  return result.graph;
}

export class EngineHarness {
  state: EngineState;
  readonly effects: Effect[] = [];
  last: StepResult | undefined;
  readonly tasks = new Map<string, EffectOf<'createUserTask'>>();
  readonly withdrawn: EffectOf<'withdrawUserTask'>[] = [];
  readonly timers = new Map<string, EffectOf<'startTimer'>>();
  readonly subscriptions = new Map<string, EffectOf<'openSubscription'>>();
  readonly jobs = new Map<string, EffectOf<'runServiceTask'>>();
  readonly children = new Map<string, EffectOf<'startChild'>>();
  /** running execution listener jobs (always answered by the test: listenerDone / listenerFail) */
  readonly listenerJobs = new Map<string, EffectOf<'runListenerJob'>>();
  private readonly pending: EngineEvent[] = [];

  constructor(
    readonly graph: ProcessGraph,
    readonly options: HarnessOptions = {},
  ) {
    this.state = initialState(graph);
  }

  static async load(fixture: string, options: HarnessOptions = {}): Promise<EngineHarness> {
    return new EngineHarness(await loadGraph(fixture), options);
  }

  /** Applies an event plus every automatic answer it leads to; returns the result of the first step. */
  send(event: EngineEvent): StepResult {
    const first = this.apply(event);
    while (this.pending.length) this.apply(this.pending.shift() as EngineEvent);
    return first;
  }

  private apply(event: EngineEvent): StepResult {
    const result = step(this.graph, this.state, event);
    this.last = result;
    this.state = result.state;
    for (const e of result.effects) this.track(e);
    return result;
  }

  private track(e: Effect): void {
    this.effects.push(e);
    switch (e.type) {
      case 'createUserTask':
        this.tasks.set(e.key, e);
        break;
      case 'withdrawUserTask':
        this.tasks.delete(e.key);
        this.withdrawn.push(e);
        break;
      case 'startTimer':
        this.timers.set(e.key, e);
        break;
      case 'cancelTimer':
        this.timers.delete(e.key);
        break;
      case 'openSubscription':
        this.subscriptions.set(e.key, e);
        break;
      case 'closeSubscription':
        this.subscriptions.delete(e.key);
        break;
      case 'startChild':
        this.children.set(e.key, e);
        break;
      case 'cancelChild':
        this.children.delete(e.key);
        break;
      case 'cancelServiceTask':
        this.jobs.delete(e.key);
        break;
      case 'runListenerJob':
        this.listenerJobs.set(e.key, e);
        break;
      case 'cancelListenerJob':
        this.listenerJobs.delete(e.key);
        break;
      case 'runServiceTask': {
        this.jobs.set(e.key, e);
        if (this.options.manualServices) break;
        const configured = this.options.services?.[e.elementId];
        const answer = typeof configured === 'function' ? configured(e) : (configured ?? {});
        if (answer === 'manual') break;
        this.jobs.delete(e.key);
        if ('fail' in answer && answer.fail === true)
          this.pending.push({
            type: 'serviceTaskFailed',
            key: e.key,
            errorCode: answer.errorCode as string | undefined,
            message: (answer.message as string | undefined) ?? 'failed',
          });
        else this.pending.push({ type: 'serviceTaskCompleted', key: e.key, result: answer as Variables });
        break;
      }
      default:
        break;
    }
  }

  start(variables: Variables = {}): StepResult {
    return this.send({ type: 'start', variables: { businessKey: 'BK-1', ...variables } });
  }

  /** Keys of the open tasks of an element (in creation order). */
  openTasks(elementId?: string): EffectOf<'createUserTask'>[] {
    return [...this.tasks.values()].filter(
      (t) => (elementId === undefined || t.elementId === elementId) && this.state.instances[t.key]?.task,
    );
  }

  task(elementId: string): EffectOf<'createUserTask'> {
    const t = this.openTasks(elementId)[0];
    if (!t) throw new Error(`no open task ${elementId}; active: ${this.active().join(', ')}`);
    return t;
  }

  complete(elementId: string, variables: Variables = {}, by = 'alice', affiliation?: string): StepResult {
    const t = this.task(elementId);
    const result = this.send({ type: 'taskCompleted', key: t.key, variables, by, affiliation });
    if (!result.rejected) this.tasks.delete(t.key);
    return result;
  }

  timer(elementId: string): EffectOf<'startTimer'> {
    const t = [...this.timers.values()].find((x) => x.elementId === elementId);
    if (!t) throw new Error(`no running timer on ${elementId}`);
    return t;
  }

  fireTimer(elementId: string): StepResult {
    const t = this.timer(elementId);
    this.timers.delete(t.key);
    return this.send({ type: 'timerFired', key: t.key });
  }

  message(name: string, correlationKey = 'BK-1', variables: Variables = {}): StepResult {
    return this.send({ type: 'messageReceived', name, correlationKey, variables });
  }

  job(elementId: string): EffectOf<'runServiceTask'> {
    const j = [...this.jobs.values()].find((x) => x.elementId === elementId);
    if (!j) throw new Error(`no running job on ${elementId}`);
    return j;
  }

  completeJob(elementId: string, result: Variables = {}): StepResult {
    const j = this.job(elementId);
    this.jobs.delete(j.key);
    return this.send({ type: 'serviceTaskCompleted', key: j.key, result });
  }

  failJob(elementId: string, message: string, errorCode?: string): StepResult {
    const j = this.job(elementId);
    this.jobs.delete(j.key);
    return this.send({ type: 'serviceTaskFailed', key: j.key, errorCode, message });
  }

  /** The running listener job of an element (optionally: of this job type). */
  listener(elementId: string, jobType?: string): EffectOf<'runListenerJob'> {
    const j = [...this.listenerJobs.values()].find(
      (x) => x.elementId === elementId && (jobType === undefined || x.jobType === jobType),
    );
    if (!j) throw new Error(`no running execution listener on ${elementId}`);
    return j;
  }

  listenerDone(elementId: string, variables: Variables = {}): StepResult {
    const j = this.listener(elementId);
    this.listenerJobs.delete(j.key);
    return this.send({ type: 'listenerCompleted', key: j.key, variables });
  }

  listenerFail(elementId: string, message: string, errorCode?: string): StepResult {
    const j = this.listener(elementId);
    this.listenerJobs.delete(j.key);
    return this.send({ type: 'listenerFailed', key: j.key, message, errorCode });
  }

  validate(
    elementId: string,
    variables: Variables = {},
    by = 'alice',
    affiliation?: string,
  ): ValidationResult {
    return validateCompletion(
      this.graph,
      this.state,
      this.task(elementId).key,
      { username: by, affiliation },
      variables,
    );
  }

  snapshot(): EngineSnapshot {
    return snapshot(this.state);
  }

  active(): string[] {
    return this.snapshot().activeElements;
  }

  vars(): Variables {
    return this.snapshot().variables;
  }

  get status(): EngineState['status'] {
    return this.state.status;
  }

  effectsOf<T extends Effect['type']>(type: T): EffectOf<T>[] {
    return this.effects.filter((e): e is EffectOf<T> => e.type === type);
  }
}
