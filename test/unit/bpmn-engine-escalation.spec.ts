import { EngineHarness } from '../../bpmn/testing/engine-harness';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';

const completed = (h: EngineHarness, elementId: string): boolean =>
  h.effectsOf('history').some((e) => e.event === 'element-completed' && e.elementId === elementId);
const thrown = (h: EngineHarness) =>
  h.effectsOf('history').filter((e) => e.event === 'escalation-thrown' || e.event === 'error-thrown');

describe('bpmn engine: escalation', () => {
  it('given a non-interrupting escalation boundary, when the subprocess throws, then both paths go on', async () => {
    const h = await EngineHarness.load('escalation-boundary-non-interrupting');
    h.start();
    expect(
      h
        .openTasks()
        .map((t) => t.elementId)
        .sort(),
    ).toEqual(['finishReview', 'informLeader']);
    expect(thrown(h)).toEqual([
      expect.objectContaining({
        elementId: 'reportLate',
        data: { escalationCode: 'LATE', caughtBy: 'lateCaught' },
      }),
    ]);
    h.complete('finishReview');
    expect(completed(h, 'review')).toBe(true);
    expect(h.status).toBe('active');
    h.complete('informLeader');
    expect(h.status).toBe('completed');
  });

  it('given an interrupting escalation boundary, when an end event escalates, then the subprocess is terminated', async () => {
    const h = await EngineHarness.load('escalation-boundary-interrupting');
    h.start();
    expect(h.withdrawn.map((w) => w.elementId)).toEqual(['verifyDocuments']);
    expect(h.openTasks().map((t) => t.elementId)).toEqual(['provincialReview']);
    expect(completed(h, 'check')).toBe(false);
    h.complete('provincialReview');
    expect(h.status).toBe('completed');
    expect(completed(h, 'checked')).toBe(false);
  });

  it('given a catch-all event subprocess and a FEEL code, when thrown, then it starts and the thrower goes on', async () => {
    const h = await EngineHarness.load('escalation-event-subprocess');
    h.start({ level: 2 });
    expect(thrown(h)[0]?.data).toEqual({ escalationCode: 'LEVEL_2', caughtBy: 'onEscalation' });
    expect(
      h
        .openTasks()
        .map((t) => t.elementId)
        .sort(),
    ).toEqual(['carryOn', 'handleEscalation']);
    h.complete('carryOn');
    expect(h.status).toBe('active'); // the event subprocess still runs
    h.complete('handleEscalation');
    expect(h.status).toBe('completed');
  });

  it('given an interrupting escalation event subprocess, when thrown, then its scope ends and the thrower stops', async () => {
    const h = await EngineHarness.load('escalation-event-subprocess-interrupting');
    h.start();
    expect(h.withdrawn.map((w) => w.elementId)).toEqual(['longReview']);
    expect(completed(h, 'stoppedEnd')).toBe(true);
    expect(h.effectsOf('createUserTask').map((t) => t.elementId)).not.toContain('neverReached');
    expect(h.status).toBe('completed');
  });

  it('given no catcher, when escalations are thrown, then there is no incident and the case completes', async () => {
    const h = await EngineHarness.load('escalation-uncaught');
    h.start();
    expect(h.effectsOf('incident')).toEqual([]);
    expect(thrown(h).map((e) => e.data)).toEqual([
      { escalationCode: 'NOBODY', caughtBy: null },
      { escalationCode: 'NOBODY', caughtBy: null },
    ]);
    expect(h.status).toBe('completed');
  });

  it('given a FEEL code that is not a string, when thrown, then an incident names the event', async () => {
    const h = await EngineHarness.load('escalation-event-subprocess');
    h.start({ level: null });
    // "LEVEL_" + string(null) is null in FEEL
    expect(h.effectsOf('incident')).toEqual([
      expect.objectContaining({ elementId: 'raise', reason: expect.stringContaining('escalationCode') }),
    ]);
  });
});

describe('bpmn engine: escalation across a call activity', () => {
  it('given a called case, when it escalates uncaught, then it asks its shell to pass the escalation to the parent', async () => {
    const child = await EngineHarness.load('escalation-child');
    child.start();
    expect(child.effectsOf('escalateToParent')).toEqual([
      expect.objectContaining({ elementId: 'late', escalationCode: 'LATE' }),
    ]);
    expect(child.openTasks().map((t) => t.elementId)).toEqual(['childWork']);
  });

  it('given a non-interrupting escalation boundary on a call activity, when the child escalates, then the parent follows up and the call goes on', async () => {
    const h = await EngineHarness.load('escalation-call-activity');
    h.start();
    const call = [...h.children.values()][0];
    expect(call?.processId).toBe('escalation-child');
    h.send({ type: 'childEscalated', key: call?.key ?? '', escalationCode: 'LATE' });
    expect(h.openTasks().map((t) => t.elementId)).toEqual(['followUp']);
    expect(h.children.size).toBe(1);
    // an unknown code is not caught here: it goes further up (nobody: nothing happens)
    h.send({ type: 'childEscalated', key: call?.key ?? '', escalationCode: 'OTHER' });
    expect(h.effectsOf('escalateToParent').map((e) => e.escalationCode)).toEqual(['OTHER']);
    h.send({ type: 'childCompleted', key: call?.key ?? '', variables: {} });
    h.complete('followUp');
    expect(h.status).toBe('completed');
  });

  it('given a key that is no call activity, when a child escalation arrives, then it is rejected', async () => {
    const h = await EngineHarness.load('escalation-call-activity');
    h.start();
    expect(h.send({ type: 'childEscalated', key: '999', escalationCode: 'LATE' }).rejected?.reason).toBe(
      'UNKNOWN_KEY',
    );
  });
});

