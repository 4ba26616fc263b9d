// Execution listeners through Camunda's REST API v2 (issue 15 item 3): the start and end listeners of a job-worker
// task are jobs like the task's own, served by Camunda's official npm client; the case's job list says which is a
// listener.
import { type JobClient, createJobClient } from '../support/job-client';
import { type CaseApi, createCaseApi, fixtureXml, uniqueKey } from './api-cases-support';

interface CaseBody {
  status: string;
  variables: Record<string, unknown>;
}

const TYPES = ['listener-before', 'credit-check', 'listener-after'];

describe('API: execution listeners served by a REST v2 job worker', () => {
  let t: CaseApi;
  let jobs: JobClient;

  beforeAll(async () => {
    t = await createCaseApi('api-execution-listeners');
    await t.deploy(fixtureXml('execution-listener-worker'));
    jobs = await createJobClient(t, '监听器', TYPES);
  });
  afterAll(async () => {
    await t?.close();
  });

  // first: the official client's workers of the next test may still hold a poll open after stop()
  it('given a start listener whose worker throws a BPMN error, then the case fails with an incident (never caught); a retry offers that listener again and the case goes on', async () => {
    const admin = await t.as('admin');
    const auth = await jobs.token();
    const id = await jobs.startV2('execution-listener-worker', uniqueKey('el-err'));
    const take = (type: string) => jobs.take(auth, type, id);
    const answer = (job: { jobKey: string }, what: 'completion' | 'error', body: object) =>
      jobs.answer(auth, job.jobKey, what, body);

    const before = await take('listener-before');
    expect(before).toMatchObject({ kind: 'EXECUTION_LISTENER', listenerEventType: 'START' });
    expect((await answer(before, 'error', { errorCode: 'NOT_READY', errorMessage: 'no data' })).status).toBe(
      204,
    );
    const failed = await t.eventually(
      async () =>
        (await t.http().get(`/api/v1/cases/${id}`).set('Authorization', admin)).body as CaseBody & {
          failureReason: string | null;
        },
      (c) => c.status === 'failed',
    );
    expect(failed.failureReason).toContain('cannot be caught');
    const incidents = await t.http().get(`/api/v1/cases/${id}/history`).set('Authorization', admin);
    const raised = (incidents.body as { type: string; data: { incidentKey?: string; code?: string } }[]).find(
      (h) => h.type === 'incident-raised',
    );
    expect(raised?.data.code).toBe('LISTENER_BPMN_ERROR');
    const retry = await t
      .http()
      .post(`/api/v1/cases/${id}/incidents/${String(raised?.data.incidentKey)}/retry`)
      .set('Authorization', admin)
      .send({});
    expect(retry.status).toBe(200);

    expect((await answer(await take('listener-before'), 'completion', { variables: {} })).status).toBe(204);
    expect((await answer(await take('credit-check'), 'completion', { variables: { score: 1 } })).status).toBe(
      204,
    );
    expect((await answer(await take('listener-after'), 'completion', { variables: {} })).status).toBe(204);
    await t.eventually(
      async () => (await t.http().get(`/api/v1/cases/${id}`).set('Authorization', admin)).body as CaseBody,
      (c) => c.status === 'completed',
    );
  });

  it('given a job-worker task with a start and an end listener, when a Camunda worker serves all three jobs, then they run in order and the case completes', async () => {
    // given: a case waiting at its start listener, shown as such on the case
    const id = await jobs.startV2('execution-listener-worker', uniqueKey('el'), { applicantId: 'a-1' });
    const waiting = await t.eventually(
      async () =>
        t
          .http()
          .get(`/api/v1/cases/${id}/jobs`)
          .set('Authorization', await t.as('admin')),
      (r) => r.status === 200 && (r.body as unknown[]).length === 1,
    );
    expect(waiting.body).toEqual([
      expect.objectContaining({
        type: 'listener-before',
        elementId: 'creditCheck',
        kind: 'EXECUTION_LISTENER',
        listenerEventType: 'START',
        state: 'activatable',
      }),
    ]);

    // when: Camunda's own client works every type
    const camunda = jobs.camunda();
    const seen: {
      type: string;
      kind: unknown;
      listenerEventType: unknown;
      elementInstanceKey: string;
      variables: Record<string, unknown>;
    }[] = [];
    const answers: Record<string, Record<string, unknown>> = {
      'listener-before': { prepared: 'yes' },
      'credit-check': { score: 700 },
      'listener-after': { archived: true },
    };
    const workers = TYPES.map((jobType) =>
      camunda.createJobWorker({
        jobType,
        jobTimeoutMs: 30_000,
        pollTimeoutMs: 500,
        pollIntervalMs: 50,
        maxParallelJobs: 1,
        jobHandler: (job) => {
          const j = job as unknown as Record<string, unknown>;
          seen.push({
            type: job.type,
            kind: j.kind,
            listenerEventType: j.listenerEventType,
            elementInstanceKey: String(job.elementInstanceKey),
            variables: job.variables as Record<string, unknown>,
          });
          return job.complete(answers[jobType] ?? {});
        },
      }),
    );
    try {
      // then: start listener, the task's job, end listener; the case completes
      const done = await t.eventually(
        async () =>
          (
            await t
              .http()
              .get(`/api/v1/cases/${id}`)
              .set('Authorization', await t.as('admin'))
          ).body as CaseBody,
        (c) => c.status === 'completed',
      );
      expect(seen.map((s) => [s.type, s.kind, s.listenerEventType])).toEqual([
        ['listener-before', 'EXECUTION_LISTENER', 'START'],
        ['credit-check', 'BPMN_ELEMENT', 'UNSPECIFIED'],
        ['listener-after', 'EXECUTION_LISTENER', 'END'],
      ]);
      // one element instance; the start listener's variable is the task's local, the end listener sees the result
      expect(new Set(seen.map((s) => s.elementInstanceKey)).size).toBe(1);
      expect(seen[1]?.variables).toMatchObject({ applicantId: 'a-1', prepared: 'yes' });
      expect(seen[2]?.variables).toMatchObject({ score: 700 });
      expect(done.variables).toMatchObject({ applicantId: 'a-1', score: 700, archived: true });
      expect(done.variables).not.toHaveProperty('prepared');
    } finally {
      for (const w of workers) w.stop();
    }
  });
});
