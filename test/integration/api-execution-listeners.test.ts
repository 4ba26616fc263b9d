// Execution listeners through Camunda's REST API v2 (issue 15 item 3): the start and end listeners of a job-worker
// task are jobs like the task's own, served by Camunda's official npm client; the case's job list says which is a
// listener.
import type { AddressInfo } from 'node:net';
import createCamundaClient from '@camunda8/orchestration-cluster-api';
import { type CaseApi, createCaseApi, fixtureXml, uniqueKey } from './api-cases-support';

interface CaseBody {
  status: string;
  variables: Record<string, unknown>;
}

const TYPES = ['listener-before', 'credit-check', 'listener-after'];

describe('API: execution listeners served by a REST v2 job worker', () => {
  let t: CaseApi;
  let base: string;
  let client: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    t = await createCaseApi('api-execution-listeners');
    await t.deploy(fixtureXml('execution-listener-worker'));
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const res = await t
      .http()
      .post('/api/v1/clients')
      .set('Authorization', await t.as('admin'))
      .send({ name: '监听器', jobTypes: TYPES });
    expect(res.status).toBe(201);
    client = res.body as typeof client;
  });
  afterAll(async () => {
    await t?.close();
  });

  // first: the official client's workers of the next test may still hold a poll open after stop()
  it('given a start listener whose worker throws a BPMN error, then the case fails with an incident (never caught); a retry offers that listener again and the case goes on', async () => {
    const admin = await t.as('admin');
    const token = await t.http().post('/api/v1/oauth/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    const auth = `Bearer ${(token.body as { access_token: string }).access_token}`;
    const start = await t
      .http()
      .post('/v2/process-instances')
      .set('Authorization', admin)
      .send({ processDefinitionId: 'execution-listener-worker', businessId: uniqueKey('el-err') });
    const id = (start.body as { processInstanceKey: string }).processInstanceKey;
    type Activated = {
      jobs: { jobKey: string; processInstanceKey: string; kind: string; listenerEventType: string }[];
    };
    const take = async (type: string) => {
      const res = await t.eventually(
        () =>
          t
            .http()
            .post('/v2/jobs/activation')
            .set('Authorization', auth)
            .send({ type, timeout: 60_000, maxJobsToActivate: 10, requestTimeout: 1000 }),
        (r) => (r.body as Activated).jobs.some((j) => j.processInstanceKey === id),
      );
      return (res.body as Activated).jobs.find((j) => j.processInstanceKey === id)!;
    };
    const answer = (job: { jobKey: string }, what: 'completion' | 'error', body: object) =>
      t.http().post(`/v2/jobs/${job.jobKey}/${what}`).set('Authorization', auth).send(body);

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
    const start = await t
      .http()
      .post('/v2/process-instances')
      .set('Authorization', await t.as('admin'))
      .send({
        processDefinitionId: 'execution-listener-worker',
        businessId: uniqueKey('el'),
        variables: { applicantId: 'a-1' },
      });
    expect(start.status).toBe(200);
    const id = (start.body as { processInstanceKey: string }).processInstanceKey;
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
    const camunda = createCamundaClient({
      config: {
        CAMUNDA_REST_ADDRESS: base,
        CAMUNDA_AUTH_STRATEGY: 'OAUTH',
        CAMUNDA_CLIENT_ID: client.clientId,
        CAMUNDA_CLIENT_SECRET: client.clientSecret,
        CAMUNDA_OAUTH_URL: `${base}/api/v1/oauth/token`,
        CAMUNDA_SDK_LOG_LEVEL: 'silent',
      },
    } as Parameters<typeof createCamundaClient>[0]);
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
