// Contract §1 (issue 17 item 12): a cn-workday deadline that runs into a year without calendar data is provisional
// (weekends only) and is recomputed when an administrator loads that year, durably (a crash between the PUT and the
// recompute loses nothing) and idempotently; the timer then fires at the recomputed instant, not the provisional one.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CalendarRecomputeService } from '../../api/calendar/calendar-recompute.service';
import { CalendarService } from '../../api/calendar/calendar.service';
import type { AppConfig } from '../../config/app-config';
import type { ProcessGraph } from '../../bpmn';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { bundledCalendarYears, mergeCalendarYears } from '../../calendar/bundled-calendar';
import { type CalendarYearData, deadlineFor } from '../../calendar/working-days';
import { type CaseStateView, caseStateQuery, recomputeDeadlinesUpdate } from '../../workflows/messages';
import { runCase } from '../../workflows/run-case.workflow';
import type { TemporalEnv } from '../support/temporal-env';
import type { TestDatabase } from '../support/test-database';
import { type WorkerStack, startWorkerStack } from '../support/worker-stack';
import { eventually as eventuallyWithin } from '../support/eventually';

const FIXTURES = join(__dirname, '..', 'fixtures', 'bpmn');
const DAY = 86_400_000;

const eventually = <T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> =>
  eventuallyWithin(probe, ok, timeoutMs);

/** 10:00 Asia/Shanghai on that date. */
const shanghai10 = (date: string) => new Date(`${date}T10:00:00+08:00`);

