// Issue 14 item 6: one clock. Every time a case shows (history, 立案, payments' paid_at, tasks) is the workflow's,
// so a case run on a skipped clock (days ahead of the database's) still reads in order.
import { createTemporalEnv } from '../support/temporal-env';
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

interface HistoryItem {
  seq: number;
  at: string;
  type: string;
}

describe('one clock for a case', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('case-clock', { temporal: await createTemporalEnv({ timeSkipping: true }) });
    await t.deploy(fixtureXml('clock-timer-then-pay'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given a three-day timer on the skipped clock, when it fires and the case pays, then history, 立案 and paid_at follow the workflow clock in order', async () => {
    const c = await t.startCase('clock-timer-then-pay', { applicantId: 'applicant1' });
    const auth = await t.as('admin');
    await t.eventually(
      async () => (await t.http().get(`/api/v1/cases/${c.id}`).set('Authorization', auth)).body,
      (b: { activeElements?: string[] }) => (b.activeElements ?? []).includes('wait'),
    );
    await t.temporal.sleep('3d');

    const detail = await t.eventually(
      async () => (await t.http().get(`/api/v1/cases/${c.id}`).set('Authorization', auth)).body,
      (b: { status?: string; createdAt: string; updatedAt: string }) => b.status === 'completed',
    );
    const history = (await t.http().get(`/api/v1/cases/${c.id}/history`).set('Authorization', auth))
      .body as HistoryItem[];
    const payments = (await t.http().get(`/api/v1/cases/${c.id}/payments`).set('Authorization', auth))
      .body as { at: string }[];

    const times = history.map((h) => Date.parse(h.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const at = (type: string) => Date.parse(history.find((h) => h.type === type)?.at ?? '');
    const started = at('case-started');
    const fired = at('timer-fired');
    // the timer really moved the workflow clock three days past the start
    expect(fired - started).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(Date.parse(detail.createdAt)).toBe(started);
    expect(Date.parse(detail.updatedAt)).toBeGreaterThanOrEqual(fired);
    expect(payments).toHaveLength(1);
    expect(Date.parse(payments[0]!.at)).toBeGreaterThanOrEqual(fired);
    expect(Date.parse(payments[0]!.at)).toBe(at('payment'));
    expect(at('agreement-signed')).toBeGreaterThanOrEqual(at('payment'));
  });
});
