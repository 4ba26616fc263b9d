import { EngineHarness } from '../../bpmn/testing/engine-harness';

const reached = (h: EngineHarness, elementId: string): boolean =>
  h.effectsOf('history').some((e) => e.event === 'element-completed' && e.elementId === elementId);

describe('bpmn engine: timers and messages', () => {
  it.each([
    ['timer-catch-duration', { kind: 'duration', value: 'PT1H' }],
    ['timer-catch-date', { kind: 'date', value: '2026-10-10T00:00:00+08:00' }],
    ['timer-cn-workday', { kind: 'duration', value: 'P5D', calendar: 'cn-workday' }],
    ['timer-calendar-day', { kind: 'duration', value: 'P7D', calendar: 'calendar-day' }],
  ])(
    'given %s, when the case starts, then startTimer carries the spec and firing it completes the case',
    async (fixture, spec) => {
      const h = await EngineHarness.load(fixture);
      h.start();
      const [timer] = h.effectsOf('startTimer');
      expect(timer?.spec).toEqual(spec);
      expect(h.status).toBe('active');
      h.fireTimer(timer?.elementId ?? '');
      expect(h.status).toBe('completed');
    },
  );

  it('given a FEEL timer, when it is armed, then the expression is evaluated over the variables', async () => {
    const h = await EngineHarness.load('timer-catch-feel');
    h.start({ waitFor: 'P2D' });
    expect(h.timer('wait').spec).toEqual({ kind: 'duration', value: 'P2D' });
  });

  it('given a timer, when the shell reports its deadline, then the state records it without moving on', async () => {
    const h = await EngineHarness.load('timer-cn-workday');
    h.start();
    const t = h.timer('publicity');
    h.send({ type: 'deadlineComputed', key: t.key, at: '2026-10-10T00:00:00+08:00' });
    expect(h.state.instances[t.key]?.timer?.dueAt).toBe('2026-10-10T00:00:00+08:00');
    expect(h.status).toBe('active');
  });

  it('given a fired timer key, when it fires again (replayed or stale), then it is rejected without effect', async () => {
    const h = await EngineHarness.load('timer-catch-duration');
    h.start();
    const t = h.timer('wait');
    h.fireTimer('wait');
    const again = h.send({ type: 'timerFired', key: t.key });
    expect(again.rejected?.reason).toBe('CASE_NOT_ACTIVE');
  });

  it('given a message catch event, when a message with another key arrives, then it is not correlated', async () => {
    const h = await EngineHarness.load('message-catch');
    h.start();
    expect([...h.subscriptions.values()][0]).toMatchObject({
      messageName: 'publish-list',
      correlationKey: 'BK-1',
    });
    expect(h.message('publish-list', 'BK-2').correlated).toBe(0);
    expect(h.status).toBe('active');
    expect(h.message('publish-list', 'BK-1', { listNo: 7, publishedAt: 'today' }).correlated).toBe(1);
    expect(h.status).toBe('completed');
    // the catch event maps listNo only
    expect(h.effectsOf('caseCompleted')[0]?.variables).toMatchObject({ listNo: 7 });
    expect(h.effectsOf('caseCompleted')[0]?.variables).not.toHaveProperty('publishedAt');
  });

  it('given a message catch with an output mapping and a FEEL correlation key, when the message arrives, then only the mapping propagates', async () => {
    const h = await EngineHarness.load('message-catch-output');
    h.start({ applicationNo: 42 });
    expect([...h.subscriptions.values()][0]?.correlationKey).toBe('42');
    h.message('result', '42', { outcome: 'ok', noise: 1 });
    const vars = h.effectsOf('caseCompleted')[0]?.variables ?? {};
    expect(vars.finalOutcome).toBe('ok');
    expect(vars).not.toHaveProperty('noise');
  });
});

