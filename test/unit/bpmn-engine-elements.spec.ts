// Issue 15: elements that need no worker (undefined/manual/receive tasks, link events, collaborations,
// FEEL called process ids) and Zeebe's leniency, compiled and run in the pure engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { EngineHarness, FIXTURE_DIR } from '../../bpmn/testing/engine-harness';

const reached = (h: EngineHarness, elementId: string): boolean =>
  h.effectsOf('history').some((e) => e.event === 'element-completed' && e.elementId === elementId);
const compileFixture = (name: string) => compileBpmn(readFileSync(join(FIXTURE_DIR, `${name}.bpmn`), 'utf8'));

describe('bpmn engine: undefined and manual tasks', () => {
  it('given an undefined task with io mappings and a manual task, when the case starts, then both pass through with the mappings applied', async () => {
    const h = await EngineHarness.load('task-undefined-manual');
    expect(h.graph.nodes.note).toMatchObject({ kind: 'manualTask', bpmnType: 'task' });
    expect(h.graph.nodes.sign).toMatchObject({ kind: 'manualTask', bpmnType: 'manualTask' });
    h.start({ amount: 20 });
    expect(h.status).toBe('completed');
    expect(reached(h, 'note') && reached(h, 'sign')).toBe(true);
    expect(h.state.endVariables).toMatchObject({ amount: 20, total: 41 });
    expect(h.state.endVariables).not.toHaveProperty('doubled'); // input mappings stay local
  });
});

describe('bpmn engine: receive task', () => {
  it('given a receive task, when the case starts, then it subscribes with the correlation key read through its input mapping', async () => {
    const h = await EngineHarness.load('receive-task');
    h.start();
    expect([...h.subscriptions.values()]).toEqual([
      expect.objectContaining({
        elementId: 'wait_docs',
        messageName: 'documents-received',
        correlationKey: 'BK-1',
      }),
    ]);
    expect(h.timer('docs_late').spec).toEqual({ kind: 'duration', value: 'P7D' });
  });

  it('given a waiting receive task, when its message arrives, then its output mapping applies, the boundary timer is cancelled and the flow goes on', async () => {
    const h = await EngineHarness.load('receive-task');
    h.start();
    expect(h.message('documents-received', 'BK-2').correlated).toBe(0);
    expect(h.message('documents-received', 'BK-1', { pages: 12, junk: true }).correlated).toBe(1);
    expect(h.timers.size).toBe(0);
    expect(h.subscriptions.size).toBe(0);
    expect(h.vars()).toMatchObject({ pageCount: 12 });
    expect(h.vars()).not.toHaveProperty('junk');
    h.complete('review');
    expect(h.status).toBe('completed');
  });

  it('given a waiting receive task, when its boundary timer fires, then the subscription closes and the late path is taken', async () => {
    const h = await EngineHarness.load('receive-task');
    h.start();
    h.fireTimer('docs_late');
    expect(h.subscriptions.size).toBe(0);
    expect(h.effectsOf('closeSubscription').map((e) => e.elementId)).toEqual(['wait_docs']);
    expect(h.status).toBe('completed');
    expect(reached(h, 'end_late')).toBe(true);
    expect(h.message('documents-received', 'BK-1').correlated).toBe(0);
  });

  it('given a receive task whose message name is FEEL, when entered, then it subscribes to the evaluated name (null: incident)', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'receive-task.bpmn'), 'utf8').replace(
      'name="documents-received"',
      'name="=&quot;documents-&quot; + stage"',
    );
    const r = await compileBpmn(xml);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const h = new EngineHarness(r.graph);
    h.start({ stage: 'signed' });
    expect([...h.subscriptions.values()]).toEqual([
      expect.objectContaining({ messageName: 'documents-signed' }),
    ]);
    const bad = new EngineHarness(r.graph);
    bad.start();
    expect(Object.values(bad.state.incidents)).toEqual([
      expect.objectContaining({ elementId: 'wait_docs', reason: expect.stringContaining('message name') }),
    ]);
  });

  it('given a receive task without a correlation key, when compiled, then it is refused naming the task', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'receive-task.bpmn'), 'utf8').replace(
      /<zeebe:subscription correlationKey="=caseRef" \/>/,
      '',
    );
    const r = await compileBpmn(xml);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([expect.objectContaining({ elementId: 'wait_docs' })]);
  });
});

