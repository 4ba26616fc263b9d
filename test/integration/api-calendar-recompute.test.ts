// Issue 17 item 12 through the HTTP API: after PUT /calendar/years/:year the open cases whose deadline ran into that
// year without data are recomputed on their own (the bug: they stayed provisional, their timers on weekends only).
import { bundledCalendarYears } from '../../calendar/bundled-calendar';
import { caseStateQuery } from '../../workflows/messages';
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

describe('API calendar: loading a year recomputes provisional deadlines', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-calendar-recompute');
    // a period long enough to run through next year
    await t.deploy(fixtureXml('timer-cn-workday').replace('>P5D<', '>P400D<'));
    await t.deploy(fixtureXml('user-task').replace('rf:dueIn="P5D"', 'rf:dueIn="P400D"'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given a case whose P400D working-day timer runs through a year without data, when an admin PUTs that year, then its timer and a task due date move by the new holidays and neither case is provisional any more', async () => {
    const now = await t.temporal.now();
    const bundled = new Set(bundledCalendarYears().map((y) => y.year));
    const year = now.getUTCFullYear() + 1;
    const admin = await t.as('admin');
    // the years the period touches besides `year`, as plain weekends, so only `year` is missing
    for (const y of [now.getUTCFullYear(), year + 1])
      if (!bundled.has(y)) {
        const res = await t
          .http()
          .put(`/api/v1/calendar/years/${y}`)
          .set('Authorization', admin)
          .send({ holidays: [], workdays: [] });
        expect(res.status).toBe(200);
      }
    expect(bundled.has(year)).toBe(false);

    // given a case waiting on the timer, provisional
    const c = await t.startCase('timer-cn-workday', {});
    const state = () => t.temporal.client.workflow.getHandle(`case-${c.id}`).query(caseStateQuery);
    const before = (await t.eventually(
      () => state().catch(() => null),
      (s) => s?.timers[0]?.at !== undefined,
    ))!.timers[0]!;
    expect(before.provisional).toBe(true);
    // and an open task whose P400D due date does too
    const withTask = await t.startCase('user-task', { reviewer: 'city-reviewer1', district: 'lixia' });
    const dueAt = async () =>
      (
        (await t.database.dataSource.query(`SELECT due_at FROM tasks WHERE case_id = $1`, [withTask.id])) as {
          due_at: Date | null;
        }[]
      )[0]?.due_at ?? null;
    const dueBefore = (await t.eventually(dueAt, (d) => d !== null))!;
    const caseBody = async (id: string) =>
      (await t.http().get(`/api/v1/cases/${id}`).set('Authorization', admin)).body as {
        calendarProvisional: boolean;
        status: string;
      };
    await t.eventually(
      () => caseBody(withTask.id),
      (b) => b.calendarProvisional,
    );

    // when the admin loads the year with three weekday holidays in March
    const weekdays = Array.from(
      { length: 20 },
      (_, i) => `${year}-03-${String(i + 2).padStart(2, '0')}`,
    ).filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    const res = await t
      .http()
      .put(`/api/v1/calendar/years/${year}`)
      .set('Authorization', admin)
      .send({ holidays: weekdays.slice(0, 3), workdays: [] });
    expect(res.status).toBe(200);

    // then, without anything else, the timer is recomputed three working days later and no longer provisional
    const after = (await t.eventually(state, (s) => s.timers[0]?.provisional === false)).timers[0]!;
    expect(Date.parse(after.at!) - Date.parse(before.at!)).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(
      await t.eventually(
        () => caseBody(c.id),
        (b) => !b.calendarProvisional,
      ),
    ).toMatchObject({
      status: 'active',
    });
    // and so is the task's due date
    const dueAfter = (await t.eventually(dueAt, (d) => d !== null && d.getTime() !== dueBefore.getTime()))!;
    expect(dueAfter.getTime() - dueBefore.getTime()).toBeGreaterThanOrEqual(3 * 86_400_000);
    await t.eventually(
      () => caseBody(withTask.id),
      (b) => !b.calendarProvisional,
    );
  }, 60_000);
});
