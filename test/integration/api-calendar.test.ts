import { type TestApp, createTestApp } from '../support/app-harness';

describe('API calendar', () => {
  let t: TestApp;
  let auth: string;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp('api-calendar');
    auth = `Bearer ${await t.token('city-reviewer1')}`;
    admin = `Bearer ${await t.token('admin')}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  const workdays = (query: string) =>
    t.http().get(`/api/v1/calendar/workdays?${query}`).set('Authorization', auth);

  it('given the contract example, when counting 5 working days from 2026-09-28, then National Day is skipped', async () => {
    const res = await workdays('from=2026-09-28&days=5');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      days: ['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09'],
      lastDay: '2026-10-09',
      closesAt: '2026-10-10T00:00:00+08:00',
      provisional: false,
    });
  });

  it('given the makeup Saturday, when counting 2 working days from 2026-10-09, then 10 October counts', async () => {
    const res = await workdays('from=2026-10-09&days=2');
    expect(res.body).toMatchObject({
      days: ['2026-10-09', '2026-10-10'],
      closesAt: '2026-10-11T00:00:00+08:00',
    });
  });

  it('given a year without data, when counting into it, then the answer is provisional', async () => {
    const res = await workdays('from=2033-12-30&days=3');
    expect(res.status).toBe(200);
    expect(res.body.provisional).toBe(true);
  });

  it('given bad query values, when counting, then 400 names each field', async () => {
    const bad = await workdays('from=28-09-2026&days=0');
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['days', 'from']);

    const impossible = await workdays('from=2026-02-30&days=1');
    expect(impossible.status).toBe(400);
    expect(impossible.body.details).toEqual([expect.objectContaining({ field: 'from' })]);

    const missing = await workdays('days=3');
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ field: 'from' })]);
  });

  it('given an admin loads a year, when counting in it, then the new data is used at once and not provisional', async () => {
    // 2032-01-05 is a Monday; make it a holiday and the Saturday before a makeup working day.
    const before = await workdays('from=2032-01-02&days=2');
    expect(before.body).toMatchObject({ days: ['2032-01-02', '2032-01-05'], provisional: true });

    const put = await t
      .http()
      .put('/api/v1/calendar/years/2032')
      .set('Authorization', admin)
      .send({ holidays: ['2032-01-01', '2032-01-05'], workdays: ['2032-01-03'] });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      year: 2032,
      holidays: ['2032-01-01', '2032-01-05'],
      workdays: ['2032-01-03'],
      source: 'admin',
      updatedBy: 'admin',
    });

    const after = await workdays('from=2032-01-02&days=2');
    expect(after.body).toMatchObject({
      days: ['2032-01-02', '2032-01-03'],
      provisional: false,
      closesAt: '2032-01-04T00:00:00+08:00',
    });
  });

  it('given an admin overrides a year twice, when read back, then the last write wins (one row)', async () => {
    for (const holidays of [['2034-01-02'], ['2034-01-03']]) {
      const res = await t
        .http()
        .put('/api/v1/calendar/years/2034')
        .set('Authorization', admin)
        .send({ holidays, workdays: [] });
      expect(res.status).toBe(200);
    }
    const rows = await t.database.dataSource.query<{ holidays: string[] }[]>(
      'select holidays from calendar_years where year = 2034',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.holidays).toEqual(['2034-01-03']);
  });

  it('given a date outside the year, when putting a year, then 400 names the offending entry', async () => {
    const res = await t
      .http()
      .put('/api/v1/calendar/years/2035')
      .set('Authorization', admin)
      .send({ holidays: ['2036-01-01'], workdays: [] });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'holidays.0' })]);
  });

  it('given a year that is not a number, when putting it, then 400 names year', async () => {
    const res = await t
      .http()
      .put('/api/v1/calendar/years/abc')
      .set('Authorization', admin)
      .send({ holidays: [], workdays: [] });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'year' })]);
  });

  it('given a date both off and on, when putting a year, then 400 and nothing is stored', async () => {
    const res = await t
      .http()
      .put('/api/v1/calendar/years/2036')
      .set('Authorization', admin)
      .send({ holidays: ['2036-01-01'], workdays: ['2036-01-01'] });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('2036-01-01');
    expect(await t.database.dataSource.query('select year from calendar_years where year = 2036')).toEqual(
      [],
    );
  });

  it('given a body missing workdays, when putting a year, then 400 names workdays', async () => {
    const res = await t
      .http()
      .put('/api/v1/calendar/years/2035')
      .set('Authorization', admin)
      .send({ holidays: ['2035-01-01', 'x'] });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'holidays.1',
      'workdays',
    ]);
  });
});
