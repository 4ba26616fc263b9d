// The real stack for one programme test file: its own temporal-lite (on real Temporal: its own time-skipping test
// server) whose clock starts at a chosen instant (the shared one runs on wall time, so a dated scenario such as
// National Day 2026 needs its own), the Nest app on a fresh
// database, a worker, and the HTTP helpers a user's-eye test needs. Time moves only through POST /dev/time/advance.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { hash } from 'bcryptjs';
import { msToIsoDuration } from '../../api/dev/duration';
import { UserEntity } from '../../db/entities/user.entity';
import { detectTestServiceClock } from '../../api/dev/test-service-clock';
import { findTestServer, startTimeSkippingServer } from '../../scripts/temporal-servers';
import { startTemporalLite } from '../../temporal-lite/src/index';
import { type TestApp, createTestApp } from '../support/app-harness';
import { type TemporalEnv, toMs } from '../support/temporal-env';
import type { DevClock } from '../../api/temporal/temporal.tokens';
import { testTemporalMode } from '../support/temporal-global';
import { eventually as eventuallyWithin } from '../support/eventually';

export const processXml = (file: string) =>
  readFileSync(join(__dirname, '..', '..', 'processes', file), 'utf8');

export interface TaskView {
  id: string;
  caseId: string;
  elementId: string;
  name: string;
  candidateGroups: string[];
  assignee: string | null;
  dueAt: string | null;
  state: string;
}
export interface CaseView {
  id: string;
  status: string;
  businessKey: string;
  activeElements: string[];
  variables: Record<string, unknown>;
}
export interface HistoryEvent {
  seq: number;
  at: string;
  type: string;
  elementId?: string;
  actor?: string;
  data: Record<string, unknown>;
}

export interface ProgrammeApi extends TestApp {
  as(username: string): Promise<string>;
  deployFile(file: string): Promise<{ key: string; version: number }>;
  startCase(user: string, processKey: string, variables: Record<string, unknown>): Promise<CaseView>;
  caseOf(id: string, user?: string): Promise<CaseView>;
  history(id: string): Promise<HistoryEvent[]>;
  /** Open tasks the user may act on in that case; waits until `elementId` is among them when given. */
  tasks(user: string, caseId: string, elementId?: string): Promise<TaskView[]>;
  complete(
    user: string,
    task: TaskView,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Waits until the case holds a token on `elementId`. */
  waitAt(caseId: string, elementId: string): Promise<CaseView>;
  waitStatus(caseId: string, status: string): Promise<CaseView>;
  advance(duration: string): Promise<string>;
  now(): Promise<string>;
  addUser(username: string, roles: string[], district?: string): Promise<void>;
  eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs?: number): Promise<T>;
  /** The user's open task on `elementId` in that case (waits for it; throws when it never comes). */
  taskAt(user: string, caseId: string, elementId: string): Promise<TaskView>;
  /** Completes the user's task on `elementId`; a refusal fails the test naming the element. */
  act(user: string, c: { id: string }, elementId: string, variables?: Record<string, unknown>): Promise<void>;
  /** POST /batches as `user`; expects 201. */
  batch(user: string, title: string, caseIds: string[], action: Record<string, unknown>): Promise<BatchView>;
  /** The case's payments as finance sees them (reason only when there is one). */
  ledger(caseId: string): Promise<PaymentView[]>;
  /** The notifications the case's process sent with templates starting with `prefix` (the platform's own left out). */
  notifications(caseId: string, prefix: string): Promise<NotificationView[]>;
}
export interface BatchView {
  items: { caseId: string; status: string; error?: string }[];
}
export interface PaymentView {
  tranche: string;
  amount: number;
  status: string;
  reason?: string;
}
export interface NotificationView {
  template: string;
  recipient: string;
  payload: Record<string, unknown>;
}

let serial = 0;
export const uniqueKey = (label: string) => `${label}-${process.pid}-${Date.now()}-${++serial}`;

