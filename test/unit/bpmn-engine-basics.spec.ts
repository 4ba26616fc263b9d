import { EngineHarness } from '../../bpmn/testing/engine-harness';

describe('bpmn engine: tasks, scopes and variables', () => {
  it('given a none start to a none end, when the case starts, then it completes at once', async () => {
    const h = await EngineHarness.load('none-start-end');
    h.start({ x: 1 });
    expect(h.status).toBe('completed');
    expect(h.effectsOf('caseCompleted')).toEqual([
      { type: 'caseCompleted', variables: { businessKey: 'BK-1', x: 1 } },
    ]);
  });

  it('given a user task, when the case starts, then createUserTask carries candidates, FEEL assignee, due and decisions', async () => {
    const h = await EngineHarness.load('user-task');
    h.start({ reviewer: 'lixia-reviewer' });
    const t = h.task('review');
    expect(t).toMatchObject({
      elementId: 'review',
      candidateGroups: ['district-reviewer', 'city-reviewer'],
      assignee: 'lixia-reviewer',
      dueIn: 'P5D',
      calendar: 'cn-workday',
      decisions: ['pass', 'reject', 'return'],
    });
    expect(h.active()).toEqual(['review']);
  });

  it('given an open user task, when it is completed, then its variables reach the case and the case completes', async () => {
    const h = await EngineHarness.load('user-task');
    h.start();
    h.complete('review', { decision: 'pass', comment: 'fine' });
    expect(h.status).toBe('completed');
    expect(h.effectsOf('caseCompleted')[0]?.variables).toMatchObject({ decision: 'pass', comment: 'fine' });
  });

  it('given a taskSchedule dueDate in FEEL, when the task opens, then dueDate is evaluated', async () => {
    const h = await EngineHarness.load('user-task-due-date');
    h.start({ deadline: '2026-10-10T00:00:00+08:00' });
    expect(h.task('review').dueDate).toBe('2026-10-10T00:00:00+08:00');
  });

  it('given a notify service task, when the case starts, then runServiceTask carries type, headers and retries', async () => {
    const h = await EngineHarness.load('service-task', { manualServices: true });
    h.start();
    expect(h.job('notifyApplicant')).toMatchObject({
      taskType: 'notify',
      headers: { template: 'accepted', to: 'applicant' },
      retries: 5,
    });
    h.completeJob('notifyApplicant', { notified: true });
    expect(h.status).toBe('completed');
    expect(h.snapshot().variables).toMatchObject({ notified: true });
  });

  it('given a send task, when it runs, then it behaves as a service task', async () => {
    const h = await EngineHarness.load('send-task', { manualServices: true });
    h.start();
    expect(h.job('announce').taskType).toBe('notify');
  });

  it('given built-in types with FEEL inputs, when they run, then inputs are evaluated per case', async () => {
    const h = await EngineHarness.load('service-task-builtins');
    h.start({ grant: 1000000, applicantId: 'applicant1' });
    const runs = h.effectsOf('runServiceTask');
    expect(runs.map((r) => r.taskType)).toEqual(['pay', 'issue-certificate', 'record']);
    expect(runs[0]?.inputs).toEqual({ tranche: 'first', amount: 400000 });
    expect(runs[2]?.inputs).toEqual({ data: { signedBy: 'applicant1' } });
    expect(h.status).toBe('completed');
  });

  it('given a pay amount that is not an integer at run time, when the task starts, then an incident is raised', async () => {
    const h = await EngineHarness.load('service-task-builtins');
    h.start({ grant: 1001 });
    expect(h.status).toBe('failed');
    expect(h.snapshot().incidents[0]).toMatchObject({ elementId: 'pay1' });
    expect(h.snapshot().incidents[0]?.reason).toMatch(/amount/);
  });

  it('given a script task, when it runs, then the FEEL result lands in resultVariable', async () => {
    const h = await EngineHarness.load('script-task');
    h.start({ scores: [80, 90, 70] });
    expect(h.effectsOf('caseCompleted')[0]?.variables.averageScore).toBe(80);
  });

  it('given io mappings, when the job completes, then inputs are local and only outputs propagate', async () => {
    const h = await EngineHarness.load('io-mapping', {
      services: { lookup: { result: { level: 'A' }, noise: 1 } },
    });
    h.start({ applicant: { name: 'Li' } });
    const run = h.effectsOf('runServiceTask')[0];
    expect(run?.inputs).toEqual({ who: 'Li' });
    const vars = h.effectsOf('caseCompleted')[0]?.variables ?? {};
    expect(vars.level).toBe('A');
    expect(vars).not.toHaveProperty('noise');
    expect(vars).not.toHaveProperty('who');
  });

  it('given a subprocess defining localScore, when the inner task completes with it, then it stays in the subprocess scope', async () => {
    const h = await EngineHarness.load('variable-propagation');
    h.start();
    h.complete('assess', { localScore: 88, remark: 'ok' });
    const vars = h.effectsOf('caseCompleted')[0]?.variables ?? {};
    expect(vars.finalScore).toBe(88);
    expect(vars.remark).toBe('ok'); // not defined anywhere: goes to the case scope
    expect(vars).not.toHaveProperty('localScore');
  });

  it('given an embedded subprocess, when its tasks complete, then the case continues after it', async () => {
    const h = await EngineHarness.load('subprocess-embedded');
    h.start();
    expect(h.active()).toEqual(['a', 'stage']);
    h.complete('a');
    h.complete('b');
    expect(h.active()).toEqual(['after']);
    h.complete('after');
    expect(h.status).toBe('completed');
  });

  it('given a call activity, when the child completes, then all child variables propagate', async () => {
    const h = await EngineHarness.load('call-activity');
    h.start({ applicantId: 'a1' });
    const child = [...h.children.values()][0];
    expect(child).toMatchObject({ processId: 'expert-review', elementId: 'experts' });
    expect(child?.variables).toMatchObject({ applicantId: 'a1', businessKey: 'BK-1' });
    h.send({ type: 'childCompleted', key: child?.key ?? '', variables: { score: 91 } });
    expect(h.effectsOf('caseCompleted')[0]?.variables.score).toBe(91);
  });

  it('given a call activity with outputs and no propagation, when the child completes, then only mapped outputs arrive', async () => {
    const h = await EngineHarness.load('call-activity-outputs');
    h.start({ applicantId: 'a1' });
    const child = [...h.children.values()][0];
    expect(child?.variables.subject).toBe('a1');
    h.send({ type: 'childCompleted', key: child?.key ?? '', variables: { score: 77, internal: true } });
    const vars = h.effectsOf('caseCompleted')[0]?.variables ?? {};
    expect(vars.expertScore).toBe(77);
    expect(vars).not.toHaveProperty('internal');
  });

  it('given element instances, when effects are emitted, then every instance key is unique and stable', async () => {
    const run = async (): Promise<string[]> => {
      const h = await EngineHarness.load('subprocess-embedded');
      h.start();
      h.complete('a');
      return h.effectsOf('createUserTask').map((t) => t.key);
    };
    const first = await run();
    expect(new Set(first).size).toBe(first.length);
    expect(await run()).toEqual(first);
  });
  it('given a completed task, when the history is read, then it records who decided what, and the ended case keeps its variables', async () => {
    const h = await EngineHarness.load('exclusive-gateway');
    h.start();
    h.complete('review', { decision: 'reject' }, 'city-reviewer1');
    const entry = h.effectsOf('history').find((e) => e.event === 'task-completed');
    expect(entry).toMatchObject({ elementId: 'review', data: { by: 'city-reviewer1', decision: 'reject' } });
    expect(h.effectsOf('history').map((e) => e.event)).toContain('case-completed');
    expect(h.snapshot()).toMatchObject({
      status: 'completed',
      activeElements: [],
      variables: { decision: 'reject' },
    });
  });
});
