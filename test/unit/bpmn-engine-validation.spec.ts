import fc from 'fast-check';
import { pendingWaits, snapshot, step, validateClaim, validateCompletion } from '../../bpmn/engine/engine';
import type { EngineEvent } from '../../bpmn/engine/engine.types';
import { EngineHarness, loadGraph } from '../../bpmn/testing/engine-harness';

describe('bpmn engine: completion validator', () => {
  it('given an open task with rf:decisions, when no decision is sent, then DECISION_REQUIRED', async () => {
    const h = await EngineHarness.load('exclusive-gateway');
    h.start();
    expect(h.validate('review', {})).toMatchObject({ ok: false, reason: 'DECISION_REQUIRED' });
    expect(h.complete('review', {}).rejected?.reason).toBe('DECISION_REQUIRED');
    expect(h.active()).toEqual(['review']);
  });

  it('given an open task with rf:decisions, when the decision is outside the list, then DECISION_NOT_ALLOWED', async () => {
    const h = await EngineHarness.load('exclusive-gateway');
    h.start();
    expect(h.validate('review', { decision: 'maybe' })).toMatchObject({
      ok: false,
      reason: 'DECISION_NOT_ALLOWED',
    });
    expect(h.validate('review', { decision: 'pass' })).toEqual({ ok: true });
  });

  it('given rf:distinctFrom, when the first reviewer tries to approve, then FOUR_EYES; another user may', async () => {
    const h = await EngineHarness.load('user-task-four-eyes');
    h.start();
    h.complete('firstReview', {}, 'alice');
    expect(h.validate('approve', {}, 'alice')).toMatchObject({ ok: false, reason: 'FOUR_EYES' });
    const rejected = h.complete('approve', {}, 'alice');
    expect(rejected.rejected?.reason).toBe('FOUR_EYES');
    expect(rejected.effects).toEqual([]);
    expect(h.complete('approve', {}, 'bob').rejected).toBeUndefined();
    expect(h.status).toBe('completed');
  });

  it('given rf:excludeAffiliation, when a user of that affiliation claims or completes, then CONFLICT_OF_INTEREST', async () => {
    const h = await EngineHarness.load('user-task-conflict-of-interest');
    h.start({ employerId: 'org-1' });
    const key = h.task('score').key;
    expect(h.task('score').excludeAffiliation).toBe('org-1');
    expect(validateClaim(h.graph, h.state, key, { username: 'expert1', affiliation: 'org-1' })).toMatchObject(
      { reason: 'CONFLICT_OF_INTEREST' },
    );
    expect(h.validate('score', {}, 'expert1', 'org-1')).toMatchObject({
      ok: false,
      reason: 'CONFLICT_OF_INTEREST',
    });
    expect(h.validate('score', {}, 'expert2', 'org-2')).toEqual({ ok: true });
    expect(h.validate('score', {}, 'expert3')).toEqual({ ok: true });
  });

  it('given a completed task, when it is completed again, then TASK_NOT_OPEN', async () => {
    const h = await EngineHarness.load('parallel-join');
    h.start();
    const key = h.task('legal').key;
    h.complete('legal');
    expect(validateCompletion(h.graph, h.state, key, { username: 'x' })).toMatchObject({
      ok: false,
      reason: 'TASK_NOT_OPEN',
    });
    expect(h.send({ type: 'taskCompleted', key, by: 'x' }).rejected?.reason).toBe('TASK_NOT_OPEN');
    expect(validateCompletion(h.graph, h.state, 'no-such-key', { username: 'x' })).toMatchObject({
      reason: 'TASK_NOT_OPEN',
    });
  });
});