describe('bpmn engine: link events', () => {
  it.each([
    [true, 'jump_a'],
    [false, 'jump_b'],
  ])(
    'given urgent=%s, when the case starts, then the link throw %s continues at the link catch',
    async (urgent, via) => {
      const h = await EngineHarness.load('link-events');
      h.start({ urgent });
      expect(reached(h, via)).toBe(true);
      expect(reached(h, 'land')).toBe(true);
      h.complete('review');
      expect(h.status).toBe('completed');
    },
  );

  it('given a link throw without a catch of its name, when compiled, then the throw is refused with the name', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'link-events.bpmn'), 'utf8').replace(
      'id="jump_b_def" name="to-review"',
      'id="jump_b_def" name="nowhere"',
    );
    const r = await compileBpmn(xml);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        { elementId: 'jump_b', message: expect.stringContaining("no link catch event named 'nowhere'") },
      ]);
  });

  it('given two link catches of one name in one scope, when compiled, then the second is refused', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'link-events.bpmn'), 'utf8').replace(
      '</bpmn:process>',
      '<bpmn:intermediateCatchEvent id="land2"><bpmn:linkEventDefinition name="to-review" /></bpmn:intermediateCatchEvent></bpmn:process>',
    );
    const r = await compileBpmn(xml);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.elementId)).toContain('land2');
  });
});

describe('bpmn engine: input mappings on a catch event', () => {
  it('given a message catch event with an input mapping, when entered, then its correlation key reads the local variable, which does not leak', async () => {
    const h = await EngineHarness.load('message-catch-inputs');
    h.start();
    expect([...h.subscriptions.values()]).toEqual([
      expect.objectContaining({ messageName: 'reply-received', correlationKey: 'BK-1-reply' }),
    ]);
    expect(h.message('reply-received', 'BK-1-reply', { answer: 'yes' }).correlated).toBe(1);
    expect(h.status).toBe('completed');
    expect(h.state.endVariables).toMatchObject({ replyAnswer: 'yes' });
    expect(h.state.endVariables).not.toHaveProperty('replyRef');
  });
});

describe('bpmn compile: collaborations', () => {
  it('given two pools and a message flow, when compiled, then the executable pool is deployed and the rest ignored', async () => {
    const r = await compileFixture('collaboration-pools');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.graph.processId).toBe('office');
    expect(Object.keys(r.graph.nodes).sort()).toEqual(['check', 'end', 'start']);
    expect(r.warnings).toBeUndefined();
    const h = new EngineHarness(r.graph);
    h.start();
    h.complete('check');
    expect(h.status).toBe('completed');
  });

  it('given two executable pools, when compiled, then the first pool is deployed and the second is a warning', async () => {
    const r = await compileFixture('collaboration-two-executable');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.graph.processId).toBe('first_pool');
    expect(r.warnings).toEqual([
      { elementId: 'second_pool', message: expect.stringContaining('not deployed') },
    ]);
  });
});

describe('bpmn engine: call activity with a FEEL processId', () => {
  it('given processId "=\\"sub-\\" + track", when the call activity starts, then the child is the evaluated process id', async () => {
    const h = await EngineHarness.load('call-activity-feel-process-id');
    expect(h.graph.nodes.call).toMatchObject({ processId: '="sub-" + track' });
    h.start({ track: 'youth' });
    expect([...h.children.values()]).toEqual([expect.objectContaining({ processId: 'sub-youth' })]);
  });

  it('given the expression yields no text, when the call activity starts, then it is an incident on the call activity', async () => {
    const h = await EngineHarness.load('call-activity-feel-process-id');
    h.start({ track: null });
    expect(h.children.size).toBe(0);
    expect(Object.values(h.state.incidents)).toEqual([
      expect.objectContaining({ elementId: 'call', reason: expect.stringContaining('called processId') }),
    ]);
    h.send({
      type: 'retryIncident',
      incidentKey: Object.keys(h.state.incidents)[0] ?? '',
      variables: { track: 'elder' },
    });
    expect([...h.children.values()]).toEqual([expect.objectContaining({ processId: 'sub-elder' })]);
  });
});