describe('calendar recompute: PUT /calendar/years/:year moves provisional deadlines', () => {
  let db: TestDatabase;
  let env: TemporalEnv;
  let stack: WorkerStack;
  const taskQueue = `calendar-recompute-${process.pid}-${Date.now()}`;
  const config = { caseReconcileIntervalMs: 3_600_000 } as AppConfig;

  beforeAll(async () => {
    stack = await startWorkerStack('calendar-recompute', taskQueue, { timeSkipping: true });
    ({ db, env } = stack);
  });
  afterAll(() => stack?.stop());

  it('given a working-day timer from late December into a year without data, when that year is loaded (and the API crashed before recomputing), then the deadline is recomputed once and the timer fires at the new instant only', async () => {
    // given the first year without bundled data whose late December lies ahead of server time
    const bundled = new Set(bundledCalendarYears().map((y) => y.year));
    const now = await env.now();
    let year = Math.max(now.getUTCFullYear() + 1, 2027);
    while (bundled.has(year) || shanghai10(`${year - 1}-12-21`) <= now) year += 1;
    const calendar = new CalendarService(db.dataSource);
    // the December the timer starts in has data (plain weekends when the package has none)
    if (!bundled.has(year - 1)) await calendar.putYear(year - 1, [], [], 'admin');
    const startAt = shanghai10(`${year - 1}-12-21`);
    await env.sleep(startAt.getTime() - (await env.now()).getTime());

    // and a case waiting on a P10D cn-workday timer started then
    const xml = readFileSync(join(FIXTURES, 'timer-cn-workday.bpmn'), 'utf8').replace('>P5D<', '>P10D<');
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const graph: ProcessGraph = compiled.graph;
    const caseId = randomUUID();
    const handle = await env.client.workflow.start(runCase, {
      taskQueue,
      workflowId: `case-${caseId}`,
      args: [
        { caseId, processKey: graph.processId, processVersion: 1, businessKey: `recompute-${caseId}`, graph },
      ],
    });
    const state = () => handle.query(caseStateQuery);
    const until = (ok: (s: CaseStateView) => boolean) => eventually(state, ok);
    const caseRow = async () =>
      (
        (await db.dataSource.query(`select status, calendar_provisional from cases where id = $1`, [
          caseId,
        ])) as {
          status: string;
          calendar_provisional: boolean;
        }[]
      )[0];

    const before = (await until((s) => s.timers[0]?.at !== undefined)).timers[0]!;
    const startedAt = new Date(before.from!);
    const current = async () =>
      mergeCalendarYears(
        bundledCalendarYears(),
        (await db.dataSource.query(
          `select year, holidays, workdays, source from calendar_years`,
        )) as CalendarYearData[],
      );
    const provisional = deadlineFor(startedAt, 'P10D', 'cn-workday', await current());
    // then it is provisional, on weekends alone
    expect(provisional.provisional).toBe(true);
    expect(before.provisional).toBe(true);
    expect(new Date(before.at!).toISOString()).toBe(provisional.closesAt.toISOString());
    await eventually(caseRow, (r) => r?.calendar_provisional === true);

    // when an administrator loads the year: four days off at its start, and a makeup Saturday after them
    const firstSaturday = Array.from(
      { length: 7 },
      (_, i) => `${year}-01-${String(9 + i).padStart(2, '0')}`,
    ).find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6)!;
    // (the first four weekdays of January: whatever weekday 21 December falls on, the window reaches at least one)
    const holidays = Array.from({ length: 10 }, (_, i) => `${year}-01-${String(1 + i).padStart(2, '0')}`)
      .filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))
      .slice(0, 4);
    await calendar.putYear(year, holidays, [firstSaturday], 'admin');
    // ... and the API dies before its recompute loop ran: the job is in PostgreSQL, the timer unchanged
    const jobs = async () =>
      (await db.dataSource.query(
        `select year, done_at from calendar_recompute_jobs where case_id = $1 order by year`,
        [caseId],
      )) as { year: number; done_at: Date | null }[];
    expect((await jobs()).filter((j) => j.year === year)).toEqual([{ year, done_at: null }]);
    expect((await state()).timers[0]!.provisional).toBe(true);
    // (and even a case the PUT missed, flagged provisional only after it committed, is found again)
    await db.dataSource.query(`delete from calendar_recompute_jobs where case_id = $1 and year = $2`, [
      caseId,
      year,
    ]);

    // then the next API start works the job off
    const restarted = new CalendarRecomputeService(db.dataSource, env.client, config);
    restarted.onApplicationBootstrap();
    await restarted.idle();
    const expected = deadlineFor(startedAt, 'P10D', 'cn-workday', await current());
    expect(expected.provisional).toBe(false);
    expect(expected.closesAt.getTime()).toBeGreaterThan(provisional.closesAt.getTime() + DAY);
    const after = (await until((s) => s.timers[0]?.provisional === false)).timers[0]!;
    expect(new Date(after.at!).toISOString()).toBe(expected.closesAt.toISOString());
    expect((await jobs()).find((j) => j.year === year)?.done_at).not.toBeNull();
    await eventually(caseRow, (r) => r?.calendar_provisional === false);

    // and loading the same year again is harmless: the case is no longer provisional, nothing is queued, and a
    // recompute sent anyway changes nothing
    await calendar.putYear(year, holidays, [firstSaturday], 'admin');
    expect(await restarted.drain()).toBe(0);
    expect(await handle.executeUpdate(recomputeDeadlinesUpdate, { args: [{}] })).toMatchObject({
      recomputed: 0,
    });
    expect((await state()).timers.map((t) => t.at)).toEqual([after.at]);
    await restarted.onApplicationShutdown();

    // when time passes the provisional instant, the case still waits
    await env.sleep(provisional.closesAt.getTime() + 3_600_000 - (await env.now()).getTime());
    const waiting = await state();
    expect(waiting.case.status).toBe('active');
    expect(waiting.timers).toHaveLength(1);
    // and it moves on only after the recomputed instant
    await env.sleep(expected.closesAt.getTime() - 3_600_000 - (await env.now()).getTime());
    expect((await state()).case.status).toBe('active');
    await env.sleep('2h');
    expect((await handle.result()).status).toBe('completed');
  }, 120_000);
});
