// External jobs in the compiler and the pure engine (issue 15 item 1): which task types become jobs, what a job
// carries, and the deploy-time refusals.
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { EngineHarness, loadGraph } from '../../bpmn/testing/engine-harness';
import { BUILT_IN_TASK_TYPES, JOB_TYPE_PATTERN, isBuiltInTaskType, taskTypeOf } from '../../bpmn/task-types';
import { ConfigError, loadConfig } from '../../config/app-config';

const processWith = (task: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    ${task}
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>`;
const serviceTask = (type: string) =>
  `<bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="${type}"/></bpmn:extensionElements></bpmn:serviceTask>`;

describe('task types: built-ins and external jobs', () => {
  it('given the built-ins, then they are not jobs; any other well-formed type is', async () => {
    expect(BUILT_IN_TASK_TYPES.every(isBuiltInTaskType)).toBe(true);
    expect(isBuiltInTaskType('credit-check')).toBe(false);
    for (const t of ['credit-check', 'io.camunda:http-json:1', '征信核查'])
      expect(JOB_TYPE_PATTERN.test(t)).toBe(true);
    for (const t of [' lead', 'trail ', 'x'.repeat(201), 'a\u0000b'])
      expect(JOB_TYPE_PATTERN.test(t)).toBe(false);
    const graph = await loadGraph('job-worker');
    expect(graph.nodes.creditCheck).toMatchObject({
      kind: 'serviceTask',
      taskType: 'credit-check',
      job: true,
    });
    const builtin = await loadGraph('service-task');
    expect(builtin.nodes.notifyApplicant).not.toHaveProperty('job');
  });

  it('given send and job-worker script tasks with a task definition, then both compile to jobs', async () => {
    const graph = await loadGraph('job-worker-send-script');
    expect(graph.nodes.sendLetter).toMatchObject({
      bpmnType: 'sendTask',
      job: true,
      taskType: 'post-letter',
    });
    expect(graph.nodes.renderPdf).toMatchObject({
      bpmnType: 'scriptTask',
      job: true,
      taskType: 'render-pdf',
    });
  });

  it('given UNKNOWN_TASK_TYPES=refuse (knownTaskTypes = the built-ins), then an unknown type is refused on its element', async () => {
    const refused = await compileBpmn(processWith(serviceTask('credit-check')), {
      knownTaskTypes: BUILT_IN_TASK_TYPES,
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.errors).toEqual([
        expect.objectContaining({ elementId: 'task', message: "unknown task type 'credit-check'" }),
      ]);
    const badType = await compileBpmn(processWith(serviceTask(' padded')));
    expect(badType.ok).toBe(false);
    if (!badType.ok) expect(badType.errors[0]).toMatchObject({ elementId: 'task' });
  });

  it('given a job, when the engine reaches it, then the effect carries every visible variable, headers and retries; the completion goes through the output mapping', async () => {
    const h = await EngineHarness.load('job-worker', { manualServices: true });
    h.start({ applicantId: 'zhang-san', district: 'lixia' });
    const job = h.job('creditCheck');
    expect(job).toMatchObject({
      job: true,
      taskType: 'credit-check',
      retries: 2,
      headers: { bureau: 'pboc', depth: 'full' },
      inputs: { applicantId: 'zhang-san', district: 'lixia', subject: 'zhang-san' },
    });
    h.send({ type: 'serviceTaskCompleted', key: job.key, result: { score: 590, extra: 1 } });
    expect(h.task('review')).toBeDefined();
    expect(h.state.instances[h.state.rootKey]?.vars).toMatchObject({ creditScore: 590 });
    expect(h.state.instances[h.state.rootKey]?.vars).not.toHaveProperty('extra');
  });

  it('given a job, when the worker throws FRAUD_SUSPECTED, then the error boundary takes over', async () => {
    const h = await EngineHarness.load('job-worker', { manualServices: true });
    h.start({ applicantId: 'li-si' });
    const job = h.job('creditCheck');
    h.send({ type: 'serviceTaskFailed', key: job.key, errorCode: 'FRAUD_SUSPECTED', message: 'mismatch' });
    expect(h.task('investigate')).toBeDefined();
  });

  it('refuses an unknown UNKNOWN_TASK_TYPES at boot and defaults to job', () => {
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).unknownTaskTypes).toBe('job');
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32), UNKNOWN_TASK_TYPES: 'refuse' }).unknownTaskTypes).toBe(
      'refuse',
    );
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(32), UNKNOWN_TASK_TYPES: 'maybe' })).toThrow(
      ConfigError,
    );
  });
});

describe('message throw and end events as jobs', () => {
  it('given a message throw event and a message end event with task definitions, then each is a job and the end event ends the case', async () => {
    const graph = await loadGraph('job-message-throw');
    expect(graph.nodes.textApplicant).toMatchObject({
      kind: 'serviceTask',
      bpmnType: 'intermediateThrowEvent',
      taskType: 'send-sms',
      headers: { template: 'received' },
      job: true,
    });
    expect(graph.nodes.informBureau).toMatchObject({
      bpmnType: 'endEvent',
      taskType: 'notify-bureau',
      retries: 1,
    });
    const h = new EngineHarness(graph, { manualServices: true });
    h.start({});
    h.send({ type: 'serviceTaskCompleted', key: h.job('textApplicant').key, result: {} });
    h.send({ type: 'serviceTaskCompleted', key: h.job('informBureau').key, result: {} });
    expect(h.state.status).toBe('completed');
  });

  it('given a message throw event without a task definition, then it is refused on its element', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:message id="m" name="sms" />
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="send"/>
    <bpmn:intermediateThrowEvent id="send"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="send" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>`;
    const result = await compileBpmn(xml);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual(expect.arrayContaining([expect.objectContaining({ elementId: 'send' })]));
  });
});

