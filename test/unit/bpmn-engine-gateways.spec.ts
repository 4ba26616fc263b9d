import { EngineHarness } from '../../bpmn/testing/engine-harness';

describe('bpmn engine: gateways', () => {
  it.each([
    ['pass', 'passed'],
    ['reject', 'rejected'],
    ['return', 'other'],
  ])(
    'given an exclusive gateway, when the decision is %s, then only the %s end is reached',
    async (decision, endId) => {
      const h = await EngineHarness.load('exclusive-gateway');
      h.start();
      h.complete('review', { decision });
      const completedEnds = h
        .effectsOf('history')
        .filter(
          (e) =>
            e.event === 'element-completed' && ['passed', 'rejected', 'other'].includes(e.elementId ?? ''),
        );
      expect(completedEnds.map((e) => e.elementId)).toEqual([endId]);
      expect(h.status).toBe('completed');
    },
  );

  it('given no matching condition and no default, when the gateway is reached, then an incident fails the case (no silent hang)', async () => {
    const h = await EngineHarness.load('exclusive-no-match');
    h.start({ score: 70 });
    expect(h.status).toBe('failed');
    const [incident] = h.effectsOf('incident');
    expect(incident).toMatchObject({ elementId: 'decide' });
    expect(incident?.reason).toMatch(/no outgoing flow/);
    expect(h.active()).toEqual(['decide']);
  });

  it('given a gateway incident, when retryIncident fixes the variable, then the gateway is re-evaluated and the case completes', async () => {
    const h = await EngineHarness.load('exclusive-no-match');
    h.start({ score: 70 });
    const [incident] = h.effectsOf('incident');
    h.send({ type: 'retryIncident', incidentKey: incident?.key ?? '', variables: { score: 90 } });
    expect(h.status).toBe('completed');
    expect(h.effectsOf('incidentResolved')).toHaveLength(1);
  });

  it('given a return decision, when the loop goes back, then a new declaration task opens with a new key', async () => {
    const h = await EngineHarness.load('loop-back');
    h.start();
    const firstKey = h.task('declare').key;
    h.complete('declare');
    h.complete('check', { decision: 'return' });
    const secondKey = h.task('declare').key;
    expect(secondKey).not.toBe(firstKey);
    h.complete('declare');
    h.complete('check', { decision: 'pass' });
    expect(h.status).toBe('completed');
  });

  it('given a parallel fork, when only one branch completes, then the join waits', async () => {
    const h = await EngineHarness.load('parallel-join');
    h.start();
    expect(h.active()).toEqual(['finance', 'legal']);
    h.complete('legal');
    expect(h.active()).toEqual(['finance', 'join']);
    expect(h.status).toBe('active');
    h.complete('finance');
    expect(h.status).toBe('completed');
  });

  it('given a parallel join, when it fires, then exactly one token leaves (tokens are counted per incoming flow)', async () => {
    const h = await EngineHarness.load('parallel-join');
    h.start();
    h.complete('finance');
    h.complete('legal');
    const endsReached = h
      .effectsOf('history')
      .filter((e) => e.event === 'element-activated' && e.elementId === 'end');
    expect(endsReached).toHaveLength(1);
  });

  it('given an inclusive fork where one condition holds, when that branch completes, then the join does not wait for branches never taken', async () => {
    const h = await EngineHarness.load('inclusive-join');
    h.start({ needsExtra: true, amount: 10 });
    expect(h.active()).toEqual(['extra']);
    h.complete('extra');
    expect(h.status).toBe('completed');
  });

  it('given an inclusive fork with all conditions true, when one branch completes, then the join waits for the others still able to arrive', async () => {
    const h = await EngineHarness.load('inclusive-join');
    h.start({ needsExtra: true, amount: 500000 });
    expect(h.active()).toEqual(['audit', 'extra']);
    h.complete('audit');
    expect(h.active()).toEqual(['extra', 'join']);
    h.complete('extra');
    expect(h.status).toBe('completed');
    expect(
      h.effectsOf('history').filter((e) => e.event === 'element-activated' && e.elementId === 'end'),
    ).toHaveLength(1);
  });

  it('given an inclusive fork with no condition true, when it is entered, then the default flow is taken', async () => {
    const h = await EngineHarness.load('inclusive-join');
    h.start({ needsExtra: false, amount: 1 });
    expect(h.active()).toEqual(['basic']);
    h.complete('basic');
    expect(h.status).toBe('completed');
  });

  it('given an inclusive gateway whose conditions are false, when entered, then its default end is reached', async () => {
    const h = await EngineHarness.load('inclusive-default');
    h.start({ x: 0 });
    expect(
      h.effectsOf('history').some((e) => e.event === 'element-completed' && e.elementId === 'fallback'),
    ).toBe(true);
  });

  it('given an event-based gateway, when the message arrives first, then the timer is cancelled', async () => {
    const h = await EngineHarness.load('event-based-gateway');
    h.start();
    expect(h.subscriptions.size).toBe(1);
    const timer = h.timer('timeout');
    expect(timer.spec).toEqual({ kind: 'duration', value: 'P10D' });
    const result = h.message('supplement', 'BK-1', { docs: 2 });
    expect(result.correlated).toBe(1);
    expect(h.effectsOf('cancelTimer').map((c) => c.key)).toEqual([timer.key]);
    expect(h.status).toBe('completed');
    expect(h.vars().docs).toBe(2);
    expect(
      h.effectsOf('history').some((e) => e.event === 'element-completed' && e.elementId === 'gotIt'),
    ).toBe(true);
  });

  it('given an event-based gateway, when the timer fires first, then the subscription is closed and a late message finds nothing', async () => {
    const h = await EngineHarness.load('event-based-gateway');
    h.start();
    h.fireTimer('timeout');
    expect(h.subscriptions.size).toBe(0);
    expect(
      h.effectsOf('history').some((e) => e.event === 'element-completed' && e.elementId === 'gaveUp'),
    ).toBe(true);
    expect(h.message('supplement').correlated).toBe(0);
  });
});