describe('bpmn engine: error start events in event subprocesses', () => {
  it('given a catch-all error event subprocess in the subprocess, when an error end event throws, then the closest scope catches it', async () => {
    const h = await EngineHarness.load('error-event-subprocess');
    h.start({ missing: true });
    expect(thrown(h)[0]).toMatchObject({
      elementId: 'missingEnd',
      data: { errorCode: 'OTHER', caughtBy: 'anyError' },
    });
    expect(h.openTasks().map((t) => t.elementId)).toEqual(['fixRecords']);
    h.complete('fixRecords');
    // the subprocess completed through its event subprocess; the flow after it goes on
    expect(completed(h, 'verify')).toBe(true);
    expect(completed(h, 'end')).toBe(true);
    expect(h.status).toBe('completed');
  });

  it('given an error event subprocess with a code, when the process throws it, then it runs instead of the rest', async () => {
    const h = await EngineHarness.load('error-event-subprocess');
    h.start({ missing: false, refuse: 'rejected' });
    expect(thrown(h)[0]?.data).toMatchObject({ errorCode: 'REJECTED', caughtBy: 'onRejected' });
    expect(h.openTasks().map((t) => t.elementId)).toEqual(['informApplicant']);
    h.complete('informApplicant');
    expect(h.status).toBe('completed');
    expect(completed(h, 'end')).toBe(false);
  });

  it('given an error code no event subprocess catches, when thrown at process level, then it is an incident', async () => {
    const h = await EngineHarness.load('error-event-subprocess');
    h.start({ missing: false, refuse: 'other' });
    expect(h.effectsOf('incident')).toEqual([
      expect.objectContaining({ elementId: 'otherEnd', reason: expect.stringContaining("'OTHER'") }),
    ]);
    expect(h.status).toBe('failed');
  });
});

describe('bpmn compiler: escalation and error start events', () => {
  const doc = (roots: string, body: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
${roots}<bpmn:process id="p" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;
  const compile = async (roots: string, body: string) => compileBpmn(doc(roots, body));
  const task = `<bpmn:userTask id="t"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="a" /></bpmn:extensionElements></bpmn:userTask>`;

  it('given an escalation throw without a code, when compiled, then it is refused naming the event', async () => {
    const r = await compile(
      '',
      `<bpmn:startEvent id="s" /><bpmn:intermediateThrowEvent id="x"><bpmn:escalationEventDefinition /></bpmn:intermediateThrowEvent><bpmn:endEvent id="e" />
       <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x" /><bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="e" />`,
    );
    expect(r).toEqual({
      ok: false,
      errors: [{ elementId: 'x', message: expect.stringContaining('escalationCode') }],
    });
  });

  it('given an escalation boundary on a user task, when compiled, then it is refused (subprocess or call activity only)', async () => {
    const r = await compile(
      '<bpmn:escalation id="E" escalationCode="X" />',
      `<bpmn:startEvent id="s" />${task}<bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
       <bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:escalationEventDefinition escalationRef="E" /></bpmn:boundaryEvent>
       <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" /><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />
       <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="e2" />`,
    );
    expect(r).toEqual({
      ok: false,
      errors: [{ elementId: 'b', message: expect.stringContaining('subprocess') }],
    });
  });

  it('given a FEEL code on a catching escalation, a non-interrupting error start, or an error start at process level, then each is refused', async () => {
    const r = await compile(
      '<bpmn:escalation id="E" escalationCode="=code" />',
      `<bpmn:startEvent id="s" /><bpmn:endEvent id="e" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e" />
       <bpmn:startEvent id="topError"><bpmn:errorEventDefinition /></bpmn:startEvent>
       <bpmn:subProcess id="esp1" triggeredByEvent="true"><bpmn:startEvent id="es1"><bpmn:escalationEventDefinition escalationRef="E" /></bpmn:startEvent></bpmn:subProcess>
       <bpmn:subProcess id="esp2" triggeredByEvent="true"><bpmn:startEvent id="es2" isInterrupting="false"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>`,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([...new Set(r.errors.map((e) => e.elementId))].sort()).toEqual(['es1', 'es2', 'topError']);
    expect(r.errors.find((e) => e.elementId === 'topError')?.message).toBe(
      'error start events are only supported inside event subprocesses',
    );
  });
});