describe('task types as plugins', () => {
  it('gives each built-in its own checks and every other type the external job, through one interface', () => {
    expect(BUILT_IN_TASK_TYPES.map((t) => [t, taskTypeOf(t).job])).toEqual(
      BUILT_IN_TASK_TYPES.map((t) => [t, false]),
    );
    expect(taskTypeOf('credit-check')).toMatchObject({ name: 'credit-check', job: true });
    expect(taskTypeOf('credit-check').check({ inputs: [], headers: {} })).toEqual([]);
    expect(taskTypeOf('notify').check({ inputs: [], headers: { template: 't' } })).toEqual([
      "task type 'notify' needs the header 'to'",
    ]);
    expect(
      taskTypeOf('pay').check({
        inputs: [
          { source: '="t1"', target: 'tranche' },
          { source: '=1.5', target: 'amount' },
        ],
        headers: {},
      }),
    ).toEqual(['pay amount must be a non-negative integer number of fen']);
    expect(taskTypeOf('pay').checkInputs?.({ tranche: 't1', amount: -1 })).toContain("input 'amount'");
    expect(taskTypeOf('pay').checkInputs?.({ tranche: 't1', amount: 100 })).toBeUndefined();
  });
});

describe('FEEL job types and retries', () => {
  it('given type and retries as FEEL, then the task compiles to a job whose type and retries are left to the engine', async () => {
    const graph = await loadGraph('job-feel-type');
    expect(graph.nodes.verify).toMatchObject({
      kind: 'serviceTask',
      taskType: '="verify-" + bureau',
      retriesExpression: '=attempts + 1',
      job: true,
    });
  });

  it('given region tax, when the task is entered, then a job of type verify-tax with retries 3 is created (inputs applied)', async () => {
    const h = await EngineHarness.load('job-feel-type', { manualServices: true });
    h.start({ region: 'tax', attempts: 2 });
    expect(h.job('verify')).toMatchObject({ job: true, taskType: 'verify-tax', retries: 3 });
    h.send({ type: 'serviceTaskCompleted', key: h.job('verify').key, result: {} });
    expect(h.state.status).toBe('completed');
  });

  it('given a type that evaluates to null (no region), then an incident JOB_TYPE_INVALID; a retry with a region re-evaluates', async () => {
    const h = await EngineHarness.load('job-feel-type', { manualServices: true });
    h.start({ attempts: 0 });
    expect(h.status).toBe('failed');
    const incident = Object.values(h.state.incidents)[0];
    expect(incident).toMatchObject({ elementId: 'verify', code: 'JOB_TYPE_INVALID' });
    h.send({ type: 'retryIncident', incidentKey: incident?.key ?? '', variables: { region: 'social' } });
    expect(h.job('verify')).toMatchObject({ taskType: 'verify-social', retries: 1 });
  });

  it('given retries that evaluate to text, then an incident JOB_RETRIES_INVALID', async () => {
    const h = await EngineHarness.load('job-feel-type', { manualServices: true });
    h.start({ region: 'tax', attempts: 'many' });
    expect(Object.values(h.state.incidents)[0]).toMatchObject({
      elementId: 'verify',
      code: 'JOB_RETRIES_INVALID',
    });
  });

  it('given a FEEL type with a syntax error, or UNKNOWN_TASK_TYPES=refuse, then it is refused on its element', async () => {
    const bad = await compileBpmn(processWith(serviceTask('=&quot;a&quot; +')));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ elementId: 'task' });
    const refused = await compileBpmn(processWith(serviceTask('=&quot;verify-&quot; + x')), {
      knownTaskTypes: BUILT_IN_TASK_TYPES,
    });
    expect(refused.ok).toBe(false);
    const ok = await compileBpmn(processWith(serviceTask('=&quot;verify-&quot; + x')));
    expect(ok.ok).toBe(true);
  });
});
