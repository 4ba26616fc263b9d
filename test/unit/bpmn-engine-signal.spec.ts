import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { signalSubscriptionName } from '../../bpmn/elements/signal/signal.engine';
import { EngineHarness } from '../../bpmn/testing/engine-harness';

const completed = (h: EngineHarness, elementId: string): boolean =>
  h.effectsOf('history').some((e) => e.event === 'element-completed' && e.elementId === elementId);
/** what the shell does with a broadcast: the signal's subscription name, no correlation key, mapped-only on */
const broadcast = (h: EngineHarness, name: string, variables = {}) =>
  h.send({
    type: 'messageReceived',
    name: signalSubscriptionName(name),
    correlationKey: '',
    variables,
    mappedOnly: true,
  });

describe('bpmn engine: signal events', () => {
  it('given a signal catch event, when its signal is broadcast, then it completes with all signal variables', async () => {
    const h = await EngineHarness.load('signal-catch');
    h.start();
    expect([...h.subscriptions.values()]).toEqual([
      expect.objectContaining({
        elementId: 'waitPolicy',
        messageName: 'signal:policy-changed',
        correlationKey: '',
      }),
    ]);
    expect(broadcast(h, 'other-signal').correlated).toBe(0);
    expect(broadcast(h, 'policy-changed', { policyVersion: 3 }).correlated).toBe(1);
    expect(h.status).toBe('completed');
    // unlike messages (mapped only), a signal without output mappings merges its variables (Camunda 8)
    expect(h.vars()).toMatchObject({ policyVersion: 3 });
    expect(h.subscriptions.size).toBe(0);
  });

  it('given signal boundaries, when the non-interrupting one fires twice and then the interrupting one, then notices then withdrawal', async () => {
    const h = await EngineHarness.load('signal-boundary');
    h.start();
    expect(broadcast(h, 'rules-updated').correlated).toBe(1);
    expect(broadcast(h, 'rules-updated').correlated).toBe(1);
    expect(h.openTasks().map((t) => t.elementId)).toEqual(['review', 'readNotice', 'readNotice']);
    broadcast(h, 'programme-halted');
    expect(h.withdrawn.map((w) => w.elementId)).toEqual(['review']);
    expect(completed(h, 'haltedEnd')).toBe(true);
    expect(h.subscriptions.size).toBe(0);
    h.complete('readNotice');
    h.complete('readNotice');
    expect(h.status).toBe('completed');
  });

  it('given a non-interrupting signal event subprocess, when broadcast, then each broadcast adds an audit and the review stays', async () => {
    const h = await EngineHarness.load('signal-event-subprocess');
    h.start();
    broadcast(h, 'audit-requested');
    expect(h.openTasks().map((t) => t.elementId)).toEqual(['review', 'audit']);
    h.complete('review');
    expect(h.status).toBe('active');
    h.complete('audit');
    expect(h.status).toBe('completed');
  });

  it('given signal throw and end events, when reached, then they ask the shell to broadcast with the input mappings', async () => {
    const h = await EngineHarness.load('signal-throw');
    h.start({ policyVersion: 7 });
    expect(h.effectsOf('broadcastSignal')).toEqual([
      expect.objectContaining({
        elementId: 'announce',
        signalName: 'policy-changed',
        variables: { policy: 'v7' },
      }),
      expect.objectContaining({ elementId: 'closed', signalName: 'review-closed', variables: {} }),
    ]);
    expect(h.status).toBe('completed');
  });

  it('given a process started by signal only, when started at its signal start event, then it runs; another start event is refused', async () => {
    const h = await EngineHarness.load('signal-start');
    expect(h.graph.startEvent).toBe('');
    expect(h.graph.signalStarts).toEqual([{ elementId: 'opened', signalName: 'programme-opened' }]);
    const refused = h.send({ type: 'start', variables: {}, startEvent: 'prepareCall' });
    expect(refused.rejected?.reason).toBe('UNKNOWN_KEY');
    h.send({ type: 'start', variables: { year: 2027 }, startEvent: 'opened' });
    expect(h.openTasks().map((t) => t.elementId)).toEqual(['prepareCall']);
  });
});

describe('bpmn compiler: signal events', () => {
  const doc = (body: string, roots = '<bpmn:signal id="S" name="go" />'): string =>
    `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
${roots}<bpmn:process id="p" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;

  it('given a FEEL signal name or a message named like a signal subscription, when compiled, then each is refused on its element', async () => {
    const r = await compileBpmn(
      doc(
        `<bpmn:startEvent id="s" /><bpmn:intermediateCatchEvent id="c"><bpmn:signalEventDefinition signalRef="F" /></bpmn:intermediateCatchEvent>
         <bpmn:intermediateCatchEvent id="m"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent><bpmn:endEvent id="e" />
         <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="c" /><bpmn:sequenceFlow id="f2" sourceRef="c" targetRef="m" /><bpmn:sequenceFlow id="f3" sourceRef="m" targetRef="e" />`,
        `<bpmn:signal id="F" name="=name" /><bpmn:message id="M" name="signal:go"><bpmn:extensionElements><zeebe:subscription correlationKey="=k" /></bpmn:extensionElements></bpmn:message>`,
      ),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.elementId).sort()).toEqual(['c', 'm']);
  });

  it('given a process with neither a none nor a signal start event, when compiled, then it is still refused', async () => {
    const r = await compileBpmn(doc(`<bpmn:endEvent id="e" />`));
    expect(r).toMatchObject({ ok: false, errors: [{ elementId: 'p' }] });
  });
});
