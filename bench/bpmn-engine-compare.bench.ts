// Side by side, one process: our pure interpreter vs the npm package bpmn-engine on the same review pipeline
// (ours: test/fixtures/bpmn/review-pipeline.bpmn; bpmn-engine: bench/fixtures/review-pipeline.bpmn-engine.bpmn, the
// same elements and flows with conditions/scripts in JavaScript, see bench/bpmn-engine-fixture.ts DIALECT).
// Both answer the same things: user tasks (same decisions/scores), the list-published message, the publicity timer
// (fired at once); service tasks complete with no result (ours: the driver; bpmn-engine: enableDummyService).
// Instances run one after the other to completion. Memory: instances held waiting at their first user task.
// bpmn-engine gets the XML parsed once (its own bpmn-moddle) and shared, as ours compiles once; pass `source` as the
// third argument to make every bpmn-engine instance parse the XML itself (its documented `source` option).
// Run: node --expose-gc --import tsx bench/bpmn-engine-compare.bench.ts [instances] [held] [shared|source]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import { compileBpmn } from '../bpmn/compile/compile-bpmn';
import { initialState, step } from '../bpmn/engine/engine';
import type { Effect, EngineEvent, EngineState } from '../bpmn/engine/engine.types';
import type { ProcessGraph } from '../bpmn/graph.types';
import { SOURCE, TARGET, deriveBpmnEngineFixture } from './bpmn-engine-fixture';

const count = Number(process.argv[2] ?? 1_000);
const held = Number(process.argv[3] ?? 1_000);
const mode = process.argv[4] === 'source' ? 'source' : 'shared';
const warmup = Math.min(50, count);
const ENGINE_DIR = join(__dirname, '..', 'node_modules', 'bpmn-engine');

const decisions: Record<string, string> = {
  districtReview: 'pass',
  cityReview: 'pass',
  orgApproval: 'approve',
};
const by: Record<string, string> = {
  declare: 'applicant1',
  districtReview: 'lixia-reviewer',
  cityReview: 'city-reviewer1',
  orgApproval: 'orgdept1',
};
const startVariables = (businessKey: string): Record<string, unknown> => ({
  businessKey,
  experts: ['expert1', 'expert2', 'expert3'],
  employerId: 'org-9',
  documents: [1, 2, 3],
});

// ---------- ours ----------
function answer(e: Effect, businessKey: string): EngineEvent | undefined {
  switch (e.type) {
    case 'createUserTask': {
      if (e.elementId === 'expertScore')
        return {
          type: 'taskCompleted',
          key: e.key,
          by: `expert${e.variables.loopCounter as number}`,
          variables: { score: 80 },
        };
      const decision = decisions[e.elementId];
      return {
        type: 'taskCompleted',
        key: e.key,
        by: by[e.elementId] ?? 'someone',
        variables: decision ? { decision } : {},
      };
    }
    case 'runServiceTask':
      return { type: 'serviceTaskCompleted', key: e.key, result: {} };
    case 'openSubscription':
      return { type: 'messageReceived', name: e.messageName, correlationKey: businessKey, variables: {} };
    case 'startTimer':
      return e.elementId === 'publicityPeriod' ? { type: 'timerFired', key: e.key } : undefined;
    default:
      return undefined;
  }
}

function oursToCompletion(graph: ProcessGraph, businessKey: string): void {
  let state = initialState(graph);
  const queue: EngineEvent[] = [{ type: 'start', variables: startVariables(businessKey) }];
  while (queue.length) {
    const result = step(graph, state, queue.shift() as EngineEvent);
    state = result.state;
    for (const e of result.effects) {
      const next = answer(e, businessKey);
      if (next) queue.push(next);
    }
  }
  if (state.status !== 'completed') throw new Error(`ours: ${businessKey} ended ${state.status}`);
}

function oursWaiting(graph: ProcessGraph, businessKey: string): EngineState {
  return step(graph, initialState(graph), { type: 'start', variables: startVariables(businessKey) }).state;
}

// ---------- bpmn-engine ----------
type ElementApi = {
  id: string;
  type: string;
  environment: { variables: Record<string, unknown> };
  signal: (output?: unknown) => void;
  cancel: () => void;
};

type Definition = { source: string } | { moddleContext: unknown };

function theirsEngine(definition: Definition, businessKey: string): Engine {
  return new Engine({
    name: businessKey,
    ...definition,
    settings: { enableDummyService: true },
  } as ConstructorParameters<typeof Engine>[0]);
}

/** Parses with the bpmn-moddle bpmn-engine itself depends on (not ours, a different major). */
async function theirsDefinition(xml: string): Promise<Definition> {
  if (mode === 'source') return { source: xml };
  const BpmnModdle = createRequire(join(ENGINE_DIR, 'package.json'))('bpmn-moddle') as new () => {
    fromXML: (xml: string) => Promise<unknown>;
  };
  return { moddleContext: await new BpmnModdle().fromXML(xml.trim()) };
}

/** Listener answering waits like our driver; `stopAtFirstWait` leaves the instance waiting at `declare`. */
function theirsListener(onWait?: () => void): EventEmitter {
  const listener = new EventEmitter();
  listener.on('wait', (api: ElementApi) => {
    if (onWait) return onWait();
    const vars = api.environment.variables;
    if (api.id === 'expertScore') {
      const scores = (vars.scores as number[] | undefined) ?? [];
      scores.push(80);
      vars.scores = scores;
      return api.signal({ score: 80 });
    }
    const decision = decisions[api.id];
    if (decision) vars.decision = decision;
    api.signal(decision ? { decision } : {});
  });
  // a timer event only listens to cancel, which ends the wait and takes the outgoing flow, i.e. "the timer fired"
  listener.on('activity.timer', (api: ElementApi) => {
    if (api.id === 'publicityPeriod') api.cancel();
  });
  return listener;
}