async function ownTemporal(startAt: Date): Promise<{ env: TemporalEnv; clock: DevClock }> {
  if (!process.env.TEMPORAL_ADDRESS && testTemporalMode() !== 'lite') return ownTimeSkippingServer(startAt);
  // Real time mode as on the embedded default: the clock runs from startAt and jumps only when told to.
  const lite = await startTemporalLite({ port: 0, timeMode: 'realtime', startAt });
  const connection = await Connection.connect({ address: lite.address });
  const nativeConnection = await NativeConnection.connect({ address: lite.address });
  const env: TemporalEnv = {
    address: lite.address,
    client: new Client({ connection }),
    nativeConnection,
    sleep: async (d) => {
      await lite.clock.advance(d);
    },
    now: async () => lite.clock.now(),
    teardown: async () => {
      await connection.close();
      await nativeConnection.close();
      await lite.shutdown();
    },
  };
  return { env, clock: lite.clock };
}

/**
 * On real Temporal (TEST_TEMPORAL other than lite): a time-skipping test server of this file's own (one clock per
 * process), moved forward to startAt, and the app's dev clock found on its TestService as `npm run start:api` finds
 * it. Its TestService cannot set time back: a start before the wall clock runs the server under libfaketime.
 */
async function ownTimeSkippingServer(startAt: Date): Promise<{ env: TemporalEnv; clock: DevClock }> {
  const bin = findTestServer();
  if (!bin) throw new Error('temporal-test-server not found (TEMPORAL_TEST_SERVER_PATH or PATH)');
  // A start in the past runs the server under libfaketime; one in the future is reached by skipping time.
  const server = await startTimeSkippingServer({ path: bin, startAt });
  const connection = await Connection.connect({ address: server.address });
  const clock = await detectTestServiceClock(connection, 'test');
  if (!clock) throw new Error(`the time-skipping server at ${server.address} has no TestService`);
  const now = new Date((await clock.now()) as Date).getTime();
  if (startAt.getTime() > now) await clock.advance(startAt.getTime() - now);
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const env: TemporalEnv = {
    address: server.address,
    client: new Client({ connection }),
    nativeConnection,
    sleep: async (d) => {
      await clock.advance(toMs(d));
    },
    now: async () => new Date((await clock.now()) as Date),
    teardown: async () => {
      await connection.close();
      await nativeConnection.close();
      await server.stop();
    },
  };
  return { env, clock };
}

