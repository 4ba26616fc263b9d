import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { EngineHarness } from '../../bpmn/testing/engine-harness';

/** A message as the case workflow sends it since the patch: only output mappings take its variables. */
const mapped = (h: EngineHarness, name: string, variables: Record<string, unknown>) =>
  h.send({ type: 'messageReceived', name, correlationKey: 'BK-1', variables, mappedOnly: true });

const tiny = (processAttrs: string, roots: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:rf="http://reviewflow.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  ${roots}
  <bpmn:process id="p" isExecutable="true" ${processAttrs}>
    <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f" sourceRef="start" targetRef="end" />
    ${body}
  </bpmn:process>
</bpmn:definitions>`;

describe('bpmn compiler: who may start, who may send, outcomes', () => {
  it('given rf:startableBy, rf:senders and rf:outcome, when compiled, then the graph carries them', async () => {
    const r = await compileBpmn(
      tiny(
        'rf:startableBy="applicant, employer"',
        '<bpmn:message id="m" name="go" rf:senders="city-reviewer,org-department"><bpmn:extensionElements><zeebe:subscription correlationKey="=businessKey" /></bpmn:extensionElements></bpmn:message>',
        '<bpmn:endEvent id="end" rf:outcome="approved" />',
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.graph.startableBy).toEqual(['applicant', 'employer']);
    expect(r.graph.messageSenders).toEqual({ go: ['city-reviewer', 'org-department'] });
    expect(r.graph.nodes.end).toMatchObject({ kind: 'endEvent', outcome: 'approved' });
  });

  it('given none of them, when compiled, then the graph says nothing (admin only, no outcome)', async () => {
    const r = await compileBpmn(tiny('', '', '<bpmn:endEvent id="end" />'));
    expect(r.ok && [r.graph.startableBy, r.graph.messageSenders, r.graph.nodes.end]).toEqual([
      undefined,
      undefined,
      expect.not.objectContaining({ outcome: expect.anything() }),
    ]);
  });

  it.each([
    ['an empty rf:startableBy', 'rf:startableBy=""', '', '<bpmn:endEvent id="end" />', 'p', /empty/],
    [
      'a role name with a space',
      'rf:startableBy="city reviewer"',
      '',
      '<bpmn:endEvent id="end" />',
      'p',
      /role/,
    ],
    [
      'an outcome of two words',
      '',
      '',
      '<bpmn:endEvent id="end" rf:outcome="not ok" />',
      'end',
      /rf:outcome/,
    ],
    [
      'rf:senders on the objection message',
      '',
      '<bpmn:message id="o" name="objection" rf:senders="applicant" />',
      '<bpmn:endEvent id="end" />',
      'o',
      /objection endpoint/,
    ],
  ])(
    'given %s, when deployed, then it is refused with the element id',
    async (_, attrs, roots, body, id, msg) => {
      const r = await compileBpmn(tiny(attrs, roots, body));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors).toEqual(expect.arrayContaining([expect.objectContaining({ elementId: id })]));
      expect(r.errors.map((e) => e.message).join('\n')).toMatch(msg);
    },
  );
});

describe('bpmn engine: message variables reach the case only through output mappings', () => {
  it('given a catch event mapping listNo, when a message brings listNo and approved, then only listNo is set', async () => {
    const h = await EngineHarness.load('message-senders');
    h.start();
    const r = mapped(h, 'publish-list', { listNo: 7, approvedTotalFen: 9_999_999_900, upheld: true });
    expect(r.correlated).toBe(1);
    expect(h.vars()).toMatchObject({ listNo: 7 });
    expect(h.vars()).not.toHaveProperty('approvedTotalFen');
    expect(h.vars()).not.toHaveProperty('upheld');
  });

  it('given a catch event without mappings, when a message brings variables, then none reaches the case', async () => {
    const h = await EngineHarness.load('message-boundary');
    h.start();
    mapped(h, 'withdraw', { upheld: true });
    expect(h.status).toBe('completed');
    expect(h.vars()).not.toHaveProperty('upheld');
  });

  it('given a message start event mapping reason, when the event subprocess starts, then only revocationReason is set', async () => {
    const h = await EngineHarness.load('message-senders');
    h.start();
    mapped(h, 'revoke', { reason: 'funds moved', clawback: true });
    expect(h.status).toBe('completed');
    expect(h.vars()).toMatchObject({ revocationReason: 'funds moved' });
    expect(h.vars()).not.toHaveProperty('clawback');
    expect(h.vars()).not.toHaveProperty('reason');
  });

  it('given a history from before the patch (no mappedOnly), when a message arrives, then its variables propagate as before', async () => {
    const h = await EngineHarness.load('message-boundary');
    h.start();
    h.message('withdraw', 'BK-1', { upheld: true });
    expect(h.vars()).toMatchObject({ upheld: true });
  });
});

describe('bpmn engine: rf:outcome', () => {
  it.each([
    ['approve', 'completed', 'approved'],
    ['reject', 'terminated', 'rejected'],
  ])(
    'given decision %s, when the case ends, then its status is %s and its outcome %s',
    async (decision, status, outcome) => {
      const h = await EngineHarness.load('start-by-applicant');
      h.start();
      expect(h.snapshot().outcome).toBeNull();
      h.complete('review', { decision });
      expect(h.status).toBe(status);
      expect(h.snapshot().outcome).toBe(outcome);
    },
  );

  it('given a case ending at an end event without rf:outcome, when it completes, then the outcome is null', async () => {
    const h = await EngineHarness.load('message-boundary');
    h.start();
    h.complete('review');
    expect(h.status).toBe('completed');
    expect(h.snapshot().outcome).toBeNull();
  });

  it('given a case that is cancelled, when it terminates, then it has no outcome', async () => {
    const h = await EngineHarness.load('start-by-applicant');
    h.start();
    h.send({ type: 'cancel', reason: 'withdrawn by the applicant' });
    expect(h.status).toBe('terminated');
    expect(h.snapshot().outcome).toBeNull();
  });
});
