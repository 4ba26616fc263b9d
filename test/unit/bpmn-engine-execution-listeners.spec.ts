// Issue 15 item 3: Camunda 8 execution listeners — jobs at an element's (or the process's) start and end, in the pure
// engine. Fixtures: test/fixtures/bpmn/execution-listener-*.bpmn.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { BUILT_IN_TASK_TYPES } from '../../bpmn/task-types';
import { EngineHarness, FIXTURE_DIR } from '../../bpmn/testing/engine-harness';

const completed = (h: EngineHarness, elementId: string): boolean =>
  h.effectsOf('history').some((e) => e.event === 'element-completed' && e.elementId === elementId);
const listenerTypes = (h: EngineHarness): string[] => h.effectsOf('runListenerJob').map((e) => e.jobType);

describe('bpmn engine: start execution listeners', () => {
  it('given a user task with two start listeners, when it is entered, then they run in order after its input mapping and before the task exists', async () => {
    const h = await EngineHarness.load('execution-listener-start');
    h.start({ applicant: 'wang' });
    const first = h.listener('review');
    expect(first).toMatchObject({ eventType: 'start', jobType: 'el-prepare', retries: 3 });
    expect(first.variables).toMatchObject({ applicant: 'wang', who: 'wang' });
    expect(h.openTasks('review')).toHaveLength(0);

    h.listenerDone('review', { note: 'checked' });
    const second = h.listener('review');
    expect(second).toMatchObject({ jobType: 'el-enrich', retries: 1 });
    expect(second.variables).toMatchObject({ note: 'checked' });
    expect(h.openTasks('review')).toHaveLength(0);

    h.listenerDone('review', { priority: 'high' });
    expect(h.task('review').variables).toMatchObject({ who: 'wang', note: 'checked', priority: 'high' });
  });

  it('given a gateway with a start listener, when the listener sets the variable its condition reads, then the gateway follows it; start listener variables stay local', async () => {
    const h = await EngineHarness.load('execution-listener-start');
    h.start();
    h.listenerDone('review', { note: 'n' });
    h.listenerDone('review');
    h.complete('review');
    expect(h.active()).toEqual(['route']);
    h.listenerDone('route', { lane: 'fast' });
    expect(h.status).toBe('completed');
    expect(completed(h, 'fastEnd')).toBe(true);
    expect(completed(h, 'slowEnd')).toBe(false);
    expect(h.state.endVariables).not.toHaveProperty('note');
    expect(h.state.endVariables).not.toHaveProperty('lane');
  });
});

describe('bpmn engine: start listeners before subscriptions', () => {
  it('given a user task with a timer boundary, then the boundary is armed only once its start listeners are done', async () => {
    const h = await EngineHarness.load('execution-listener-subscriptions');
    h.start({ nextType: 'el-countersign' });
    h.listenerDone('sign');
    expect(h.listener('sign').jobType).toBe('el-countersign'); // a FEEL type, evaluated when it runs
    expect(h.timers.size).toBe(0);
    h.listenerDone('sign');
    expect(h.timer('slow')).toBeDefined();
    expect(h.openTasks('sign')).toHaveLength(1);
  });

  it("given a message catch event, when its start listener sets the correlation key's variable, then it subscribes with it", async () => {
    const h = await EngineHarness.load('execution-listener-subscriptions');
    h.start({ nextType: 'el-countersign' });
    h.listenerDone('sign');
    h.listenerDone('sign');
    h.complete('sign');
    expect(h.subscriptions.size).toBe(0);
    h.listenerDone('wait', { ticket: 'T-9' });
    expect([...h.subscriptions.values()]).toEqual([
      expect.objectContaining({ elementId: 'wait', messageName: 'reply', correlationKey: 'T-9' }),
    ]);
    h.message('reply', 'T-9');
    expect(h.status).toBe('completed');
  });

  it('given a listener type that does not evaluate, then an incident; its retry starts over with the first start listener', async () => {
    const h = await EngineHarness.load('execution-listener-subscriptions');
    h.start();
    h.listenerDone('sign');
    const [incident] = Object.values(h.state.incidents);
    expect(incident).toMatchObject({ elementId: 'sign', code: 'JOB_TYPE_INVALID' });
    h.send({ type: 'retryIncident', incidentKey: incident?.key ?? '', variables: { nextType: 'el-late' } });
    expect(listenerTypes(h)).toEqual(['el-sign', 'el-sign']);
    h.listenerDone('sign');
    expect(h.listener('sign').jobType).toBe('el-late');
  });
});

