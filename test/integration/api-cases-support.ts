// The app, a real worker on its own task queue (per-run workflow bundle), and helpers for the case API tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestApp, type TestAppOptions, createTestApp } from '../support/app-harness';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'bpmn');
export const fixtureXml = (name: string) => readFileSync(join(FIXTURES, `${name}.bpmn`), 'utf8');

export interface CaseApi extends TestApp {
  as(username: string): Promise<string>;
  deploy(xml: string): Promise<{ key: string; version: number }>;
  startCase(
    processKey: string,
    variables?: Record<string, unknown>,
    user?: string,
  ): Promise<{ id: string; businessKey: string }>;
  eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs?: number): Promise<T>;
  openTasks(caseId: string, user: string): Promise<{ id: string; elementId: string }[]>;
}

let serial = 0;
export const uniqueKey = (label: string) => `${label}-${process.pid}-${Date.now()}-${++serial}`;

export async function createCaseApi(
  label: string,
  options: Omit<TestAppOptions, 'env' | 'taskQueue' | 'worker'> = {},
): Promise<CaseApi> {
  const t = await createTestApp(label, { ...options, taskQueue: uniqueKey(`api-${label}`), worker: true });
  const as = async (username: string) => `Bearer ${await t.token(username)}`;
  const api: CaseApi = {
    ...t,
    as,
    async deploy(xml) {
      const res = await t
        .http()
        .post('/api/v1/process-definitions')
        .set('Authorization', await as('admin'))
        .set('Content-Type', 'application/xml')
        .send(xml);
      if (res.status !== 201 && res.status !== 200)
        throw new Error(`deploy failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { key: string; version: number };
    },
    async startCase(processKey, variables = {}, user = 'admin') {
      const businessKey = uniqueKey(processKey);
      const res = await t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', await as(user))
        .send({ processKey, businessKey, variables });
      if (res.status !== 201) throw new Error(`start failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: (res.body as { id: string }).id, businessKey };
    },
    async eventually(probe, ok, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const last = await probe();
        if (ok(last)) return last;
        if (Date.now() > deadline) throw new Error(`not reached in time: ${JSON.stringify(last)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async openTasks(caseId, user) {
      const auth = await as(user);
      const res = await api.eventually(
        () => t.http().get(`/api/v1/tasks?caseId=${caseId}`).set('Authorization', auth),
        // both: the inbox total is a count shared for a second, so either may lag the other
        (r) =>
          r.status === 200 &&
          (r.body as { total: number }).total > 0 &&
          (r.body as { items: unknown[] }).items.length > 0,
      );
      return (res.body as { items: { id: string; elementId: string }[] }).items;
    },
  };
  return api;
}
