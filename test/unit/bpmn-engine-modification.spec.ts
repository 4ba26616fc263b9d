// Process-instance modification in the pure engine: activate elements, terminate element instances, refusals.
import type { EngineEvent, Modification } from '../../bpmn';
import { EngineHarness } from '../../bpmn/testing/engine-harness';

const modify = (modification: Modification): EngineEvent => ({ type: 'modify', modification });
const keyOf = (h: EngineHarness, elementId: string) =>
  h.snapshot().tokens.find((t) => t.elementId === elementId)?.key ?? '';

describe('bpmn engine: process-instance modification', () => {
  it('given a gateway incident, when the end event is activated and the gateway terminated, then the case completes with the new variables', async () => {
    const h = await EngineHarness.load('exclusive-no-match');
    h.start({ score: 70 });
    expect(h.status).toBe('failed');
    const r = h.send(
      modify({
        activateInstructions: [{ elementId: 'high', variableInstructions: [{ variables: { score: 85 } }] }],
        terminateInstructions: [{ elementInstanceKey: keyOf(h, 'decide') }],
      }),
    );
    expect(r.rejected).toBeUndefined();
    expect(h.status).toBe('completed');
    expect(h.effectsOf('caseCompleted')[0]?.variables).toMatchObject({ score: 85 });
    expect(h.snapshot().incidents).toEqual([]);
    const modified = h.effectsOf('history').find((e) => e.event === 'case-modified');
    expect(modified?.data).toEqual({ activated: ['high'], terminated: ['decide'], variables: ['score'] });
    expect(h.effectsOf('history').some((e) => e.event === 'incident-resolved')).toBe(true);
  });

  it('given a case waiting at a review, when the next step is activated and the review terminated, then the task is withdrawn and the case waits at the new step', async () => {
    const h = await EngineHarness.load('subprocess-embedded');
    h.start();
    expect(h.active()).toEqual(['a', 'stage']);
    h.send(
      modify({
        activateInstructions: [{ elementId: 'b' }],
        terminateInstructions: [{ elementInstanceKey: keyOf(h, 'a') }],
      }),
    );
    expect(h.active()).toEqual(['b', 'stage']);
    expect(h.withdrawn.map((w) => w.elementId)).toEqual(['a']);
    h.complete('b');
    expect(h.active()).toEqual(['after']);
  });

  it('given the only active step, when it is terminated with nothing activated, then the case is terminated (Camunda semantics)', async () => {
    const h = await EngineHarness.load('user-task');
    h.start();
    h.send(modify({ terminateInstructions: [{ elementInstanceKey: keyOf(h, 'review') }] }));
    expect(h.status).toBe('terminated');
    expect(h.effectsOf('caseTerminated')).toHaveLength(1);
  });

  it('given a subprocess whose only step is terminated, then the subprocess ends too and the case with it', async () => {
    const h = await EngineHarness.load('subprocess-embedded');
    h.start();
    h.send(modify({ terminateInstructions: [{ elementInstanceKey: keyOf(h, 'a') }] }));
    expect(h.status).toBe('terminated');
  });

  it('given two parallel branches, when one is terminated, then the case keeps the other', async () => {
    const h = await EngineHarness.load('parallel-join');
    h.start();
    h.send(modify({ terminateInstructions: [{ elementInstanceKey: keyOf(h, 'legal') }] }));
    expect(h.status).toBe('active');
    expect(h.active()).toEqual(['finance']);
  });

  it('given a multi-instance subprocess, when the step of its last running instance is terminated, then the subprocess completes and the case goes on', async () => {
    const h = await EngineHarness.load('multi-instance-subprocess');
    h.start({ items: [{ owner: 'a' }, { owner: 'b' }] });
    h.complete('checkItem', { ok: true });
    const left = h.snapshot().tokens.filter((t) => t.elementId === 'checkItem');
    expect(left).toHaveLength(1);
    h.send(modify({ terminateInstructions: [{ elementInstanceKey: left[0]?.key ?? '' }] }));
    expect(h.status).toBe('completed');
    expect(h.effectsOf('caseCompleted')[0]?.variables.results).toHaveLength(2);
  });

  describe('refusals leave the state untouched', () => {
    const cases: [string, string, (h: EngineHarness) => Modification, string][] = [
      ['no instruction', 'user-task', () => ({}), 'MODIFICATION_EMPTY'],
      [
        'an unknown element',
        'user-task',
        () => ({ activateInstructions: [{ elementId: 'nope' }] }),
        'ELEMENT_NOT_FOUND',
      ],
      [
        'a sequence flow',
        'user-task',
        (h) => ({ activateInstructions: [{ elementId: h.graph.nodes.review?.incoming[0] ?? '' }] }),
        'ELEMENT_NOT_ACTIVATABLE',
      ],
      [
        'a start event',
        'user-task',
        () => ({ activateInstructions: [{ elementId: 'start' }] }),
        'ELEMENT_NOT_ACTIVATABLE',
      ],
      [
        'a boundary event',
        'timer-boundary',
        () => ({ activateInstructions: [{ elementId: 'overdue' }] }),
        'ELEMENT_NOT_ACTIVATABLE',
      ],
      [
        'a joining gateway',
        'parallel-join',
        () => ({ activateInstructions: [{ elementId: 'join' }] }),
        'ELEMENT_NOT_ACTIVATABLE',
      ],
      [
        'an event after an event-based gateway',
        'event-based-gateway',
        () => ({ activateInstructions: [{ elementId: 'supplied' }] }),
        'ELEMENT_NOT_ACTIVATABLE',
      ],
      [
        'an instance that does not exist',
        'user-task',
        () => ({ terminateInstructions: [{ elementInstanceKey: '999' }] }),
        'ELEMENT_INSTANCE_NOT_FOUND',
      ],
      [
        'a wrong ancestor',
        'user-task',
        (h) => ({
          activateInstructions: [{ elementId: 'review', ancestorElementInstanceKey: keyOf(h, 'review') }],
        }),
        'ANCESTOR_INVALID',
      ],
      [
        'a variable scope outside the element',
        'subprocess-embedded',
        () => ({
          activateInstructions: [
            { elementId: 'after', variableInstructions: [{ scopeId: 'stage', variables: { x: 1 } }] },
          ],
        }),
        'VARIABLE_SCOPE_INVALID',
      ],
      [
        'an element in a scope terminated by the same modification',
        'subprocess-embedded',
        (h) => ({
          activateInstructions: [{ elementId: 'b' }],
          terminateInstructions: [{ elementInstanceKey: keyOf(h, 'stage') }],
        }),
        'SCOPE_NOT_ACTIVE',
      ],
    ];
    it.each(cases)('given %s, then it is refused', async (_what, fixture, mod, reason) => {
      const h = await EngineHarness.load(fixture);
      h.start();
      const before = h.state;
      const r = h.send(modify(mod(h)));
      expect(r.rejected?.reason).toBe(reason);
      expect(r.effects).toEqual([]);
      expect(h.state).toBe(before);
    });

    it('given a subprocess that is not active, when a step inside it is activated, then SCOPE_NOT_ACTIVE', async () => {
      const h = await EngineHarness.load('subprocess-embedded');
      h.start();
      h.complete('a');
      h.complete('b');
      expect(h.active()).toEqual(['after']);
      const r = h.send(modify({ activateInstructions: [{ elementId: 'a' }] }));
      expect(r.rejected?.reason).toBe('SCOPE_NOT_ACTIVE');
    });

    it('given an ended case, then CASE_NOT_ACTIVE', async () => {
      const h = await EngineHarness.load('none-start-end');
      h.start();
      const r = h.send(modify({ activateInstructions: [{ elementId: 'end' }] }));
      expect(r.rejected?.reason).toBe('CASE_NOT_ACTIVE');
    });
  });
});