describe('bpmn: lenient where Zeebe is lenient', () => {
  it('given foreign extensions, task headers on a user task, a sourceless input, a default-flow condition, a dead-end gateway and a multi-line FEEL string, when compiled, then it deploys with warnings for what is ignored', async () => {
    const r = await compileFixture('zeebe-lenient');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([
      { elementId: 'review', message: expect.stringContaining('other:panel') },
      { elementId: 'f_default', message: expect.stringContaining('ignored') },
    ]);
    expect(r.graph.flows.f_default?.condition).toBeUndefined();
  });

  it('given the lenient process, when it runs, then the input without a source is null, the string keeps its line break and both gateway exits end the case', async () => {
    for (const [status, endsAt] of [
      ['approved', 'end'],
      ['rejected', 'dead_end'],
    ] as const) {
      const h = await EngineHarness.load('zeebe-lenient');
      h.start({ status });
      expect(h.task('review').variables).toMatchObject({ draft: null });
      h.complete('review');
      expect(h.status).toBe('completed');
      expect(reached(h, endsAt)).toBe(true);
      expect(h.state.endVariables?.letterText).toBe(`Dear applicant,\nyour file is ${status}`);
    }
  });

  it('given a custom form key (a custom task application), when compiled, then it deploys with a warning and the task has no form', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'zeebe-lenient.bpmn'), 'utf8').replace(
      '<zeebe:userTask />',
      '<zeebe:userTask /><zeebe:formDefinition formKey="react:reviewForm" />',
    );
    const r = await compileBpmn(xml);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toContainEqual({
      elementId: 'review',
      message: expect.stringContaining("'react:reviewForm'"),
    });
    expect(r.graph.nodes.review).not.toHaveProperty('form');
  });

  it('given a process-level message start event, when compiled, then what follows it is never reported as unreachable', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:message id="m" name="hello"><bpmn:extensionElements><zeebe:subscription correlationKey="=k" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:startEvent id="msg_start"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
    <bpmn:manualTask id="after_msg" /><bpmn:endEvent id="end_msg" />
    <bpmn:sequenceFlow id="f2" sourceRef="msg_start" targetRef="after_msg" />
    <bpmn:sequenceFlow id="f3" sourceRef="after_msg" targetRef="end_msg" />
  </bpmn:process>
</bpmn:definitions>`;
    const r = await compileBpmn(xml);
    // whether such a start is supported is the events work's; either way its successors are reached
    const ids = r.ok ? [] : r.errors.map((e) => e.elementId);
    expect(ids).not.toContain('after_msg');
    expect(ids).not.toContain('end_msg');
  });

  it('given a refused element between a gateway and an end, when compiled, then only the refused element is reported', async () => {
    const r = await compileBpmn(readFileSync(join(FIXTURE_DIR, 'invalid', 'refused-neighbour.bpmn'), 'utf8'));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([{ elementId: 'odd', message: expect.stringContaining('ComplexGateway') }]);
  });
});

describe('bpmn compile: Camunda Modeler lint beside our rules ({ lint: true })', () => {
  it('given a variable name Camunda refuses, when compiled with lint, then it is an error on the element naming the rule', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'zeebe-lenient.bpmn'), 'utf8').replace(
      '<zeebe:input target="draft" />',
      '<zeebe:input source="=1" target="$.draft" />',
    );
    expect((await compileBpmn(xml)).ok).toBe(true); // our rules alone accept it
    const r = await compileBpmn(xml, { lint: true });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        { elementId: 'review', message: expect.stringContaining('camunda-compat/variable-name') },
      ]);
  });

  it('given a diagram part naming no element (a Modeler leftover), when compiled with lint, then the rules still run and nothing crashes', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'zeebe-lenient.bpmn'), 'utf8')
      .replace('<zeebe:input target="draft" />', '<zeebe:input source="=1" target="$.draft" />')
      .replace(
        '</bpmn:definitions>',
        `<bpmndi:BPMNDiagram id="leftover"><bpmndi:BPMNPlane id="leftover_plane" bpmnElement="gone" /></bpmndi:BPMNDiagram>
</bpmn:definitions>`,
      )
      .replace(
        /(<bpmndi:BPMNPlane [^>]*>)/,
        '$1<bpmndi:BPMNShape id="gone_di" bpmnElement="gone"><dc:Bounds x="0" y="0" width="10" height="10" /></bpmndi:BPMNShape>',
      );
    const crashes = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const r = await compileBpmn(xml, { lint: true });
      expect(crashes).not.toHaveBeenCalled();
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.errors).toEqual([
          { elementId: 'review', message: expect.stringContaining('camunda-compat/variable-name') },
        ]);
    } finally {
      crashes.mockRestore();
    }
  });

  it('given a feature of a newer Camunda (a sourceless input, 8.8), when compiled with lint, then it is only a warning', async () => {
    const r = await compileBpmn(readFileSync(join(FIXTURE_DIR, 'zeebe-lenient.bpmn'), 'utf8'), {
      lint: true,
    });
    expect(r.ok).toBe(true);
    expect(r.warnings).toContainEqual({
      elementId: 'review',
      message: expect.stringContaining('only allowed by Camunda 8.8 or newer'),
    });
  });

  it('given a message thrown by a job without a subscription on its message, when compiled with lint, then the Modeler finding is only a warning (Zeebe deploys it)', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:message id="m" name="notice" />
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateThrowEvent id="tell"><bpmn:extensionElements><zeebe:taskDefinition type="send-notice" /></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateThrowEvent>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="tell" />
    <bpmn:sequenceFlow id="f2" sourceRef="tell" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
    const r = await compileBpmn(xml, { lint: true });
    // message throw events are the jobs work's: whatever our rules say, the lint adds no error on 'tell'
    const lintErrors = r.ok ? [] : r.errors.filter((e) => e.message.includes('camunda-compat/subscription'));
    expect(lintErrors).toEqual([]);
    if (r.ok)
      expect(r.warnings).toContainEqual({
        elementId: 'tell',
        message: expect.stringContaining('camunda-compat/subscription'),
      });
  });
});

describe('bpmn engine: io mappings on throw and end events', () => {
  it('given a none throw event and a none end event with io mappings, then inputs stay local and outputs reach the case', async () => {
    const h = await EngineHarness.load('throw-event-io');
    expect(h.graph.nodes.mark).toMatchObject({
      kind: 'intermediateThrowEvent',
      inputs: [{ target: 'doubled' }],
      outputs: [{ target: 'marked' }],
    });
    h.start({ score: 20 });
    expect(h.vars()).toMatchObject({ score: 20, marked: 41 });
    expect(h.vars()).not.toHaveProperty('doubled');
    h.complete('check');
    expect(h.status).toBe('completed');
    expect(h.vars()).toMatchObject({ closingLabel: 'closed-41' });
    expect(h.vars()).not.toHaveProperty('label');
  });

  it('given a score that is not a number, then the mappings yield null (FEEL) and the case goes on to the task', async () => {
    const h = await EngineHarness.load('throw-event-io');
    h.start({ score: 'x' });
    expect(h.vars()).toMatchObject({ marked: null });
    expect(h.openTasks('check')).toHaveLength(1);
  });
});

describe('bpmn compile: stray text', () => {
  it('given stray text inside extensionElements, then it is ignored with a warning and the task definition still counts', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    <bpmn:serviceTask id="task"><bpmn:extensionElements>
      0ex
      <zeebe:taskDefinition type="console-log"/>
    </bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>`;
    const compiled = await compileBpmn(xml);
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(compiled.graph.nodes.task).toMatchObject({ taskType: 'console-log', job: true });
    expect(compiled.warnings).toEqual([expect.objectContaining({ message: "stray text '0ex' ignored" })]);
  });
});