export async function createProgrammeApi(label: string, startAt: Date): Promise<ProgrammeApi> {
  const taskQueue = uniqueKey(`programme-${label}`);
  const { env, clock } = await ownTemporal(startAt);
  const t = await createTestApp(label, { taskQueue, worker: true, temporal: env, devClock: clock });
  const as = async (username: string) => `Bearer ${await t.token(username)}`;
  // a failing probe fails at once here (no retry on errors), as programme tests expect
  const eventually = <T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> =>
    eventuallyWithin(probe, ok, timeoutMs, { rethrow: true });
  const caseOf = async (id: string, user = 'admin') =>
    (
      await t
        .http()
        .get(`/api/v1/cases/${id}`)
        .set('Authorization', await as(user))
    ).body as CaseView;
  const openTasks = async (user: string, caseId: string) => {
    const res = await t
      .http()
      .get(`/api/v1/tasks?caseId=${caseId}`)
      .set('Authorization', await as(user));
    if (res.status !== 200) throw new Error(`GET /tasks ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { items: TaskView[] }).items;
  };
  const tasks = async (user: string, caseId: string, elementId?: string) =>
    elementId
      ? eventually(
          () => openTasks(user, caseId),
          (ts) => ts.some((x) => x.elementId === elementId),
        )
      : openTasks(user, caseId);
  const complete = async (user: string, task: TaskView, variables: Record<string, unknown> = {}) => {
    const res = await t
      .http()
      .post(`/api/v1/tasks/${task.id}/complete`)
      .set('Authorization', await as(user))
      .send({ variables });
    return { status: res.status, body: res.body as Record<string, unknown> };
  };
  const taskAt = async (user: string, caseId: string, elementId: string): Promise<TaskView> => {
    const task = (await tasks(user, caseId, elementId)).find((x) => x.elementId === elementId);
    if (!task) throw new Error(`${user} has no ${elementId} in ${caseId}`);
    return task;
  };
  const api: ProgrammeApi = {
    ...t,
    as,
    eventually,
    caseOf,
    tasks,
    complete,
    taskAt,
    async act(user, c, elementId, variables = {}) {
      const res = await complete(user, await taskAt(user, c.id, elementId), variables);
      expect({ elementId, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({
        elementId,
        status: 200,
        body: 'ok',
      });
    },
    async batch(user, title, caseIds, action) {
      const res = await t
        .http()
        .post('/api/v1/batches')
        .set('Authorization', await as(user))
        .send({ title, caseIds, action });
      expect(res.status).toBe(201);
      return res.body as BatchView;
    },
    async ledger(caseId) {
      const res = await t
        .http()
        .get(`/api/v1/cases/${caseId}/payments`)
        .set('Authorization', await as('admin'));
      expect(res.status).toBe(200);
      return (res.body as PaymentView[]).map(({ tranche, amount, status, reason }) => ({
        tranche,
        amount,
        status,
        ...(reason ? { reason } : {}),
      }));
    },
    async notifications(caseId, prefix) {
      return (await t.database.dataSource.query(
        `select template, recipient, payload from notifications where case_id = $1 and template like $2 order by id`,
        [caseId, `${prefix}%`],
      )) as NotificationView[];
    },
    async deployFile(file) {
      // the DMN decisions first, as the boot loader does: business rule tasks bind them at deploy
      const decisionsDir = join(__dirname, '..', '..', 'processes', 'decisions');
      for (const dmn of readdirSync(decisionsDir).filter((f) => f.endsWith('.dmn'))) {
        const d = await t
          .http()
          .post('/api/v1/decisions')
          .set('Authorization', await as('admin'))
          .set('Content-Type', 'application/xml')
          .send(readFileSync(join(decisionsDir, dmn), 'utf8'));
        if (d.status !== 201 && d.status !== 200)
          throw new Error(`deploy ${dmn}: ${d.status} ${JSON.stringify(d.body)}`);
      }
      const res = await t
        .http()
        .post('/api/v1/process-definitions')
        .set('Authorization', await as('admin'))
        .set('Content-Type', 'application/xml')
        .send(processXml(file));
      if (res.status !== 201 && res.status !== 200)
        throw new Error(`deploy ${file}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { key: string; version: number };
    },
    async startCase(user, processKey, variables) {
      const res = await t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', await as(user))
        .send({ processKey, businessKey: uniqueKey(processKey), variables });
      if (res.status !== 201)
        throw new Error(`start ${processKey}: ${res.status} ${JSON.stringify(res.body)}`);
      return caseOf((res.body as { id: string }).id);
    },
    async history(id) {
      const res = await t
        .http()
        .get(`/api/v1/cases/${id}/history`)
        .set('Authorization', await as('admin'));
      return res.body as HistoryEvent[];
    },
    waitAt: (caseId, elementId) =>
      eventually(
        () => caseOf(caseId),
        (c) => c.activeElements.includes(elementId),
      ),
    waitStatus: (caseId, status) =>
      eventually(
        () => caseOf(caseId),
        (c) => c.status === status,
      ),
    async advance(duration) {
      const res = await t
        .http()
        .post('/api/v1/dev/time/advance')
        .set('Authorization', await as('admin'))
        .send({ duration });
      if (res.status !== 200)
        throw new Error(`advance ${duration}: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { now: string }).now;
    },
    async now() {
      const res = await t
        .http()
        .get('/api/v1/dev/time')
        .set('Authorization', await as('admin'));
      return (res.body as { now: string }).now;
    },
    async addUser(username, roles, district) {
      const repo = t.database.dataSource.getRepository(UserEntity);
      await repo.save(
        repo.create({
          username,
          passwordHash: await hash('demo', 4),
          roles,
          district: district ?? null,
          affiliation: null,
        }),
      );
    },
  };
  return api;
}

/** Milliseconds from the server's now to an instant, as an ISO-8601 dev-time duration (never negative). */
export async function untilInstant(api: ProgrammeApi, at: string): Promise<string> {
  const ms = new Date(at).getTime() - new Date(await api.now()).getTime();
  return msToIsoDuration(Math.max(ms, 1));
}