async function theirsToCompletion(source: Definition, businessKey: string): Promise<void> {
  const engine = theirsEngine(source, businessKey);
  const ended = new Promise<void>((resolve, reject) => {
    engine.once('end', () => resolve());
    engine.once('error', (err: Error) => reject(err));
  });
  const listener = theirsListener();
  let approved = false;
  let average: unknown;
  listener.on('activity.end', (api: ElementApi) => {
    if (api.id === 'approved') approved = true;
    if (api.id === 'average') average = api.environment.variables.averageScore;
  });
  await engine.execute({ listener, variables: startVariables(businessKey) });
  await ended;
  // the run must have taken the same path as ours: average computed, ended at "approved"
  if (!approved || average !== 80)
    throw new Error(`bpmn-engine: ${businessKey} approved=${approved} averageScore=${String(average)}`);
}

async function theirsWaiting(source: Definition, businessKey: string): Promise<Engine> {
  const engine = theirsEngine(source, businessKey);
  let waiting!: () => void;
  const atTask = new Promise<void>((resolve) => (waiting = resolve));
  await engine.execute({ listener: theirsListener(() => waiting()), variables: startVariables(businessKey) });
  await atTask;
  return engine;
}

// ---------- harness ----------
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function measure(
  label: string,
  runOne: (bk: string) => void | Promise<void>,
  holdOne: (bk: string) => unknown,
  passes: number,
): Promise<{
  label: string;
  passes: number;
  perSecond: number;
  perCpuSecond: number;
  heapPerWaiting: number;
  ms: number;
}> {
  for (let i = 0; i < warmup; i += 1) await runOne(`warm-${i}`);
  // a pass of ours lasts under a second on a shared machine: take the median of `passes` passes of the same count
  const runs: { ms: number; cpuMs: number }[] = [];
  for (let p = 0; p < passes; p += 1) {
    gc();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < count; i += 1) await runOne(`BK-${p}-${i}`);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    runs.push({ ms, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  runs.sort((a, b) => a.ms - b.ms);
  const { ms, cpuMs } = runs[Math.floor(runs.length / 2)] as { ms: number; cpuMs: number };

  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const keep: unknown[] = [];
  for (let i = 0; i < held; i += 1) keep.push(await holdOne(`M-${i}`));
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (keep.length !== held) throw new Error('held instances lost');
  return {
    label,
    passes,
    ms,
    perSecond: (count * 1000) / ms,
    perCpuSecond: (count * 1000) / cpuMs,
    heapPerWaiting: (after - before) / held,
  };
}

async function main(): Promise<void> {
  const ourXml = readFileSync(SOURCE, 'utf8');
  const theirXml = readFileSync(TARGET, 'utf8');
  if (deriveBpmnEngineFixture(ourXml) !== theirXml)
    throw new Error(`${TARGET} is stale: run npx tsx bench/bpmn-engine-fixture.ts`);
  const compiled = await compileBpmn(ourXml);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const graph = compiled.graph;

  const theirDefinition = await theirsDefinition(theirXml);
  const load0 = loadavg()[0] ?? 0;
  const ours = await measure(
    'ours',
    (bk) => oursToCompletion(graph, bk),
    (bk) => oursWaiting(graph, bk),
    5,
  );
  const theirs = await measure(
    'bpmn-engine',
    (bk) => theirsToCompletion(theirDefinition, bk),
    (bk) => theirsWaiting(theirDefinition, bk),
    1,
  );
  const load1 = loadavg()[0] ?? 0;

  const { version } = JSON.parse(readFileSync(join(ENGINE_DIR, 'package.json'), 'utf8')) as {
    version: string;
  };
  const r = (n: number): string => Math.round(n).toLocaleString('en-US');
  const kib = (n: number): string => (n / 1024).toFixed(1);
  console.log(
    JSON.stringify({
      instances: count,
      warmup,
      held,
      bpmnEngineDefinition: mode,
      ours,
      bpmnEngine: { version, ...theirs },
      ratioInstancesPerSecond: ours.perSecond / theirs.perSecond,
      ratioInstancesPerCpuSecond: ours.perCpuSecond / theirs.perCpuSecond,
      ratioHeapPerWaiting: theirs.heapPerWaiting / ours.heapPerWaiting,
      loadAverage1m: [Number(load0.toFixed(2)), Number(load1.toFixed(2))],
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      node: process.version,
      cpu: `${cpus().length}× ${cpus()[0]?.model ?? '?'}`,
      memGiB: Math.round(totalmem() / 2 ** 30),
    }),
  );
  console.log('');
  console.log(
    '| instances | ours inst/s (per CPU-s) | bpmn-engine ' +
      version +
      ' (' +
      mode +
      ') inst/s (per CPU-s) | ratio | ours heap/waiting | bpmn-engine heap/waiting | ratio | load 1m |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${count} | ${r(ours.perSecond)} (${r(ours.perCpuSecond)}) | ${r(theirs.perSecond)} (${r(theirs.perCpuSecond)}) | ` +
      `${r(ours.perSecond / theirs.perSecond)}× | ${kib(ours.heapPerWaiting)} KiB | ${kib(theirs.heapPerWaiting)} KiB | ` +
      `${(theirs.heapPerWaiting / ours.heapPerWaiting).toFixed(1)}× | ${load0.toFixed(2)}→${load1.toFixed(2)} |`,
  );
  console.log('');
  console.log(
    `command: node --expose-gc --import tsx bench/bpmn-engine-compare.bench.ts ${count} ${held} ${mode}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
