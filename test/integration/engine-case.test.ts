// runCase on a real worker, temporal-lite (time skipping) and PostgreSQL, driven through tiny BPMN fixtures.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createCaseActivities } from '../../activities/case/case.activities';
import type { ServiceTaskHandler } from '../../activities/case/service-tasks';
import { PIPELINE_VARIABLES, drivePipeline } from '../support/engine-e2e-driver';
import { bundledCalendarYears, mergeCalendarYears } from '../../calendar/bundled-calendar';
import { deadlineFor } from '../../calendar/working-days';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import {
  type CaseStateView,
  type CaseUser,
  cancelCaseUpdate,
  caseStateQuery,
  claimTaskUpdate,
  completeTaskUpdate,
  correlateMessageUpdate,
  messageSignal,
  recomputeDeadlinesUpdate,
  retryIncidentUpdate,
} from '../../workflows/messages';
import { type RunCaseInput, runCase } from '../../workflows/run-case.workflow';
import type { TemporalEnv } from '../support/temporal-env';
import type { TestDatabase } from '../support/test-database';
import { type WorkerStack, startWorkerStack } from '../support/worker-stack';
import { eventually } from '../support/eventually';
import { graphOf } from '../support/fixture-graph';

const FIXTURES = join(__dirname, '..', 'fixtures', 'bpmn');
const reviewer: CaseUser = { username: 'city-reviewer1', roles: ['city-reviewer'] };

async function updateFailure(p: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return {
    type: (cause as ApplicationFailure).type ?? undefined,
    message: (cause as ApplicationFailure).message,
  };
}

