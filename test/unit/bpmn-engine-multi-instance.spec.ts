import { EngineHarness } from '../../bpmn/testing/engine-harness';

describe('bpmn engine: multi-instance', () => {
  it('given parallel expert scoring, when the case starts, then one task per expert opens with its inputElement and loopCounter', async () => {
    const h = await EngineHarness.load('multi-instance-parallel');
    h.start({ experts: ['expert1', 'expert2', 'expert3'] });
    const tasks = h.openTasks('score');
    expect(tasks.map((t) => t.assignee)).toEqual(['expert1', 'expert2', 'expert3']);
    expect(tasks.map((t) => t.variables.loopCounter)).toEqual([1, 2, 3]);
    expect(new Set(tasks.map((t) => t.key)).size).toBe(3);
  });

  it('given parallel instances, when they complete out of order, then outputCollection keeps the input order', async () => {
    const h = await EngineHarness.load('multi-instance-parallel');
    h.start({ experts: ['expert1', 'expert2', 'expert3'] });
    const [t1, t2, t3] = h.openTasks('score');
    h.send({ type: 'taskCompleted', key: t3?.key ?? '', variables: { score: 70 }, by: 'expert3' });
    h.send({ type: 'taskCompleted', key: t1?.key ?? '', variables: { score: 90 }, by: 'expert1' });
    expect(h.status).toBe('active');
    h.send({ type: 'taskCompleted', key: t2?.key ?? '', variables: { score: 80 }, by: 'expert2' });
    expect(h.status).toBe('completed');
    expect(h.effectsOf('caseCompleted')[0]?.variables.scores).toEqual([90, 80, 70]);
  });

  it('given sequential sign-off, when each leader signs, then the next task opens only afterwards', async () => {
    const h = await EngineHarness.load('multi-instance-sequential');
    h.start({ leaders: ['wang', 'zhao'] });
    expect(h.openTasks('signOff').map((t) => t.assignee)).toEqual(['wang']);
    h.complete('signOff', { opinion: 'agree' }, 'wang');
    expect(h.openTasks('signOff').map((t) => t.assignee)).toEqual(['zhao']);
    h.complete('signOff', { opinion: 'agree with notes' }, 'zhao');
    expect(h.effectsOf('caseCompleted')[0]?.variables.opinions).toEqual(['agree', 'agree with notes']);
  });

  it('given a completion condition of three, when the third score arrives, then the two remaining tasks are withdrawn', async () => {
    const h = await EngineHarness.load('multi-instance-completion-condition');
    h.start({ experts: ['e1', 'e2', 'e3', 'e4', 'e5'] });
    expect(h.openTasks('score')).toHaveLength(5);
    h.complete('score', { score: 1 }, 'e1');
    h.complete('score', { score: 2 }, 'e2');
    expect(h.withdrawn).toHaveLength(0);
    h.complete('score', { score: 3 }, 'e3');
    expect(h.withdrawn).toHaveLength(2);
    expect(h.status).toBe('completed');
    expect(h.effectsOf('caseCompleted')[0]?.variables.scores).toEqual([1, 2, 3, null, null]);
  });

  it('given a multi-instance subprocess, when each item is checked, then each instance has its own scope', async () => {
    const h = await EngineHarness.load('multi-instance-subprocess');
    h.start({ items: [{ owner: 'a' }, { owner: 'b' }] });
    const tasks = h.openTasks('checkItem');
    expect(tasks.map((t) => t.assignee)).toEqual(['a', 'b']);
    h.send({ type: 'taskCompleted', key: tasks[1]?.key ?? '', variables: { ok: false }, by: 'b' });
    h.send({ type: 'taskCompleted', key: tasks[0]?.key ?? '', variables: { ok: true }, by: 'a' });
    expect(h.status).toBe('completed');
    expect(h.effectsOf('caseCompleted')[0]?.variables.results).toEqual([true, false]);
  });

  it('given a multi-instance pay task, when it runs, then one job per tranche carries its inputs', async () => {
    const h = await EngineHarness.load('multi-instance-service-task');
    h.start({
      tranches: [
        { id: 't1', amount: 100 },
        { id: 't2', amount: 200 },
      ],
    });
    expect(h.effectsOf('runServiceTask').map((r) => r.inputs)).toEqual([
      { tranche: 't1', amount: 100 },
      { tranche: 't2', amount: 200 },
    ]);
    expect(h.status).toBe('completed');
  });

  it('given an empty collection, when the activity is reached, then it completes at once with an empty output', async () => {
    const h = await EngineHarness.load('multi-instance-empty');
    h.start({ experts: [] });
    expect(h.status).toBe('completed');
    expect(h.effectsOf('caseCompleted')[0]?.variables.scores).toEqual([]);
  });

  it('given an inputCollection that is not a list, when the activity is reached, then an incident is raised', async () => {
    const h = await EngineHarness.load('multi-instance-empty');
    h.start({ experts: 'nobody' });
    expect(h.status).toBe('failed');
    expect(h.effectsOf('incident')[0]?.reason).toMatch(/not a list/);
  });
});

describe('bpmn engine: multi-instance with boundaries and child cases', () => {
  it('given a timer on parallel scoring, when it fires, then every open score task is withdrawn and the late path runs', async () => {
    const h = await EngineHarness.load('multi-instance-boundary');
    h.start({ experts: ['e1', 'e2', 'e3'] });
    h.complete('score', {}, 'e1');
    h.fireTimer('scoringDeadline');
    expect(h.withdrawn).toHaveLength(2);
    expect(h.openTasks()).toHaveLength(0);
    expect(
      h.effectsOf('history').some((e) => e.event === 'element-completed' && e.elementId === 'lateEnd'),
    ).toBe(true);
    expect(h.status).toBe('completed');
  });

  it('given a multi-instance call activity, when each child completes, then results are collected per child', async () => {
    const h = await EngineHarness.load('multi-instance-call-activity');
    h.start({ reviewers: ['r1', 'r2'] });
    const children = [...h.children.values()];
    expect(children.map((c) => c.variables.reviewer)).toEqual(['r1', 'r2']);
    expect(new Set(children.map((c) => c.key)).size).toBe(2);
    h.send({ type: 'childCompleted', key: children[1]?.key ?? '', variables: { verdict: 'no' } });
    h.send({ type: 'childCompleted', key: children[0]?.key ?? '', variables: { verdict: 'yes' } });
    expect(h.effectsOf('caseCompleted')[0]?.variables.verdicts).toEqual(['yes', 'no']);
  });
});
