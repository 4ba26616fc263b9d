// Process-level timer start events end to end (Camunda 8): deploying starts the version's timer-start workflow, each
// fire starts a case (generated business key, started by the system actor, in the history), and deploying the next
// version stops the old schedule. Time moves by skipping (TIME_SKIPPING_FILES).
import { TIMER_START_ACTOR } from '../../activities/case/timer-start.activities';
import { TimerStartsService } from '../../api/definitions/timer-starts.service';
import {
  TIMER_START_WORKFLOW,
  type TimerStartInput,
  timerStartNextFireQuery,
  timerStartWorkflowId,
} from '../../workflows/messages';
import { type CaseApi, createCaseApi, fixtureXml, uniqueKey } from './api-cases-support';

describe('API timer start events', () => {
  let t: CaseApi;
  const key = uniqueKey('timer-start');
  const v1 = fixtureXml('timer-start-cycle').replace(/timer-start-cycle/g, key);

  beforeAll(async () => {
    t = await createCaseApi('api-timer-start');
  });
  afterAll(async () => {
    // the schedules are this file's own: none keeps sleeping on the shared server
    for (const id of [
      timerStartWorkflowId(key, 1, 'hourly'),
      timerStartWorkflowId(key, 2, 'hourly'),
      timerStartWorkflowId(`${key}-resume`, 1, 'hourly'),
    ])
      await t?.temporal.client.workflow
        .getHandle(id)
        .cancel()
        .catch(() => undefined);
    await t?.close();
  });

  const deploy = async (xml: string) =>
    t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', await t.as('admin'))
      .set('Content-Type', 'application/xml')
      .send(xml);
  const casesOf = (processKey = key) =>
    t.database.dataSource.query(
      `SELECT id, process_version, business_key, created_by FROM cases WHERE process_key = $1 ORDER BY created_at, id`,
      [processKey],
    ) as Promise<{ id: string; process_version: number; business_key: string; created_by: string }[]>;
  const schedule = (version: number, processKey = key) =>
    t.database.dataSource
      .query(`SELECT fired, next_fire_at, ended_reason FROM timer_start_schedules WHERE workflow_id = $1`, [
        timerStartWorkflowId(processKey, version, 'hourly'),
      ])
      .then((rows: { fired: number; next_fire_at: Date | null; ended_reason: string | null }[]) => rows[0]);
  /**
   * Terminates a schedule once it sleeps: Temporal's time-skipping server stops skipping for good when a workflow is
   * terminated with an activity in flight.
   */
  const terminateAsleep = async (workflowId: string) => {
    const handle = t.temporal.client.workflow.getHandle(workflowId);
    await t.eventually(
      () => handle.describe(),
      (d) => d.status.name !== 'RUNNING' || (d.raw.pendingActivities ?? []).length === 0,
    );
    await handle.query(timerStartNextFireQuery);
    await handle.terminate('test');
  };
  /** The schedule is asleep until `fired + 1`: what it would fire next is known to the workflow. */
  const asleepAfter = (version: number, fired: number, processKey = key) =>
    t.eventually(
      () => schedule(version, processKey),
      (s) => s !== undefined && s.fired === fired && s.next_fire_at !== null,
    );

  it('given R3/PT1H deployed, when an hour passes twice, then a case starts at each fire, by the system, with a generated key', async () => {
    const res = await deploy(v1);
    expect(res.status).toBe(201);
    expect(res.body.timerStarts).toEqual([{ elementId: 'hourly', nextFireAt: expect.any(String) }]);
    await asleepAfter(1, 0);
    const handle = t.temporal.client.workflow.getHandle(timerStartWorkflowId(key, 1, 'hourly'));
    const firstAt = Date.parse((await handle.query(timerStartNextFireQuery)) as string);
    expect(firstAt - (await t.temporal.now()).getTime()).toBeGreaterThan(50 * 60_000);
    expect(await casesOf()).toEqual([]);

    await t.temporal.sleep('61m');
    const [first] = await t.eventually(casesOf, (rows) => rows.length === 1);
    expect(first).toMatchObject({ process_version: 1, created_by: TIMER_START_ACTOR });
    expect(first!.business_key).toMatch(/^TIMER-\d{4}-\d{6}$/);
    // the case runs from the timer start event to its task, and its history says who started it and when
    const detail = await t.eventually(
      async () =>
        t
          .http()
          .get(`/api/v1/cases/${first!.id}`)
          .set('Authorization', await t.as('admin')),
      (r) => ((r.body.activeElements as string[] | undefined) ?? []).includes('prepareReport'),
    );
    expect(detail.body.businessKey).toBe(first!.business_key);
    const history = await t
      .http()
      .get(`/api/v1/cases/${first!.id}/history`)
      .set('Authorization', await t.as('admin'));
    const started = (history.body as { type: string; actor: string | null; data: object }[]).find(
      (h) => h.type === 'case-started',
    );
    expect(started).toMatchObject({
      actor: TIMER_START_ACTOR,
      data: { timerStart: 'hourly', firedAt: new Date(firstAt).toISOString() },
    });

    // admins see the next fire in the process list
    await asleepAfter(1, 1);
    const list = await t
      .http()
      .get('/api/v1/process-definitions')
      .set('Authorization', await t.as('admin'));
    const mine = (list.body as { key: string; timerStarts?: { nextFireAt: string }[] }[]).find(
      (d) => d.key === key,
    );
    expect(mine?.timerStarts).toEqual([
      { elementId: 'hourly', nextFireAt: new Date(firstAt + 3_600_000).toISOString() },
    ]);

    await t.temporal.sleep('61m');
    const two = await t.eventually(casesOf, (rows) => rows.length === 2);
    expect(new Set(two.map((c) => c.business_key)).size).toBe(2);
    // the none start event still starts cases by hand
    await t.startCase(key);
  });

  it('given v1 firing, when v2 is deployed, then v1 fires no more and v2 runs its own schedule', async () => {
    await asleepAfter(1, 2);
    const before = (await casesOf()).length;
    const v2 = v1.replace('>R3/PT1H<', '>R1/PT3H<');
    const res = await deploy(v2);
    expect(res.status).toBe(201);
    expect(res.body.version).toBe(2);
    await t.eventually(
      () => schedule(1),
      (s) => s?.ended_reason === 'superseded',
    );
    await asleepAfter(2, 0);

    // v1's third fire would have been within this hour
    await t.temporal.sleep('61m');
    await new Promise((r) => setTimeout(r, 500));
    expect((await casesOf()).length).toBe(before);

    await t.temporal.sleep('2h');
    const rows = await t.eventually(casesOf, (r) => r.length === before + 1);
    expect(rows.at(-1)).toMatchObject({ process_version: 2, created_by: TIMER_START_ACTOR });
    // R1: the schedule is used up
    await t.eventually(
      () => schedule(2),
      (s) => s?.ended_reason === 'exhausted',
    );
  });

  it('given a schedule lost and started again, or continued as new, when it fires, then it resumes without a duplicate case', async () => {
    const resumeKey = `${key}-resume`;
    const id = timerStartWorkflowId(resumeKey, 1, 'hourly');
    expect(
      (await deploy(v1.replace(new RegExp(key, 'g'), resumeKey).replace('>R3/PT1H<', '>R/PT1H<'))).status,
    ).toBe(201);
    await asleepAfter(1, 0, resumeKey);
    // lost (say, a Temporal namespace reset), then started again with one fire per run
    const handle = t.temporal.client.workflow.getHandle(id);
    await terminateAsleep(id);
    const restarted = await t.temporal.client.workflow.start(TIMER_START_WORKFLOW, {
      taskQueue: t.config.taskQueue,
      workflowId: id,
      args: [
        {
          processKey: resumeKey,
          processVersion: 1,
          elementId: 'hourly',
          schedule: { kind: 'cycle', repetitions: null, period: 'PT1H' },
          firesPerRun: 1,
        } satisfies TimerStartInput,
      ],
    });
    await t.temporal.sleep('61m');
    await t.eventually(
      () => casesOf(resumeKey),
      (r) => r.length === 1,
    );
    // one fire per run: the next fire is a new run, which takes the anchor and progress from PostgreSQL
    await asleepAfter(1, 1, resumeKey);
    await t.eventually(
      () => handle.describe(),
      (d) => d.runId !== restarted.firstExecutionRunId && d.status.name === 'RUNNING',
    );
    await t.temporal.sleep('61m');
    await t.eventually(
      () => casesOf(resumeKey),
      (r) => r.length === 2,
    );
    await asleepAfter(1, 2, resumeKey);

    // lost again: the API's sync starts it again, and it fires the third hour only
    await terminateAsleep(id);
    await t.app.get(TimerStartsService).syncAll();
    await t.eventually(
      () => handle.describe(),
      (d) => d.status.name === 'RUNNING',
    );
    await t.temporal.sleep('61m');
    const rows = await t.eventually(
      () => casesOf(resumeKey),
      (r) => r.length === 3,
    );
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    await new Promise((r) => setTimeout(r, 500));
    expect((await casesOf(resumeKey)).length).toBe(3);
  });

  it("given a timeDate deployed through Camunda's /v2/deployments, when its instant passes, then one case starts", async () => {
    const dateKey = `${key}-date`;
    // whole seconds: Camunda's lint refuses fractions in a timeDate
    const at = new Date((await t.temporal.now()).getTime() + 2 * 3_600_000)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    const xml = v1
      .replace(new RegExp(key, 'g'), dateKey)
      .replace(/<bpmn:timeCycle[^>]*>R3\/PT1H<\/bpmn:timeCycle>/, `<bpmn:timeDate>${at}</bpmn:timeDate>`);
    const res = await t
      .http()
      .post('/v2/deployments')
      .set('Authorization', await t.as('admin'))
      .attach('resources', Buffer.from(xml), 'timer-start-date.bpmn');
    expect(res.body).toMatchObject({
      deployments: [{ processDefinition: { processDefinitionId: dateKey } }],
    });
    await asleepAfter(1, 0, dateKey);
    await t.temporal.sleep('121m');
    const rows = await t.eventually(
      () => casesOf(dateKey),
      (r) => r.length === 1,
    );
    expect(rows[0]).toMatchObject({ created_by: TIMER_START_ACTOR });
    await t.eventually(
      () => schedule(1, dateKey),
      (s) => s?.ended_reason === 'exhausted',
    );
  });

  it('given a timeDate already past or a refused cycle, when deployed, then 400 naming the element', async () => {
    const past = v1.replace(
      /<bpmn:timeCycle[^>]*>R3\/PT1H<\/bpmn:timeCycle>/,
      '<bpmn:timeDate>2020-01-01T08:00:00+08:00</bpmn:timeDate>',
    );
    const refused = await deploy(past.replace(new RegExp(key, 'g'), `${key}-past`));
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([
      expect.objectContaining({ elementId: 'hourly', code: 'TIMER_START_NEVER_FIRES' }),
    ]);
    const fast = await deploy(
      v1.replace('>R3/PT1H<', '>R/PT30S<').replace(new RegExp(key, 'g'), `${key}-fast`),
    );
    expect(fast.status).toBe(400);
    expect(fast.body.details).toEqual([
      expect.objectContaining({ elementId: 'hourly', message: expect.stringContaining('once a minute') }),
    ]);
  });

  it('given a schedule that could not run for three fires, when it runs, then one case makes up for them', async () => {
    const outKey = `${key}-outage`;
    expect(
      (await deploy(v1.replace(new RegExp(key, 'g'), outKey).replace('>R3/PT1H<', '>R/PT1H<'))).status,
    ).toBe(201);
    // the deploy's own schedule makes way for one whose anchor lies 3.5 hours back (as after an outage; stopping
    // the worker instead would stall Temporal's time-skipping server, which never skips past pending work)
    await asleepAfter(1, 0, outKey);
    await terminateAsleep(timerStartWorkflowId(outKey, 1, 'hourly'));
    const workflowId = `${timerStartWorkflowId(outKey, 1, 'hourly')}:outage`;
    const anchor = (await t.temporal.now()).getTime() - 3.5 * 3_600_000;
    await t.database.dataSource.query(
      `INSERT INTO timer_start_schedules (workflow_id, process_key, process_version, element_id, anchor)
       VALUES ($1, $2, 1, 'hourly', $3)`,
      [workflowId, outKey, new Date(anchor)],
    );
    await t.temporal.client.workflow.start(TIMER_START_WORKFLOW, {
      taskQueue: t.config.taskQueue,
      workflowId,
      args: [
        {
          processKey: outKey,
          processVersion: 1,
          elementId: 'hourly',
          schedule: { kind: 'cycle', repetitions: null, period: 'PT1H' },
        } satisfies TimerStartInput,
      ],
    });
    try {
      await t.eventually(
        () => casesOf(outKey),
        (r) => r.length === 1,
      );
      // the third hour's fire stands for all three, and the schedule is back on its grid
      const row = await t.eventually(
        () =>
          t.database.dataSource
            .query(
              `SELECT fired, last_fire_at, next_fire_at FROM timer_start_schedules WHERE workflow_id = $1`,
              [workflowId],
            )
            .then((r: { fired: number; last_fire_at: Date; next_fire_at: Date | null }[]) => r[0]),
        (r) => r?.fired === 3 && r.next_fire_at !== null,
      );
      expect(new Date(row!.last_fire_at).getTime()).toBe(anchor + 3 * 3_600_000);
      expect(new Date(row!.next_fire_at!).getTime()).toBe(anchor + 4 * 3_600_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(await casesOf(outKey)).toHaveLength(1);
    } finally {
      await terminateAsleep(workflowId).catch(() => undefined);
    }
  });
});
