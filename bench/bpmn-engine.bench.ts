// Pure engine throughput and memory on the 30-element review pipeline (test/fixtures/bpmn/review-pipeline.bpmn):
// declaration, district review with reminders, city review (four-eyes), 3 parallel experts, score gate,
// list publication message, 5-working-day publicity timer, approval, certificate, payment.
// Every user task, service task, message and timer is answered by the driver, so each instance runs to completion.
// Run: npx tsx bench/bpmn-engine.bench.ts [instances]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileBpmn } from '../bpmn/compile/compile-bpmn';
import { initialState, step } from '../bpmn/engine/engine';
import type { Effect, EngineEvent, EngineState } from '../bpmn/engine/engine.types';
import type { ProcessGraph } from '../bpmn/graph.types';

const count = Number(process.argv[2] ?? 2_000);
const FIXTURE = join(__dirname, '..', 'test', 'fixtures', 'bpmn', 'review-pipeline.bpmn');

const answers: Record<string, { decision?: string; by: string }> = {
  declare: { by: 'applicant1' },
  districtReview: { decision: 'pass', by: 'lixia-reviewer' },
  cityReview: { decision: 'pass', by: 'city-reviewer1' },
  orgApproval: { decision: 'approve', by: 'orgdept1' },
};

/** The shell's answer to one effect, if it needs one. */
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
      const a = answers[e.elementId] ?? { by: 'someone' };
      return {
        type: 'taskCompleted',
        key: e.key,
        by: a.by,
        variables: a.decision ? { decision: a.decision } : {},
      };
    }
    case 'runServiceTask':
      return { type: 'serviceTaskCompleted', key: e.key, result: {} };
    case 'openSubscription':
      return {
        type: 'messageReceived',
        name: e.messageName,
        correlationKey: businessKey,
        variables: { publishedAt: '2026-09-28' },
      };
    case 'startTimer':
      // reminders are cancelled when the task completes; only the publicity period has to elapse
      return e.elementId === 'publicityPeriod' ? { type: 'timerFired', key: e.key } : undefined;
    default:
      return undefined;
  }
}

function runToCompletion(graph: ProcessGraph, businessKey: string): { state: EngineState; steps: number } {
  let state = initialState(graph);
  const queue: EngineEvent[] = [
    {
      type: 'start',
      variables: {
        businessKey,
        experts: ['expert1', 'expert2', 'expert3'],
        employerId: 'org-9',
        documents: [1, 2, 3],
      },
    },
  ];
  let steps = 0;
  while (queue.length) {
    const result = step(graph, state, queue.shift() as EngineEvent);
    steps += 1;
    state = result.state;
    for (const e of result.effects) {
      const next = answer(e, businessKey);
      if (next) queue.push(next);
    }
  }
  if (state.status !== 'completed') throw new Error(`instance ${businessKey} ended ${state.status}`);
  return { state, steps };
}

/** Starts an instance and stops at its first waiting user task (the state a shell keeps per waiting case). */
function startOnly(graph: ProcessGraph, businessKey: string): EngineState {
  return step(graph, initialState(graph), {
    type: 'start',
    variables: { businessKey, experts: ['expert1', 'expert2', 'expert3'], employerId: 'org-9' },
  }).state;
}

async function main(): Promise<void> {
  const compiled = await compileBpmn(readFileSync(FIXTURE, 'utf8'));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const graph = compiled.graph;
  const elements = Object.keys(graph.nodes).length;

  for (let i = 0; i < 200; i += 1) runToCompletion(graph, `warm-${i}`);

  let steps = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < count; i += 1) steps += runToCompletion(graph, `BK-${i}`).steps;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // the machine is shared: CPU time is the steadier measure
  const cpuMs = (cpu.user + cpu.system) / 1000;

  // memory: many cases held waiting at their first task, as a worker would keep them
  const held = Math.min(count, 10_000);
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  const states: EngineState[] = [];
  for (let i = 0; i < held; i += 1) states.push(startOnly(graph, `M-${i}`));
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage().heapUsed;
  const serialised = JSON.stringify(states[0]).length;

  console.log(
    JSON.stringify({
      bench: 'bpmn pure engine, review-pipeline to completion',
      elements,
      instances: count,
      stepsPerInstance: Number((steps / count).toFixed(1)),
      totalMs: Number(ms.toFixed(1)),
      instancesPerSecond: Math.round((count * 1000) / ms),
      cpuMs: Number(cpuMs.toFixed(1)),
      instancesPerCpuSecond: Math.round((count * 1000) / cpuMs),
      loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
      stepsPerSecond: Math.round((steps * 1000) / ms),
      heldInstances: held,
      heapBytesPerWaitingInstance: Math.round((after - before) / held),
      stateJsonBytesWaiting: serialised,
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      node: process.version,
    }),
  );
}

void main();