describe('runCase: the BPMN engine on Temporal', () => {
  let db: TestDatabase;
  let env: TemporalEnv;
  let stack: WorkerStack;
  const taskQueue = `engine-case-${process.pid}-${Date.now()}`;
  let serial = 0;
  // A test double for a payment provider that refuses the account (a BPMN error code).
  const refusingPay: ServiceTaskHandler = () =>
    Promise.reject(
      ApplicationFailure.create({ type: 'INVALID_ACCOUNT', message: 'account closed', nonRetryable: true }),
    );

  // Fails with an infrastructure error until its third attempt (per element-instance key).
  const attempts = new Map<string, number>();
  const flaky: ServiceTaskHandler = ({ idempotencyKey }) => {
    const n = (attempts.get(idempotencyKey) ?? 0) + 1;
    attempts.set(idempotencyKey, n);
    return n < 3 ? Promise.reject(new Error(`flaky attempt ${n}`)) : Promise.resolve({ attemptsNeeded: n });
  };

  beforeAll(async () => {
    stack = await startWorkerStack('engine-case', taskQueue, {
      serviceTasks: { 'pay-refusing': refusingPay, flaky },
    });
    ({ db, env } = stack);
  });
  afterAll(() => stack?.stop());

  async function start(
    fixture: string,
    variables: Record<string, unknown> = {},
    extra: Partial<RunCaseInput> = {},
  ) {
    const caseId = randomUUID();
    const businessKey = `${fixture}-${++serial}-${Date.now()}`;
    const graph = extra.graph ?? (await graphOf(fixture));
    const handle = await env.client.workflow.start(runCase, {
      taskQueue,
      workflowId: `case-${businessKey}`,
      args: [
        { caseId, processKey: graph.processId, processVersion: 1, businessKey, variables, graph, ...extra },
      ],
    });
    const state = () => handle.query(caseStateQuery);
    const until = (ok: (s: CaseStateView) => boolean) => eventually(state, ok);
    const caseRow = async () =>
      (
        (await db.dataSource.query(
          `select status, active_elements, variables, failure_reason, calendar_provisional from cases where id = $1`,
          [caseId],
        )) as {
          status: string;
          active_elements: string[];
          variables: Record<string, unknown>;
          failure_reason: string | null;
          calendar_provisional: boolean;
        }[]
      )[0];
    const taskRows = async () =>
      (await db.dataSource.query(
        `select id, element_id, element_instance_key, state, assignee, completed_by, decision, due_at from tasks where case_id = $1 order by created_at, element_instance_key`,
        [caseId],
      )) as {
        id: string;
        element_id: string;
        element_instance_key: string;
        state: string;
        assignee: string | null;
        completed_by: string | null;
        decision: string | null;
        due_at: Date | null;
      }[];
    const history = async () =>
      (await db.dataSource.query(
        `select type, element_id, actor, data from history_events where case_id = $1 order by seq`,
        [caseId],
      )) as {
        type: string;
        element_id: string | null;
        actor: string | null;
        data: Record<string, unknown>;
      }[];
    return { caseId, businessKey, handle, state, until, caseRow, taskRows, history };
  }

  it('given a user task, when people without the right complete it, then typed rejections; the right one completes the case', async () => {
    const c = await start('user-task', { reviewer: 'city-reviewer1', district: 'lixia' });
    const s = await c.until((x) => x.tasks.length === 1);
    const task = s.tasks[0]!;
    expect(task).toMatchObject({ elementId: 'review', assignee: 'city-reviewer1', state: 'open' });
    await eventually(c.taskRows, (rows) => rows.length === 1 && rows[0]!.due_at !== null);
    const [row] = await c.taskRows();
    expect(row).toMatchObject({
      id: task.id,
      element_id: 'review',
      state: 'open',
      assignee: 'city-reviewer1',
    });

    const complete = (user: CaseUser, variables: Record<string, unknown>) =>
      c.handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, variables, comment: 'ok', user }],
      });
    expect(
      await updateFailure(complete({ username: 'expert1', roles: ['expert'] }, { decision: 'pass' })),
    ).toMatchObject({
      type: 'NOT_CANDIDATE',
    });
    expect(
      await updateFailure(complete({ ...reviewer, district: 'shizhong' }, { decision: 'pass' })),
    ).toMatchObject({ type: 'NOT_CANDIDATE' });
    expect(await updateFailure(complete(reviewer, {}))).toMatchObject({ type: 'DECISION_REQUIRED' });
    expect(await updateFailure(complete(reviewer, { decision: 'maybe' }))).toMatchObject({
      type: 'DECISION_NOT_ALLOWED',
    });

    const done = await complete(reviewer, { decision: 'pass' });
    expect(done.task).toMatchObject({
      id: task.id,
      state: 'completed',
      completedBy: 'city-reviewer1',
      decision: 'pass',
    });
    expect(done.case).toMatchObject({ id: c.caseId, status: 'completed' });
    expect(await c.handle.result()).toMatchObject({ status: 'completed', variables: { decision: 'pass' } });

    expect((await c.taskRows())[0]).toMatchObject({
      state: 'completed',
      completed_by: 'city-reviewer1',
      decision: 'pass',
    });
    expect(await c.caseRow()).toMatchObject({ status: 'completed', active_elements: [] });
    const events = await c.history();
    expect(events.find((e) => e.type === 'task-completed')).toMatchObject({
      element_id: 'review',
      actor: 'city-reviewer1',
    });
    expect(events.at(-1)?.type).toBe('case-completed');
  });

  it('given four-eyes, when the first reviewer also approves, then FOUR_EYES; a second person may', async () => {
    const c = await start('user-task-four-eyes');
    const first = (await c.until((x) => x.tasks.length === 1)).tasks[0]!;
    await c.handle.executeUpdate(completeTaskUpdate, { args: [{ key: first.key, user: reviewer }] });
    const approve = (await c.until((x) => x.tasks[0]?.elementId === 'approve')).tasks[0]!;
    const again = c.handle.executeUpdate(completeTaskUpdate, {
      args: [{ key: approve.key, user: reviewer }],
    });
    expect(await updateFailure(again)).toMatchObject({ type: 'FOUR_EYES' });
    await c.handle.executeUpdate(completeTaskUpdate, {
      args: [{ key: approve.key, user: { username: 'city-reviewer2', roles: ['city-reviewer'] } }],
    });
    expect((await c.handle.result()).status).toBe('completed');
  });

  it('given an exclusive gateway, when the decision is reject, then the case ends on the reject branch', async () => {
    const c = await start('exclusive-gateway');
    const t = (await c.until((x) => x.tasks.length === 1)).tasks[0]!;
    await c.handle.executeUpdate(claimTaskUpdate, { args: [{ key: t.key, user: reviewer }] });
    const stranger = c.handle.executeUpdate(completeTaskUpdate, {
      args: [{ key: t.key, variables: { decision: 'reject' }, user: { username: 'x', roles: [] } }],
    });
    expect(await updateFailure(stranger)).toMatchObject({ type: 'NOT_CANDIDATE' });
    await c.handle.executeUpdate(completeTaskUpdate, {
      args: [{ key: t.key, variables: { decision: 'reject' }, user: reviewer }],
    });
    await c.handle.result();
    const ended = (await c.history()).filter((e) => e.type === 'element-completed').map((e) => e.element_id);
    expect(ended).toContain('rejected');
    expect(ended).not.toContain('passed');
  });

  it('given a parallel fork, when one branch completes, then the join waits for the other', async () => {
    const c = await start('parallel-join');
    const s = await c.until((x) => x.tasks.length === 2);
    const legal = s.tasks.find((t) => t.elementId === 'legal')!;
    const finance = s.tasks.find((t) => t.elementId === 'finance')!;
    const r = await c.handle.executeUpdate(completeTaskUpdate, {
      args: [{ key: legal.key, user: reviewer }],
    });
    expect(r.case.status).toBe('active');
    expect(r.case.activeElements).toContain('join');
    await c.handle.executeUpdate(completeTaskUpdate, { args: [{ key: finance.key, user: reviewer }] });
    expect((await c.handle.result()).status).toBe('completed');
  });

  it('given an interrupting timer boundary, when 3 days pass, then the review is withdrawn and escalated', async () => {
    const c = await start('timer-boundary');
    await c.until((x) => x.tasks.length === 1 && x.timers.length === 1 && x.timers[0]!.at !== undefined);
    await env.sleep('73h');
    const s = await c.until((x) => x.tasks[0]?.elementId === 'escalate');
    expect(s.tasks).toHaveLength(1);
    const rows = await eventually(c.taskRows, (r) => r.length === 2);
    expect(rows.map((r) => [r.element_id, r.state])).toEqual([
      ['review', 'withdrawn'],
      ['escalate', 'open'],
    ]);
  });

  it('given a message catch, when a message with another key and then the right one arrive, then 0 then 1 correlated', async () => {
    const c = await start('message-catch');
    const s = await c.until((x) => x.subscriptions.length === 1);
    expect(s.subscriptions[0]).toMatchObject({ messageName: 'publish-list', correlationKey: c.businessKey });
    const miss = await c.handle.executeUpdate(correlateMessageUpdate, {
      args: [{ name: 'publish-list', correlationKey: 'nope' }],
    });
    expect(miss.correlated).toBe(0);
    const hit = await c.handle.executeUpdate(correlateMessageUpdate, {
      args: [{ name: 'publish-list', correlationKey: c.businessKey, variables: { listNo: 7 } }],
    });
    expect(hit.correlated).toBe(1);
    expect(await c.handle.result()).toMatchObject({ status: 'completed', variables: { listNo: 7 } });
  });

  it('given a service task failing with a BPMN error code, when it runs, then its error boundary takes over', async () => {
    const graph = await graphOf('error-boundary-service-task');
    const node = graph.nodes.payFirst as unknown as { taskType: string };
    node.taskType = 'pay-refusing';
    const c = await start('error-boundary-service-task', {}, { graph });
    const s = await c.until((x) => x.tasks.length === 1);
    expect(s.tasks[0]).toMatchObject({ elementId: 'fixAccount' });
    expect(await db.dataSource.query(`select 1 from payments where case_id = $1`, [c.caseId])).toEqual([]);
  });

  it('given no matching gateway flow, when the case reaches it, then failed with the reason; retryIncident resumes', async () => {
    const c = await start('exclusive-no-match', { score: 70 });
    const row = await eventually(c.caseRow, (r) => r?.status === 'failed');
    expect(row!.failure_reason).toContain('decide');
    const resumed = await c.handle.executeUpdate(retryIncidentUpdate, {
      args: [{ variables: { score: 90 } }],
    });
    expect(resumed.status).toBe('completed');
    await c.handle.result();
    expect(await c.caseRow()).toMatchObject({ status: 'completed', failure_reason: null });
  });

  it('given a non-interrupting R3/P1D reminder, when four days pass, then three reminders and the review stays open', async () => {
    const c = await start('timer-boundary-cycle');
    await c.until((x) => x.tasks.length === 1 && x.timers[0]?.at !== undefined);
    const outbox = () =>
      db.dataSource.query(`select template, recipient from notifications where case_id = $1`, [
        c.caseId,
      ]) as Promise<{ template: string; recipient: string }[]>;
    await env.sleep('25h');
    await eventually(outbox, (rows) => rows.length === 1);
    await c.until((x) => x.timers[0]?.at !== undefined);
    await env.sleep('25h');
    await c.until((x) => x.timers[0]?.at !== undefined);
    await env.sleep('25h');
    const rows = await eventually(outbox, (r) => r.length === 3);
    expect(rows.every((r) => r.template === 'reminder' && r.recipient === 'city-reviewer')).toBe(true);
    const s = await c.until((x) => x.timers.length === 0);
    expect(s.tasks.map((t) => t.elementId)).toEqual(['review']);
    await env.sleep('25h');
    expect(await outbox()).toHaveLength(3);
    await c.handle.executeUpdate(completeTaskUpdate, { args: [{ key: s.tasks[0]!.key, user: reviewer }] });
    expect((await c.handle.result()).status).toBe('completed');
  });

  it('given an interrupting message event subprocess, when revoke arrives, then the review is withdrawn and the revocation recorded', async () => {
    const c = await start('event-subprocess-message');
    await c.until((x) => x.tasks.length === 1 && x.subscriptions.length === 1);
    await c.handle.signal(messageSignal, { name: 'revoke', correlationKey: c.businessKey });
    expect((await c.handle.result()).status).toBe('completed');
    expect((await c.taskRows()).map((r) => r.state)).toEqual(['withdrawn']);
    expect((await c.history()).map((e) => e.type)).toContain('revoked');
  });

  it('given five experts and a completion condition of three, when three score, then the other two are withdrawn', async () => {
    const experts = ['expert1', 'expert2', 'expert3', 'expert4', 'expert5'];
    const c = await start('multi-instance-completion-condition', { experts });
    const s = await c.until((x) => x.tasks.length === 5);
    for (const [i, t] of s.tasks.slice(0, 3).entries())
      await c.handle.executeUpdate(completeTaskUpdate, {
        args: [
          { key: t.key, variables: { score: 70 + i }, user: { username: experts[i]!, roles: ['expert'] } },
        ],
      });
    const result = await c.handle.result();
    expect(result.variables.scores).toEqual(expect.arrayContaining([70, 71, 72]));
    const rows = await c.taskRows();
    expect(rows.filter((r) => r.state === 'completed')).toHaveLength(3);
    expect(rows.filter((r) => r.state === 'withdrawn')).toHaveLength(2);
  });

  it('given a call activity, when the parent runs, then the latest child definition runs as a child case and its variables return', async () => {
    const childXml = readFileSync(join(FIXTURES, 'script-task.bpmn'), 'utf8').replaceAll(
      'script-task',
      'expert-review',
    );
    const compiled = await compileBpmn(childXml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    for (const version of [1, 2])
      await db.dataSource.query(
        `insert into process_definitions (key, version, name, xml, graph, content_hash, deployed_by) values ($1, $2, $1, $3, $4, $5, 'test')`,
        ['expert-review', version, childXml, JSON.stringify(compiled.graph), `${compiled.hash}-${version}`],
      );
    const c = await start('call-activity', { scores: [80, 90] });
    expect(await c.handle.result()).toMatchObject({ status: 'completed', variables: { averageScore: 85 } });
    const children = (await db.dataSource.query(
      `select process_key, process_version, business_key, status from cases where business_key like $1`,
      [`${c.businessKey}/%`],
    )) as unknown[];
    expect(children).toEqual([
      expect.objectContaining({ process_key: 'expert-review', process_version: 2, status: 'completed' }),
    ]);
  });

  it('given a cn-workday P5D timer, when time passes, then it fires at 00:00 Shanghai after the fifth working day', async () => {
    const c = await start('timer-cn-workday');
    const startedAt = await env.now();
    const s = await c.until((x) => x.timers[0]?.at !== undefined);
    const expected = deadlineFor(
      startedAt,
      'P5D',
      'cn-workday',
      mergeCalendarYears(bundledCalendarYears(), []),
    );
    const at = new Date(s.timers[0]!.at!);
    // Started a few ms after `startedAt`; only a start right at midnight could change the day count.
    expect(at.toISOString()).toBe(expected.closesAt.toISOString());
    expect(at.getUTCHours()).toBe(16);
    const wait = at.getTime() - (await env.now()).getTime();
    await env.sleep(wait - 3_600_000);
    expect((await c.state()).case.status).toBe('active');
    await env.sleep('2h');
    expect((await c.handle.result()).status).toBe('completed');
  });

  it('given a loop longer than one history, when it continues as new, then open tasks survive and the case completes', async () => {
    const c = await start('loop-back', {}, { historyEventLimit: 60 });
    const applicant: CaseUser = { username: 'applicant1', roles: ['applicant'] };
    for (let round = 0; round < 6; round++) {
      const declare = (await c.until((x) => x.tasks[0]?.elementId === 'declare')).tasks[0]!;
      await c.handle.executeUpdate(completeTaskUpdate, { args: [{ key: declare.key, user: applicant }] });
      const check = (await c.until((x) => x.tasks[0]?.elementId === 'check')).tasks[0]!;
      await c.handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: check.id, variables: { decision: round < 5 ? 'return' : 'pass' }, user: reviewer }],
      });
    }
    expect((await c.handle.result()).status).toBe('completed');
    const desc = await c.handle.describe();
    expect(desc.runId).not.toBe(c.handle.firstExecutionRunId);
    const rows = await c.taskRows();
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.state === 'completed')).toBe(true);
  });

  async function withTaskType(fixture: string, elementId: string, taskType: string, retries: number) {
    const graph = await graphOf(fixture);
    Object.assign(graph.nodes[elementId] as object, { taskType, retries });
    return graph;
  }

  it('given a service task that fails twice, when it has 5 retries, then it completes; with 2 retries it becomes an incident', async () => {
    const ok = await start(
      'service-task',
      {},
      { graph: await withTaskType('service-task', 'notifyApplicant', 'flaky', 5) },
    );
    expect(await ok.handle.result()).toMatchObject({ status: 'completed', variables: { attemptsNeeded: 3 } });

    const bad = await start(
      'service-task',
      {},
      { graph: await withTaskType('service-task', 'notifyApplicant', 'flaky', 2) },
    );
    const row = await eventually(bad.caseRow, (r) => r?.status === 'failed');
    expect(row!.failure_reason).toContain('notifyApplicant');
    expect(row!.failure_reason).toContain('flaky attempt 2');
    // The cause is gone by the third attempt: retryIncident resumes the element.
    const resumed = await bad.handle.executeUpdate(retryIncidentUpdate, { args: [{}] });
    expect(resumed.status).not.toBe('failed');
    expect((await bad.handle.result()).status).toBe('completed');
  });

  it('given an open review, when the case is cancelled, then the task is withdrawn and the case terminated', async () => {
    const c = await start('timer-boundary');
    await c.until((x) => x.tasks.length === 1);
    const view = await c.handle.executeUpdate(cancelCaseUpdate, { args: [{ reason: 'applicant withdrew' }] });
    expect(view.status).toBe('terminated');
    expect(await c.handle.result()).toMatchObject({ status: 'terminated' });
    expect((await c.taskRows()).map((r) => r.state)).toEqual(['withdrawn']);
    expect(await c.caseRow()).toMatchObject({ status: 'terminated', active_elements: [] });
  });

  it('given an open review, when the workflow is cancelled through Temporal, then the read model is terminated and withdrawn', async () => {
    const c = await start('timer-boundary');
    await c.until((x) => x.tasks.length === 1 && x.timers[0]?.at !== undefined);
    await c.handle.cancel();
    await expect(c.handle.result()).rejects.toThrow();
    expect((await c.taskRows()).map((r) => r.state)).toEqual(['withdrawn']);
    expect(await c.caseRow()).toMatchObject({ status: 'terminated' });
  });

  it('given a low history threshold, when a reminder cycle and a review are open, then they survive continue-as-new', async () => {
    const c = await start('timer-boundary-cycle', {}, { historyEventLimit: 10 });
    const first = await c.until((x) => x.tasks.length === 1 && x.timers[0]?.at !== undefined);
    const after = await c.until((x) => x.run > 1);
    expect(after.tasks).toEqual(first.tasks);
    expect(after.timers).toEqual(first.timers);
    await env.sleep('25h');
    await eventually(
      () =>
        db.dataSource.query(`select 1 from notifications where case_id = $1`, [c.caseId]) as Promise<
          unknown[]
        >,
      (rows) => rows.length === 1,
    );
    const s = await c.until((x) => x.timers[0]?.at !== undefined);
    await c.handle.executeUpdate(completeTaskUpdate, { args: [{ key: s.tasks[0]!.key, user: reviewer }] });
    expect((await c.handle.result()).status).toBe('completed');
    expect((await c.taskRows()).map((r) => r.state)).toEqual(['completed']);
  });

  it('given an admin calendar override, when a cn-workday deadline is computed, then the extra holiday moves it by a day', async () => {
    const acts = createCaseActivities({ dataSource: db.dataSource });
    const from = new Date('2026-09-28T02:00:00Z'); // Monday 10:00 in Shanghai
    const spec = { kind: 'duration' as const, value: 'P5D', calendar: 'cn-workday' as const };
    const env1 = new MockActivityEnvironment();
    expect(await env1.run(acts.computeDeadline, { spec, from: from.toISOString() })).toEqual({
      at: '2026-10-09T16:00:00.000Z',
      provisional: false,
    });
    const y2026 = bundledCalendarYears().find((y) => y.year === 2026)!;
    await db.dataSource.query(
      `insert into calendar_years (year, holidays, workdays, source) values (2026, $1, $2, 'admin')`,
      [[...y2026.holidays, '2026-09-29'], y2026.workdays],
    );
    try {
      expect(await env1.run(acts.computeDeadline, { spec, from: from.toISOString() })).toEqual({
        at: '2026-10-10T16:00:00.000Z',
        provisional: false,
      });
      const far: { provisional: boolean } = await env1.run(acts.computeDeadline, {
        spec,
        from: '2099-03-02T02:00:00Z',
      });
      expect(far.provisional).toBe(true);
    } finally {
      await db.dataSource.query(`delete from calendar_years where year = 2026`);
    }
  });

  it('given the review pipeline, when every step is taken, then it pays, certifies, notifies and records once each', async () => {
    const c = await start('review-pipeline', PIPELINE_VARIABLES);
    const completions = await drivePipeline(c.handle, {
      passTimer: async (at) => env.sleep(at.getTime() - (await env.now()).getTime() + 1000),
    });
    expect(completions).toBe(7); // declare, district, city, three experts, approval
    expect(await c.handle.result()).toMatchObject({ status: 'completed', variables: { averageScore: 80 } });
    const payments = (await db.dataSource.query(
      `select tranche, amount_fen::int as amount_fen, status from payments where case_id = $1`,
      [c.caseId],
    )) as unknown[];
    expect(payments).toEqual([{ tranche: 'first', amount_fen: 300000, status: 'paid' }]);
    const types = (await c.history()).map((e) => e.type);
    for (const t of [
      'published',
      'archived',
      'experts-assigned',
      'certificate-issued',
      'payment',
      'timer-fired',
    ])
      expect(types).toContain(t);
    const outbox = (await db.dataSource.query(
      `select template, payload ? 'event' as is_event from notifications where case_id = $1 order by created_at`,
      [c.caseId],
    )) as { template: string; is_event: boolean }[];
    // notify service tasks; the read-model events (notifications/) are counted apart
    expect(outbox.filter((n) => !n.is_event).map((n) => n.template)).toEqual(['declared', 'approved']);
    expect(
      outbox
        .filter((n) => n.is_event)
        .map((n) => n.template)
        .sort(),
    ).toEqual([
      'decision-made',
      'decision-made',
      'decision-made',
      'payment-made',
      'publicity-ended',
      'publicity-started',
    ]);
    expect(await c.caseRow()).toMatchObject({ status: 'completed', active_elements: [] });
  });

  it('given a working-day timer into a year without data, when that year is loaded, then the deadline is recomputed', async () => {
    const graph = await graphOf('timer-cn-workday');
    Object.assign(
      (graph.nodes.publicity as unknown as { eventDefinition: { timer: object } }).eventDefinition.timer,
      {
        value: 'P60D',
      },
    );
    const c = await start('timer-cn-workday', {}, { graph });
    const before = await c.until((x) => x.timers[0]?.at !== undefined);
    expect(before.timers[0]!.provisional).toBe(true);
    expect((await eventually(c.caseRow, (r) => r?.calendar_provisional === true))!.status).toBe('active');
    // The deadline's year as official data, with the last weekdays before the deadline declared holidays. Derived
    // from the deadline because other files move the shared test clock: the window may lie in any year without data.
    const fireDay = new Date(Date.parse(before.timers[0]!.at!) + 8 * 3600_000);
    const year = fireDay.getUTCFullYear();
    const holidays: string[] = [];
    for (
      let d = new Date(fireDay.getTime() - 86_400_000);
      holidays.length < 5;
      d = new Date(d.getTime() - 86_400_000)
    ) {
      if (d.getUTCFullYear() !== year) break;
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) holidays.push(d.toISOString().slice(0, 10));
    }
    expect(holidays.length).toBeGreaterThan(0);
    await db.dataSource.query(
      `insert into calendar_years (year, holidays, workdays, source) values ($1, $2, '{}', 'admin')`,
      [year, holidays],
    );
    try {
      const r = await c.handle.executeUpdate(recomputeDeadlinesUpdate, { args: [{}] });
      expect(r).toMatchObject({ recomputed: 1, case: { calendarProvisional: false } });
      const after = (await c.state()).timers[0]!;
      expect(after.provisional).toBe(false);
      expect(Date.parse(after.at!)).toBeGreaterThan(Date.parse(before.timers[0]!.at!));
      expect(await c.caseRow()).toMatchObject({ calendar_provisional: false });
    } finally {
      await db.dataSource.query(`delete from calendar_years where year = $1`, [year]);
    }
  });

  it('given a completion sent twice with the same update id, when the second arrives, then it gets the first answer', async () => {
    const c = await start('user-task-four-eyes');
    const t = (await c.until((x) => x.tasks.length === 1)).tasks[0]!;
    const send = () =>
      c.handle.executeUpdate(completeTaskUpdate, {
        updateId: `complete-${c.caseId}`,
        args: [{ key: t.key, user: reviewer }],
      });
    const first = await send();
    const second = await send();
    expect(second).toEqual(first);
    expect((await c.taskRows()).filter((r) => r.state === 'completed')).toHaveLength(1);
  });

  it('given the same read-model batch, when the activity is retried, then nothing is written twice', async () => {
    const acts = createCaseActivities({ dataSource: db.dataSource });
    const caseId = randomUUID();
    const batch = {
      caseId,
      workflowId: `idem-${caseId}`,
      ops: [
        {
          kind: 'ensureCase' as const,
          processKey: 'p',
          processVersion: 1,
          businessKey: `idem-${caseId}`,
          variables: {},
        },
        {
          kind: 'createTask' as const,
          taskId: randomUUID(),
          key: '3',
          elementId: 'review',
          name: 'Review',
          candidateGroups: [],
          assignee: null,
          dueAt: null,
          processKey: 'p',
        },
        {
          kind: 'history' as const,
          idempotencyKey: '3:element-activated:1',
          type: 'element-activated',
          elementId: 'review',
          actor: null,
          data: {},
          at: new Date().toISOString(),
        },
      ],
    };
    await new MockActivityEnvironment({ attempt: 1 }).run(acts.applyReadModel, batch);
    await new MockActivityEnvironment({ attempt: 2 }).run(acts.applyReadModel, batch);
    const pay = {
      caseId,
      workflowId: batch.workflowId,
      key: '9',
      elementId: 'pay',
      taskType: 'pay',
      headers: {},
      inputs: { tranche: 't1', amount: 500 },
    };
    await new MockActivityEnvironment({ attempt: 1 }).run(acts.runServiceTask, pay);
    await new MockActivityEnvironment({ attempt: 2 }).run(acts.runServiceTask, pay);
    const counts = (await db.dataSource.query(
      `select (select count(*) from tasks where case_id = $1)::int as tasks,
              (select count(*) from history_events where case_id = $1)::int as history,
              (select count(*) from payments where case_id = $1)::int as payments`,
      [caseId],
    )) as { tasks: number; history: number; payments: number }[];
    expect(counts[0]).toEqual({ tasks: 1, history: 2, payments: 1 });
  });
});