describe('bpmn engine: snapshot, purity and determinism', () => {
  it('given a running case, when snapshotted, then active elements, tokens, open tasks and variables are listed', async () => {
    const h = await EngineHarness.load('parallel-join');
    h.start({ district: 'lixia' });
    const snap = h.snapshot();
    expect(snap.status).toBe('active');
    expect(snap.activeElements).toEqual(['finance', 'legal']);
    expect(snap.tokens.map((t) => t.elementId).sort()).toEqual(['finance', 'legal']);
    expect(snap.openTasks).toHaveLength(2);
    expect(snap.variables).toEqual({ businessKey: 'BK-1', district: 'lixia' });
  });

  it('given a state, when step runs, then the input state is not mutated', async () => {
    const graph = await loadGraph('parallel-join');
    const h = new EngineHarness(graph);
    h.start();
    const before = JSON.stringify(h.state);
    step(graph, h.state, { type: 'taskCompleted', key: h.task('legal').key, by: 'a' });
    expect(JSON.stringify(h.state)).toBe(before);
  });

  it('given a waiting case, when pendingWaits is read, then it lists what the shell must re-arm after continue-as-new', async () => {
    const h = await EngineHarness.load('review-pipeline', { manualServices: true });
    h.start({ experts: ['e1'], employerId: 'org-1', documents: [] });
    h.complete('declare');
    const notify = h.job('notifyDeclared');
    let waits = pendingWaits(h.graph, h.state);
    expect(waits.jobs).toEqual([
      { key: notify.key, elementId: 'notifyDeclared', taskType: 'notify', retries: 3 },
    ]);
    h.completeJob('notifyDeclared');
    const reminder = h.timer('districtReminder');
    h.send({ type: 'deadlineComputed', key: reminder.key, at: '2026-10-09T00:00:00+08:00' });
    waits = pendingWaits(h.graph, h.state);
    expect(waits.tasks.map((t) => t.elementId)).toEqual(['districtReview']);
    expect(waits.timers).toEqual([
      {
        key: reminder.key,
        elementId: 'districtReminder',
        spec: reminder.spec,
        dueAt: '2026-10-09T00:00:00+08:00',
      },
    ]);
    expect(waits.subscriptions).toEqual([]);
    expect(waits.jobs).toEqual([]);
  });

  it('given a case carried over continue-as-new as JSON, when it resumes, then it behaves exactly like the uninterrupted case', async () => {
    const graph = await loadGraph('review-pipeline');
    const drive = (h: EngineHarness, carryOver: boolean): string => {
      h.start({ experts: ['e1', 'e2'], employerId: 'org-1', documents: [1, 2, 3] });
      h.complete('declare');
      h.complete('districtReview', { decision: 'pass' }, 'a');
      if (carryOver) h.state = JSON.parse(JSON.stringify(h.state)) as typeof h.state;
      h.complete('cityReview', { decision: 'pass' }, 'b');
      for (const t of h.openTasks('expertScore'))
        h.send({ type: 'taskCompleted', key: t.key, by: 'x', variables: { score: 90 } });
      h.message('publish-list');
      if (carryOver) h.state = JSON.parse(JSON.stringify(h.state)) as typeof h.state;
      h.fireTimer('publicityPeriod');
      h.complete('orgApproval', { decision: 'approve' });
      return JSON.stringify({ effects: h.effects, state: h.state });
    };
    const plain = drive(new EngineHarness(graph), false);
    expect(drive(new EngineHarness(graph), true)).toBe(plain);
    expect(JSON.parse(plain).state.status).toBe('completed');
  });

  it('given any sequence of events on the review pipeline, then state stays JSON-serialisable, steps are deterministic, and the engine never throws', async () => {
    const graph = await loadGraph('review-pipeline');
    const decision = fc.constantFrom('pass', 'reject', 'return', 'approve', undefined);
    const action = fc.oneof(
      fc.record({
        kind: fc.constant('task' as const),
        pick: fc.nat(),
        decision,
        score: fc.integer({ min: 0, max: 100 }),
        user: fc.constantFrom('u1', 'u2'),
      }),
      fc.record({ kind: fc.constant('timer' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('message' as const), key: fc.constantFrom('BK-1', 'BK-2') }),
      fc.record({ kind: fc.constant('job' as const), pick: fc.nat(), fail: fc.boolean() }),
      fc.record({ kind: fc.constant('cancel' as const) }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 25 }), (actions) => {
        const a = new EngineHarness(graph, { manualServices: true });
        const b = new EngineHarness(graph, { manualServices: true });
        const events: EngineEvent[] = [];
        a.start({ experts: ['e1', 'e2'], employerId: 'org-1', documents: [1, 2, 3] });
        b.start({ experts: ['e1', 'e2'], employerId: 'org-1', documents: [1, 2, 3] });
        for (const act of actions) {
          let event: EngineEvent | undefined;
          if (act.kind === 'task') {
            const open = a.openTasks();
            const t = open[act.pick % Math.max(open.length, 1)];
            if (t)
              event = {
                type: 'taskCompleted',
                key: t.key,
                by: act.user,
                variables: { decision: act.decision, score: act.score },
              };
          } else if (act.kind === 'timer') {
            const timers = [...a.timers.values()];
            const t = timers[act.pick % Math.max(timers.length, 1)];
            if (t) event = { type: 'timerFired', key: t.key };
          } else if (act.kind === 'message') {
            event = { type: 'messageReceived', name: 'publish-list', correlationKey: act.key, variables: {} };
          } else if (act.kind === 'job') {
            const jobs = [...a.jobs.values()];
            const j = jobs[act.pick % Math.max(jobs.length, 1)];
            if (j)
              event = act.fail
                ? { type: 'serviceTaskFailed', key: j.key, message: 'x' }
                : { type: 'serviceTaskCompleted', key: j.key, result: {} };
          } else event = { type: 'cancel' };
          if (!event) continue;
          events.push(event);
          const previous = a.state;
          const previousJson = JSON.stringify(previous);
          const ra = a.send(event);
          expect(JSON.stringify(previous)).toBe(previousJson); // purity: the old state is untouched
          const rb = b.send(event);
          expect(JSON.stringify(ra.effects)).toBe(JSON.stringify(rb.effects));
        }
        expect(JSON.parse(JSON.stringify(a.state))).toEqual(a.state);
        expect(JSON.stringify(a.state)).toBe(JSON.stringify(b.state));
        expect(() => snapshot(a.state)).not.toThrow();
        // every open task in the read model is still open in the engine, and vice versa
        expect(
          a
            .openTasks()
            .map((t) => t.key)
            .sort(),
        ).toEqual(
          snapshot(a.state)
            .openTasks.map((t) => t.key)
            .sort(),
        );
      }),
      { numRuns: 150 },
    );
  });
});
