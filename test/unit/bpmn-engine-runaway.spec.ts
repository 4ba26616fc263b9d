// Issue 17: a deployed process must never hang, exhaust or flood the worker. Each probe from the issue is a
// given/when/then here: the case fails with a clear incident instead.
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { FEEL_MAX_LIST, evaluateFeel } from '../../bpmn/feel/feel';
import { ENGINE_LIMITS } from '../../bpmn/engine/runtime';
import { EngineHarness } from '../../bpmn/testing/engine-harness';
import { nestedSubprocessesXml } from '../fixtures/bpmn/fixture-model';

describe('bpmn runaway guards: FEEL', () => {
  it('given a range of 20,000,000 numbers, when evaluated, then it is refused at once instead of enumerated', () => {
    const started = Date.now();
    expect(() => evaluateFeel('count(for i in 1..20000000 return i)', {})).toThrow(
      /more than the limit 100000/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('given a range within the limit, when evaluated, then it still works', () => {
    expect(evaluateFeel(`count(for i in 1..${FEEL_MAX_LIST} return i)`, {})).toBe(FEEL_MAX_LIST);
  });

  it('given a fractional range bound (feelin would never stop), when evaluated, then it is refused', () => {
    expect(() => evaluateFeel('for i in 0.5..3 return i', {})).toThrow(/fractional bound/);
  });

  it('given nested loops whose ranges add up beyond the iteration budget, when evaluated, then it is refused', () => {
    expect(() => evaluateFeel('count(for i in 1..2000, j in 1..2000 return i)', {})).toThrow(
      /more than 200000 range elements/,
    );
  });

  it('given nested loops over a long list variable, when evaluated, then it is refused before iterating', () => {
    const l = Array.from({ length: 5000 }, (_, i) => i);
    expect(() => evaluateFeel('count(for x in l, y in l return x)', { l })).toThrow(/nests 2 loops/);
    expect(evaluateFeel('count(for x in l return x)', { l })).toBe(5000);
  });

  it('given a script task enumerating 20,000,000 numbers, when the case starts, then it fails with an incident', async () => {
    const h = await EngineHarness.load('runaway-script');
    h.start();
    expect(h.status).toBe('failed');
    expect(h.snapshot().incidents).toEqual([
      expect.objectContaining({
        elementId: 'huge',
        reason: expect.stringMatching(/1\.\.20000000 has 20000000 elements/),
      }),
    ]);
  });
});

describe('bpmn runaway guards: engine', () => {
  it('given a gateway loop without a wait state, when the case starts, then it stops after the step budget with an incident', async () => {
    const h = await EngineHarness.load('runaway-gateway-loop');
    h.start();
    expect(h.status).toBe('failed');
    const incidents = h.snapshot().incidents;
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.reason).toMatch(
      new RegExp(`more than ${ENGINE_LIMITS.maxStepsPerActivation} element activations without a wait state`),
    );
  });

  it('given a case limited to 3 open tasks, when a multi-instance would open 5, then it is one incident and no task', async () => {
    const h = await EngineHarness.load('runaway-tasks');
    h.send({
      type: 'start',
      variables: { businessKey: 'BK-1', items: [1, 2, 3, 4, 5] },
      limits: { maxOpenTasks: 3 },
    });
    expect(h.status).toBe('failed');
    expect(h.openTasks()).toHaveLength(0);
    expect(h.snapshot().incidents).toEqual([
      expect.objectContaining({ elementId: 'review', reason: expect.stringMatching(/limit of 3 per case/) }),
    ]);
  });

  it('given the default limit, when a multi-instance opens 1,000 tasks, then it runs; 1,001 is an incident', async () => {
    const ok = await EngineHarness.load('runaway-tasks');
    ok.start({ items: Array.from({ length: ENGINE_LIMITS.maxOpenTasks }, (_, i) => i) });
    expect(ok.status).toBe('active');
    expect(ok.openTasks()).toHaveLength(ENGINE_LIMITS.maxOpenTasks);
    const tooMany = await EngineHarness.load('runaway-tasks');
    tooMany.start({ items: Array.from({ length: ENGINE_LIMITS.maxOpenTasks + 1 }, (_, i) => i) });
    expect(tooMany.status).toBe('failed');
    expect(tooMany.openTasks()).toHaveLength(0);
  });

  it('given 50,000 parallel instances, when the case starts, then it is an incident instead of 50,000 elements', async () => {
    const h = await EngineHarness.load('runaway-tasks');
    h.send({
      type: 'start',
      variables: { businessKey: 'BK-1', items: Array.from({ length: 50_000 }, (_, i) => i) },
      limits: { maxOpenTasks: 100_000 },
    });
    expect(h.status).toBe('failed');
    expect(h.snapshot().incidents[0]?.reason).toMatch(/50000 parallel instances of review/);
  });
});

describe('bpmn runaway guards: timer cycles at run time', () => {
  it('given a FEEL timer cycle that evaluates to R/PT0S, when the host task opens, then it is an incident, not a timer', async () => {
    const h = await EngineHarness.load('timer-boundary-cycle');
    (
      h.graph.nodes.remind as unknown as { eventDefinition: { timer: { value: string } } }
    ).eventDefinition.timer.value = '=cycle';
    h.start({ cycle: 'R/PT0S' });
    expect(h.effectsOf('startTimer')).toEqual([]);
    expect(h.snapshot().incidents[0]?.reason).toMatch(/'R\/PT0S': it repeats more often than once a minute/);
    // the task itself stays open
    expect(h.openTasks()).toHaveLength(1);
  });

  it('given a FEEL timer cycle of a minute, when the host task opens, then the timer starts', async () => {
    const h = await EngineHarness.load('timer-boundary-cycle');
    (
      h.graph.nodes.remind as unknown as { eventDefinition: { timer: { value: string } } }
    ).eventDefinition.timer.value = '=cycle';
    h.start({ cycle: 'R3/PT1M' });
    expect(h.effectsOf('startTimer')).toHaveLength(1);
    expect(h.snapshot().incidents).toEqual([]);
  });
});

describe('bpmn runaway guards: deploy time', () => {
  it('given a timer cycle R/PT0S, when compiled, then it is refused naming the boundary event', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { FIXTURE_DIR } = await import('../../bpmn/testing/engine-harness');
    const result = await compileBpmn(
      readFileSync(join(FIXTURE_DIR, 'invalid', 'timer-cycle-too-fast.bpmn'), 'utf8'),
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toContainEqual({
        elementId: 'remind',
        message: "timeCycle 'R/PT0S' repeats more often than once a minute",
      });
  });

  it('given 1,000 nested subprocesses, when compiled, then it is refused naming the element beyond depth 32', async () => {
    const result = await compileBpmn(await nestedSubprocessesXml(1000));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toContainEqual({
        elementId: 'sub968',
        message: 'subprocesses nest more than 32 levels deep',
      });
  });

  it('given 32 nested subprocesses, when compiled and run, then the case completes', async () => {
    const result = await compileBpmn(await nestedSubprocessesXml(32));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const h = new EngineHarness(result.graph);
    h.start();
    expect(h.status).toBe('completed');
  });
});