describe('bpmn engine: end execution listeners', () => {
  it('given a job with two end listeners, when the job completes, then they run in order after the output mapping, the boundary timer is gone and their variables reach the case', async () => {
    const h = await EngineHarness.load('execution-listener-end', { manualServices: true });
    h.start();
    expect(h.timer('late')).toBeDefined();
    h.completeJob('score', { raw: 7 });
    expect(h.listener('score')).toMatchObject({ eventType: 'end', jobType: 'el-audit' });
    expect(h.listener('score').variables).toMatchObject({ creditScore: 70 });
    expect(h.timers.size).toBe(0); // the boundary timer ended with the task's work
    expect(completed(h, 'score')).toBe(false);

    h.listenerDone('score', { audited: true });
    expect(h.listener('score')).toMatchObject({ jobType: 'el-archive', retries: 2 });
    h.listenerDone('score', { archivedAs: 'A-1' });
    expect(h.status).toBe('completed');
    expect(h.state.endVariables).toMatchObject({ creditScore: 70, audited: true, archivedAs: 'A-1' });
  });

  it('given an end listener whose job fails with no retries left, when the incident is retried, then only that listener runs again', async () => {
    const h = await EngineHarness.load('execution-listener-end', { manualServices: true });
    h.start();
    h.completeJob('score', { raw: 1 });
    h.listenerDone('score');
    h.listenerFail('score', 'archive unreachable');
    expect(h.status).toBe('failed');
    const [incident] = Object.values(h.state.incidents);
    expect(incident).toMatchObject({ elementId: 'score', code: 'LISTENER_FAILED' });
    expect(incident?.reason).toContain("end execution listener 'el-archive'");
    expect(h.listenerJobs.size).toBe(0);

    h.send({ type: 'retryIncident', incidentKey: incident?.key ?? '' });
    expect(listenerTypes(h)).toEqual(['el-audit', 'el-archive', 'el-archive']);
    h.listenerDone('score');
    expect(h.status).toBe('completed');
  });

  it('given a listener whose worker throws a BPMN error, then it is an incident, never caught', async () => {
    const h = await EngineHarness.load('execution-listener-end', { manualServices: true });
    h.start();
    h.completeJob('score', { raw: 1 });
    h.listenerFail('score', 'no audit', 'AUDIT_FAILED');
    expect(h.status).toBe('failed');
    expect(Object.values(h.state.incidents)[0]).toMatchObject({
      elementId: 'score',
      code: 'LISTENER_BPMN_ERROR',
    });
    expect(h.effectsOf('history').some((e) => e.event === 'error-thrown')).toBe(false);
  });

  it('given a listener job running, when the case is cancelled, then the job is cancelled; a stale answer is refused', async () => {
    const h = await EngineHarness.load('execution-listener-end', { manualServices: true });
    h.start();
    h.completeJob('score', { raw: 1 });
    const job = h.listener('score');
    h.send({ type: 'cancel' });
    expect(h.effectsOf('cancelListenerJob')).toEqual([
      { type: 'cancelListenerJob', key: job.key, elementKey: job.elementKey, elementId: 'score' },
    ]);
    expect(h.send({ type: 'listenerCompleted', key: job.key }).rejected?.reason).toBe('CASE_NOT_ACTIVE');
  });
});

describe('bpmn engine: listeners of the process, subprocesses and multi-instance', () => {
  it('given process and subprocess listeners, then the case opens, the stage runs and the case closes through them', async () => {
    const h = await EngineHarness.load('execution-listener-process');
    h.start();
    expect(h.listener('execution-listener-process')).toMatchObject({ jobType: 'el-case-open' });
    expect(h.active()).toEqual([]);
    h.listenerDone('execution-listener-process', { opened: true });
    h.listenerDone('stage');
    expect(completed(h, 'work')).toBe(true);
    expect(h.listener('stage')).toMatchObject({ eventType: 'end', jobType: 'el-stage-out' });
    h.listenerDone('stage', { stageResult: 'ok' });
    expect(h.status).toBe('active');
    expect(h.listener('execution-listener-process')).toMatchObject({
      eventType: 'end',
      jobType: 'el-case-close',
    });
    h.listenerDone('execution-listener-process', { closed: true });
    expect(h.status).toBe('completed');
    expect(h.state.endVariables).toMatchObject({ opened: true, stageResult: 'ok', closed: true });
    expect(listenerTypes(h)).toEqual(['el-case-open', 'el-stage-in', 'el-stage-out', 'el-case-close']);
  });

  it('given a sequential multi-instance task with a start listener, then it runs once per inner instance with its item', async () => {
    const h = await EngineHarness.load('execution-listener-multi-instance');
    h.start({ items: ['a', 'b'] });
    expect(h.listener('each').variables).toMatchObject({ item: 'a', loopCounter: 1 });
    h.listenerDone('each');
    expect(h.listener('each').variables).toMatchObject({ item: 'b', loopCounter: 2 });
    h.listenerDone('each');
    expect(h.status).toBe('completed');
  });
});

describe('bpmn compile: execution listeners', () => {
  const xml = (name: string) => readFileSync(join(FIXTURE_DIR, `${name}.bpmn`), 'utf8');

  it('given listeners, then the graph keeps them in document order with their retries; graphs without them have none', async () => {
    const result = await compileBpmn(xml('execution-listener-end'));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.graph.nodes.score?.listeners).toEqual([
      { eventType: 'end', type: 'el-audit', retries: '3' },
      { eventType: 'end', type: 'el-archive', retries: '=2' },
    ]);
    expect(result.graph.nodes.end).not.toHaveProperty('listeners');
  });

  it('given UNKNOWN_TASK_TYPES=refuse, then a listener (always an external job) is refused on its element', async () => {
    const result = await compileBpmn(xml('execution-listener-worker'), {
      knownTaskTypes: BUILT_IN_TASK_TYPES,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.filter((e) => /execution listener/.test(e.message)).map((e) => e.elementId)).toEqual(
      ['creditCheck', 'creditCheck'],
    );
  });
});