describe('bpmn engine: incidents while waiting', () => {
  it('given a correlation key that evaluates to null, when the catch event is reached, then an incident; retry with the variable opens the subscription', async () => {
    const h = await EngineHarness.load('message-catch-output');
    h.start();
    expect(h.status).toBe('failed');
    expect(h.subscriptions.size).toBe(0);
    const [incident] = h.effectsOf('incident');
    expect(incident).toMatchObject({ elementId: 'gotResult' });
    h.send({ type: 'retryIncident', incidentKey: incident?.key ?? '', variables: { applicationNo: 'A-7' } });
    expect(h.status).toBe('active');
    expect([...h.subscriptions.values()].map((s) => s.correlationKey)).toEqual(['A-7']);
    h.message('result', 'A-7', { outcome: 'ok' });
    expect(h.status).toBe('completed');
  });

  it('given an unknown incident key, when retried, then the event is rejected', async () => {
    const h = await EngineHarness.load('timer-catch-duration');
    h.start();
    expect(h.send({ type: 'retryIncident', incidentKey: '999' }).rejected?.reason).toBe('UNKNOWN_KEY');
  });
});

describe('bpmn engine: boundary events', () => {
  it('given an interrupting timer boundary, when it fires, then the task is withdrawn and the escalation path runs', async () => {
    const h = await EngineHarness.load('timer-boundary');
    h.start();
    const reviewKey = h.task('review').key;
    h.fireTimer('overdue');
    expect(h.withdrawn.map((w) => w.key)).toEqual([reviewKey]);
    expect(h.active()).toEqual(['escalate']);
    expect(h.send({ type: 'taskCompleted', key: reviewKey, by: 'bob' }).rejected?.reason).toBe(
      'TASK_NOT_OPEN',
    );
  });

  it('given an interrupting timer boundary, when the task completes first, then the timer is cancelled', async () => {
    const h = await EngineHarness.load('timer-boundary');
    h.start();
    const t = h.timer('overdue');
    h.complete('review');
    expect(h.effectsOf('cancelTimer').map((c) => c.key)).toEqual([t.key]);
    expect(h.status).toBe('completed');
  });

  it('given a non-interrupting R3/P1D reminder, when it fires three times, then the task stays open and no fourth timer starts', async () => {
    const h = await EngineHarness.load('timer-boundary-cycle');
    h.start();
    const reviewKey = h.task('review').key;
    expect(h.timer('remind').spec).toEqual({
      kind: 'duration',
      value: 'P1D',
      cycle: { expression: 'R3/P1D', repetition: 1, of: 3 },
    });
    h.fireTimer('remind');
    expect(h.timer('remind').spec.cycle?.repetition).toBe(2);
    h.fireTimer('remind');
    h.fireTimer('remind');
    expect(() => h.timer('remind')).toThrow();
    expect(h.effectsOf('runServiceTask').filter((r) => r.elementId === 'sendReminder')).toHaveLength(3);
    expect(h.task('review').key).toBe(reviewKey);
    expect(h.withdrawn).toHaveLength(0);
    h.complete('review');
    expect(h.status).toBe('completed');
  });

  it('given an interrupting message boundary, when the message arrives, then the task is withdrawn', async () => {
    const h = await EngineHarness.load('message-boundary');
    h.start();
    expect(h.message('withdraw').correlated).toBe(1);
    expect(h.withdrawn.map((w) => w.elementId)).toEqual(['review']);
    expect(reached(h, 'cancelled')).toBe(true);
    expect(h.status).toBe('completed');
  });

  it('given a non-interrupting message boundary, when two notes arrive, then two reply tasks open and the review stays', async () => {
    const h = await EngineHarness.load('message-boundary-non-interrupting');
    h.start();
    h.message('note');
    h.message('note');
    expect(h.openTasks('reply')).toHaveLength(2);
    expect(h.openTasks('review')).toHaveLength(1);
    h.complete('review');
    expect(h.subscriptions.size).toBe(0);
    expect(h.status).toBe('active');
    h.complete('reply');
    h.complete('reply');
    expect(h.status).toBe('completed');
  });

  it('given an error boundary on a service task, when the job fails with the matching error code, then the error path runs', async () => {
    const h = await EngineHarness.load('error-boundary-service-task', { manualServices: true });
    h.start();
    h.failJob('payFirst', 'account closed', 'INVALID_ACCOUNT');
    expect(h.active()).toEqual(['fixAccount']);
    expect(h.status).toBe('active');
  });

  it('given an error boundary for another code, when the job fails with an unknown code, then an incident is raised', async () => {
    const h = await EngineHarness.load('error-boundary-service-task', { manualServices: true });
    h.start();
    h.failJob('payFirst', 'boom', 'SOMETHING_ELSE');
    expect(h.status).toBe('failed');
    expect(h.effectsOf('incident')[0]?.reason).toMatch(/SOMETHING_ELSE/);
  });

  it('given a service task, when retries are exhausted (no error code), then an incident is raised and retry re-runs the job', async () => {
    const h = await EngineHarness.load('error-boundary-service-task', { manualServices: true });
    h.start();
    const firstKey = h.job('payFirst').key;
    h.failJob('payFirst', 'database down');
    expect(h.status).toBe('failed');
    const [incident] = h.effectsOf('incident');
    expect(incident?.reason).toMatch(/retries exhausted/);
    h.send({ type: 'retryIncident', incidentKey: incident?.key ?? '' });
    expect(h.status).toBe('active');
    expect(h.job('payFirst').key).toBe(firstKey);
    h.completeJob('payFirst');
    expect(h.status).toBe('completed');
  });

  it('given an error end event in a subprocess, when it is reached, then the subprocess error boundary catches it', async () => {
    const h = await EngineHarness.load('error-boundary-subprocess');
    h.start({ age: 50 });
    expect(reached(h, 'ineligibleEnd')).toBe(true);
    expect(reached(h, 'eligibleEnd')).toBe(false);
    expect(h.status).toBe('completed');
  });

  it('given a catch-all error boundary, when any business error is thrown, then it is caught', async () => {
    const h = await EngineHarness.load('error-catch-all', {
      services: { sign: { fail: true, errorCode: 'WHATEVER' } },
    });
    h.start();
    expect(reached(h, 'failed')).toBe(true);
  });

  it('given an error end event nobody catches, when reached, then an incident is raised', async () => {
    const h = await EngineHarness.load('error-end-unhandled');
    h.start();
    expect(h.status).toBe('failed');
    expect(h.effectsOf('incident')[0]).toMatchObject({ elementId: 'throwIt' });
  });

  it('given a timer on a subprocess, when it fires, then every task inside is withdrawn', async () => {
    const h = await EngineHarness.load('boundary-on-subprocess');
    h.start();
    expect(h.openTasks()).toHaveLength(2);
    h.fireTimer('stageTimeout');
    expect(h.withdrawn.map((w) => w.elementId).sort()).toEqual(['a', 'b']);
    expect(reached(h, 'timedOut')).toBe(true);
    expect(h.status).toBe('completed');
  });

  it('given a message boundary on a call activity, when it fires, then the child case is cancelled', async () => {
    const h = await EngineHarness.load('boundary-on-call-activity');
    h.start();
    const child = [...h.children.values()][0];
    h.message('abort');
    expect(h.effectsOf('cancelChild').map((c) => c.key)).toEqual([child?.key]);
    expect(h.status).toBe('completed');
  });
});

