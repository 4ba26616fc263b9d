// What the calendar admin page reads: the years with data, one year's dates, and the calendar-provisional cases.
import { CaseEntity } from '../../db/entities/case.entity';
import { type TestApp, createTestApp } from '../support/app-harness';

describe('API calendar admin reads', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp('api-calendar-admin');
    admin = `Bearer ${await t.token('admin')}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given bundled years and one admin year, when listing years, then each appears once with its source', async () => {
    const put = await t
      .http()
      .put('/api/v1/calendar/years/2040')
      .set('Authorization', admin)
      .send({ holidays: ['2040-01-01', '2040-01-02'], workdays: ['2040-01-07'] });
    expect(put.status).toBe(200);

    const res = await t.http().get('/api/v1/calendar/years').set('Authorization', admin);
    expect(res.status).toBe(200);
    const years = res.body as { year: number; source: string; overridden: boolean; holidays: number }[];
    expect(years.map((y) => y.year)).toEqual([...years.map((y) => y.year)].sort((a, b) => a - b));
    expect(years.find((y) => y.year === 2026)).toMatchObject({ overridden: false, bundled: true });
    expect(years.find((y) => y.year === 2026)?.source).toMatch(/^chinese-days@/);
    expect(years.find((y) => y.year === 2040)).toMatchObject({
      source: 'admin',
      overridden: true,
      bundled: false,
      holidays: 2,
      workdays: 1,
      updatedBy: 'admin',
    });
    expect(years.filter((y) => y.year === 2040)).toHaveLength(1);
  });

  it('given a year, when reading it, then its dates come back; a year without data is 404', async () => {
    const bundled = await t.http().get('/api/v1/calendar/years/2026').set('Authorization', admin);
    expect(bundled.status).toBe(200);
    expect(bundled.body.holidays).toContain('2026-10-01');
    expect(bundled.body.workdays).toContain('2026-10-10');
    const none = await t.http().get('/api/v1/calendar/years/2099').set('Authorization', admin);
    expect(none.status).toBe(404);
    const bad = await t.http().get('/api/v1/calendar/years/20x6').set('Authorization', admin);
    expect(bad.status).toBe(400);
  });

  it('given provisional and exact cases, when filtering by calendarProvisional, then only those match', async () => {
    const repo = t.database.dataSource.getRepository(CaseEntity);
    const base = { processKey: 'provisional-filter', processVersion: 1, district: 'lixia' };
    const [provisional] = await repo.save([
      repo.create({ ...base, businessKey: 'p-1', calendarProvisional: true }),
      repo.create({ ...base, businessKey: 'p-2', calendarProvisional: false }),
    ]);

    const only = await t
      .http()
      .get('/api/v1/cases?processKey=provisional-filter&calendarProvisional=true')
      .set('Authorization', admin);
    expect(only.status).toBe(200);
    expect(only.body.total).toBe(1);
    expect(only.body.items[0]).toMatchObject({ id: provisional!.id, calendarProvisional: true });

    const exact = await t
      .http()
      .get('/api/v1/cases?processKey=provisional-filter&calendarProvisional=false')
      .set('Authorization', admin);
    expect(exact.body.items.map((c: { businessKey: string }) => c.businessKey)).toEqual(['p-2']);

    const bad = await t.http().get('/api/v1/cases?calendarProvisional=yes').set('Authorization', admin);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('calendarProvisional');
  });
});