describe('bpmn engine: event subprocesses, termination, cancellation', () => {
  it('given an interrupting message event subprocess, when the message arrives, then the main path is withdrawn and the handler runs', async () => {
    const h = await EngineHarness.load('event-subprocess-message');
    h.start();
    h.message('revoke');
    expect(h.withdrawn.map((w) => w.elementId)).toEqual(['review']);
    expect(h.effectsOf('runServiceTask').map((r) => r.elementId)).toEqual(['recordRevocation']);
    expect(h.status).toBe('completed');
  });

  it('given an interrupting event subprocess, when the main path completes first, then its subscription closes', async () => {
    const h = await EngineHarness.load('event-subprocess-message');
    h.start();
    h.complete('review');
    expect(h.subscriptions.size).toBe(0);
    expect(h.status).toBe('completed');
    expect(h.message('revoke').correlated).toBe(0);
  });

  it('given a non-interrupting message event subprocess, when two inquiries arrive, then both answers open and the review stays', async () => {
    const h = await EngineHarness.load('event-subprocess-message-non-interrupting');
    h.start();
    h.message('inquiry', 'BK-1', { question: 'q1' });
    h.message('inquiry');
    expect(h.openTasks('answer')).toHaveLength(2);
    expect(h.openTasks('review')).toHaveLength(1);
    expect(h.vars().question).toBe('q1');
    h.complete('answer');
    h.complete('answer');
    h.complete('review');
    expect(h.status).toBe('completed');
  });

  it('given a running case, when the main path ends while an event-subprocess task is open, then the case waits for it', async () => {
    const h = await EngineHarness.load('event-subprocess-message-non-interrupting');
    h.start();
    h.message('inquiry');
    h.complete('review');
    expect(h.status).toBe('active');
    expect(h.subscriptions.size).toBe(1);
    h.complete('answer');
    expect(h.status).toBe('completed');
    expect(h.subscriptions.size).toBe(0);
  });

  it('given an interrupting timer event subprocess, when it fires, then the review is withdrawn and the case ends', async () => {
    const h = await EngineHarness.load('event-subprocess-timer');
    h.start();
    h.fireTimer('expiry');
    expect(h.withdrawn.map((w) => w.elementId)).toEqual(['review']);
    expect(reached(h, 'expiredEnd')).toBe(true);
    expect(h.status).toBe('completed');
  });

  it('given a non-interrupting R2/P7D event subprocess, when it fires twice, then two notices go out and the review stays', async () => {
    const h = await EngineHarness.load('event-subprocess-timer-non-interrupting');
    h.start();
    h.fireTimer('weekly');
    h.fireTimer('weekly');
    expect(() => h.timer('weekly')).toThrow();
    expect(h.effectsOf('runServiceTask').filter((r) => r.elementId === 'statusNotice')).toHaveLength(2);
    expect(h.openTasks('review')).toHaveLength(1);
  });

  it('given the publicity example, when an objection is upheld during the period, then the case ends rejected after the full period', async () => {
    const h = await EngineHarness.load('publicity-with-objections');
    h.start();
    expect(h.message('publish-list').correlated).toBe(1);
    expect(h.timer('period').spec).toEqual({ kind: 'duration', value: 'P5D', calendar: 'cn-workday' });
    expect(h.message('objection', 'BK-1', { reason: 'fake degree' }).correlated).toBe(1);
    h.complete('verifyObjection', { decision: 'upheld' });
    expect(h.status).toBe('active');
    h.fireTimer('period');
    expect(h.status).toBe('completed');
    expect(reached(h, 'rejected')).toBe(true);
    expect(h.effectsOf('caseCompleted')[0]?.variables.objectionUpheld).toBe(true);
  });

  it('given the publicity example, when the period ends with a verification open, then the case waits for it', async () => {
    const h = await EngineHarness.load('publicity-with-objections');
    h.start();
    h.message('publish-list');
    h.message('objection');
    h.fireTimer('period');
    expect(h.active()).toEqual(['onObjection', 'publicity', 'verifyObjection']);
    expect(h.validate('verifyObjection', {}).ok).toBe(false);
    h.complete('verifyObjection', { decision: 'unfounded' });
    expect(reached(h, 'passed')).toBe(true);
  });

  it('given a terminate end event, when reached, then the whole case ends and the other task is withdrawn', async () => {
    const h = await EngineHarness.load('terminate-end-event');
    h.start();
    h.complete('veto', { decision: 'veto' });
    expect(h.status).toBe('terminated');
    expect(h.withdrawn.map((w) => w.elementId)).toEqual(['longReview']);
    expect(h.effectsOf('caseTerminated')[0]).toMatchObject({ elementId: 'kill' });
  });

  it('given a running case, when it is cancelled, then open tasks, timers and subscriptions are released', async () => {
    const h = await EngineHarness.load('event-based-gateway');
    h.start();
    h.send({ type: 'cancel', reason: 'withdrawn by applicant' });
    expect(h.status).toBe('terminated');
    expect(h.subscriptions.size).toBe(0);
    expect(h.timers.size).toBe(0);
    expect(h.effectsOf('caseTerminated')[0]?.reason).toBe('withdrawn by applicant');
  });
});
