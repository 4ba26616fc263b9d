// External job workers through Camunda's REST API v2 (issue 15 item 1): Camunda's official npm client
// (@camunda8/orchestration-cluster-api) authenticates with client credentials and runs its job worker against
// reviewflow unchanged; plus the refusals, the case's waiting jobs and the v2 start / publish / deploy endpoints.
import { type JobClient, activatedJobs, createJobClient } from '../support/job-client';
import { type CaseApi, createCaseApi, fixtureXml, uniqueKey } from './api-cases-support';

interface CaseBody {
  status: string;
  outcome: string | null;
  failureReason: string | null;
  variables: Record<string, unknown>;
}

describe('API: Camunda REST v2 job workers', () => {
  let t: CaseApi;
  let jobs: JobClient;

  beforeAll(async () => {
    t = await createCaseApi('api-jobs');
    await t.deploy(fixtureXml('job-worker'));
    await t.deploy(fixtureXml('message-catch'));
    jobs = await createJobClient(t, '征信接口', ['credit-check']);
  });
  afterAll(async () => {
    await t?.close();
  });

  const clientToken = (credentials?: { clientId: string; clientSecret: string }) => jobs.token(credentials);
  const startV2 = (variables: Record<string, unknown>) =>
    jobs.startV2('job-worker', uniqueKey('jw'), variables);
  const caseOf = async (id: string) =>
    (
      await t
        .http()
        .get(`/api/v1/cases/${id}`)
        .set('Authorization', await t.as('admin'))
    ).body as CaseBody;
  const jobsOf = async (id: string, user = 'admin') =>
    t
      .http()
      .get(`/api/v1/cases/${id}/jobs`)
      .set('Authorization', await t.as(user));

  it("given a credit-check case, when the official client's job worker serves it, then complete, fail and throw-error each drive the case", async () => {
    // given: three cases waiting at their credit check; the job is visible on the case
    const ok = await startV2({ applicantId: 'ok-1', district: 'lixia' });
    const failing = await startV2({ applicantId: 'fail-1', district: 'lixia' });
    const fraud = await startV2({ applicantId: 'fraud-1', district: 'lixia' });
    const waiting = await t.eventually(
      () => jobsOf(ok),
      (r) => r.status === 200 && (r.body as unknown[]).length === 1,
    );
    expect(waiting.body).toEqual([
      expect.objectContaining({
        type: 'credit-check',
        elementId: 'creditCheck',
        state: 'activatable',
        retries: 2,
      }),
    ]);
    // when: Camunda's own worker, configured only through its documented settings
    const camunda = jobs.camunda();
    const seen: { subject: unknown; bureau: unknown; retries: number; processDefinitionId: string }[] = [];
    const worker = camunda.createJobWorker({
      jobType: 'credit-check',
      jobTimeoutMs: 30_000,
      pollTimeoutMs: 500,
      pollIntervalMs: 50,
      maxParallelJobs: 5,
      jobHandler: (job) => {
        const v = job.variables as Record<string, unknown>;
        seen.push({
          subject: v.subject,
          bureau: (job.customHeaders as Record<string, unknown>).bureau,
          retries: job.retries,
          processDefinitionId: job.processDefinitionId,
        });
        const who = String(v.applicantId);
        if (who.startsWith('fail')) return job.fail({ errorMessage: '征信系统不可用', retries: 0 });
        if (who.startsWith('fraud'))
          return job.error({ errorCode: 'FRAUD_SUSPECTED', errorMessage: 'mismatch' });
        return job.complete({ score: 720 });
      },
    });
    try {
      // then: completed through the output mapping, an incident, and the error boundary
      const done = await t.eventually(
        () => caseOf(ok),
        (c) => c.status === 'completed',
      );
      expect(done.outcome).toBe('approved');
      expect(done.variables.creditScore).toBe(720);
      expect(done.variables).not.toHaveProperty('score');
      const failed = await t.eventually(
        () => caseOf(failing),
        (c) => c.status === 'failed',
      );
      expect(failed.failureReason).toContain('征信系统不可用');
      await t.eventually(
        () => t.openTasks(fraud, 'city-reviewer1'),
        (tasks) => tasks.some((x) => x.elementId === 'investigate'),
      );
      expect(seen).toEqual(
        expect.arrayContaining([
          { subject: 'ok-1', bureau: 'pboc', retries: 2, processDefinitionId: 'job-worker' },
        ]),
      );
      expect((await jobsOf(ok)).body).toEqual([]);
    } finally {
      worker.stop();
    }
  });

  it('given a job, when a worker fails it with retries left and a backoff, then it is offered again with those retries', async () => {
    const id = await startV2({ applicantId: 'retry-1' });
    const auth = await clientToken();
    const job = await jobs.take(auth, 'credit-check', id);
    expect(typeof job.jobKey).toBe('string');
    expect(job.deadline).toBeGreaterThan(Date.now());
    const failed = await jobs.answer(auth, job.jobKey, 'failure', {
      retries: 1,
      errorMessage: 'busy',
      retryBackOff: 1000,
    });
    expect(failed.status).toBe(204);
    // answering twice is refused: the job is no longer open
    const again = await jobs.answer(auth, job.jobKey, 'completion', {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('JOB_NOT_ACTIVE');
    const retried = await jobs.take(auth, 'credit-check', id);
    expect(retried).toMatchObject({ jobKey: job.jobKey, retries: 1 });
    const completed = await jobs.answer(auth, retried.jobKey, 'completion', { variables: { score: 100 } });
    expect(completed.status).toBe(204);
    await t.eventually(
      () => t.openTasks(id, 'city-reviewer1'),
      (tasks) => tasks.some((x) => x.elementId === 'review'),
    );
  });

  it('given a worker long-polling, when a job appears during the wait, then the poll answers it; an expired lock offers it again', async () => {
    const auth = await clientToken();
    const activate = (timeout: number, requestTimeout: number) =>
      jobs.activate(auth, {
        type: 'credit-check',
        timeout,
        maxJobsToActivate: 50,
        requestTimeout,
        worker: 'poller',
      });
    // drain what earlier tests left waiting, so the poll below can only be answered by the new case
    await activate(600_000, -1);
    const polling = activate(100, 10_000);
    const id = await startV2({ applicantId: 'poll-1' });
    const first = await polling;
    const mine = (r: { body: { jobs: { processInstanceKey: string; jobKey: string; worker: string }[] } }) =>
      r.body.jobs.find((j) => j.processInstanceKey === id);
    expect(mine(first)).toMatchObject({ worker: 'poller' });
    // the 100 ms lock runs out: the same job is offered again
    const again = await t.eventually(
      () => activate(60_000, 1000),
      (r) => !!mine(r),
    );
    expect(mine(again)?.jobKey).toBe(mine(first)?.jobKey);
  });

  it('given a worker that hangs up during its long poll, when a job appears afterwards, then the job is not locked for it', async () => {
    const auth = await clientToken();
    const activate = (requestTimeout: number) =>
      jobs.activate(auth, { type: 'credit-check', timeout: 60_000, maxJobsToActivate: 50, requestTimeout });
    // given: nothing waiting, and a worker whose 5 s poll is aborted after 300 ms (as a stopping worker does)
    await activate(-1);
    const hangUp = new AbortController();
    const dead = fetch(`${jobs.base}/v2/jobs/activation`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'credit-check',
        timeout: 60_000,
        maxJobsToActivate: 50,
        requestTimeout: 5000,
      }),
      signal: hangUp.signal,
    }).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 300));
    hangUp.abort();
    expect(await dead).toMatchObject({ name: 'AbortError' });
    // when: a case reaches its credit check
    const id = await startV2({ applicantId: 'hangup-1' });
    // then: a live worker gets it (with the old behaviour the dead poll took it and locked it for 60 s)
    const live = await t.eventually(
      () => activate(1000),
      (r) => activatedJobs(r).some((j) => j.processInstanceKey === id),
    );
    expect(live.status).toBe(200);
  });

  it('refuses: no or bad token 401, user token 403, other job type 403, unknown job 404, bad body 400, client outside the job API 403', async () => {
    const auth = await clientToken();
    const body = { type: 'credit-check', timeout: 1000, maxJobsToActivate: 1, requestTimeout: -1 };
    expect((await t.http().post('/v2/jobs/activation').send(body)).status).toBe(401);
    const bad = await jobs.activate('Bearer nope', body);
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('TOKEN_INVALID');
    const asUser = await jobs.activate(await t.as('admin'), body);
    expect(asUser.status).toBe(403);
    expect(asUser.body.code).toBe('JOB_CLIENT_REQUIRED');
    const other = await jobs.activate(auth, { ...body, type: 'tax-check' });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('JOB_TYPE_NOT_ALLOWED');
    for (const key of ['999999999', 'not-a-key']) {
      const res = await jobs.answer(auth, key, 'completion', {});
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('JOB_NOT_FOUND');
    }
    const noType = await jobs.activate(auth, { timeout: 'soon', maxJobsToActivate: 0 });
    expect(noType.status).toBe(400);
    expect((noType.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'maxJobsToActivate',
      'timeout',
      'type',
    ]);
    const reserved = await jobs.answer(auth, '1', 'error', { errorCode: 'JOB_FAILED' });
    expect([400, 404]).toContain(reserved.status);
    const outside = await t.http().get('/api/v1/cases').set('Authorization', auth);
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('CLIENT_NOT_ALLOWED');
  });

  it('issues clients to admins only, shows the secret once, refuses bad credentials and revokes', async () => {
    const asReviewer = await t
      .http()
      .post('/api/v1/clients')
      .set('Authorization', await t.as('city-reviewer1'))
      .send({ name: 'x', jobTypes: ['credit-check'] });
    expect(asReviewer.status).toBe(403);
    const invalid = await t
      .http()
      .post('/api/v1/clients')
      .set('Authorization', await t.as('admin'))
      .send({ name: '', jobTypes: [] });
    expect(invalid.status).toBe(400);
    const created = await t
      .http()
      .post('/api/v1/clients')
      .set('Authorization', await t.as('admin'))
      .send({ name: '税务比对', jobTypes: ['tax-check'] });
    const { clientId, clientSecret } = created.body as { clientId: string; clientSecret: string };
    const list = await t
      .http()
      .get('/api/v1/clients')
      .set('Authorization', await t.as('admin'));
    expect(JSON.stringify(list.body)).not.toContain(clientSecret);
    expect(list.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clientId, jobTypes: ['tax-check'], revokedAt: null }),
      ]),
    );
    const wrong = await t
      .http()
      .post('/api/v1/oauth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'guess' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('CLIENT_CREDENTIALS_INVALID');
    const grant = await t
      .http()
      .post('/api/v1/oauth/token')
      .type('form')
      .send({ grant_type: 'password', client_id: clientId, client_secret: clientSecret });
    expect(grant.status).toBe(400);
    expect(grant.body.code).toBe('GRANT_TYPE_UNSUPPORTED');
    const auth = await clientToken({ clientId, clientSecret });
    const body = { type: 'tax-check', timeout: 1000, maxJobsToActivate: 1, requestTimeout: -1 };
    expect((await jobs.activate(auth, body)).status).toBe(200);
    const revoked = await t
      .http()
      .delete(`/api/v1/clients/${clientId}`)
      .set('Authorization', await t.as('admin'));
    expect(revoked.status).toBe(204);
    const after = await jobs.activate(auth, body);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('TOKEN_REVOKED');
    expect(
      (
        await t
          .http()
          .delete(`/api/v1/clients/${clientId}`)
          .set('Authorization', await t.as('admin'))
      ).status,
    ).toBe(404);
  });

  it('shows waiting jobs only to those who may see the case', async () => {
    const id = await startV2({ applicantId: 'seen-1', district: 'lixia' });
    await t.eventually(
      () => jobsOf(id),
      (r) => (r.body as unknown[]).length === 1,
    );
    expect((await jobsOf(id, 'shizhong-reviewer')).status).toBe(404);
  });

  it('maps v2 deployments, process instances and message publication onto reviewflow with the v1 authorization', async () => {
    const deploy = (user: string) =>
      t
        .http()
        .post('/v2/deployments')
        .set('Authorization', user)
        .attach('resources', Buffer.from(fixtureXml('message-catch')), 'message-catch.bpmn');
    expect((await deploy(await t.as('city-reviewer1'))).status).toBe(403);
    const deployed = await deploy(await t.as('admin'));
    expect(deployed.status).toBe(200);
    expect(deployed.body.deployments[0].processDefinition).toMatchObject({
      processDefinitionId: 'message-catch',
      resourceName: 'message-catch.bpmn',
    });
    const noFiles = await t
      .http()
      .post('/v2/deployments')
      .set('Authorization', await t.as('admin'))
      .send({});
    expect(noFiles.status).toBe(400);
    const notStartable = await t
      .http()
      .post('/v2/process-instances')
      .set('Authorization', await t.as('city-reviewer1'))
      .send({ processDefinitionId: 'message-catch' });
    expect(notStartable.status).toBe(403);
    const businessKey = uniqueKey('mc');
    const started = await t
      .http()
      .post('/v2/process-instances')
      .set('Authorization', await t.as('admin'))
      .send({ processDefinitionId: 'message-catch', businessId: businessKey });
    expect(started.status).toBe(200);
    const caseId = (started.body as { processInstanceKey: string }).processInstanceKey;
    const publish = (user: string) =>
      t
        .http()
        .post('/v2/messages/publication')
        .set('Authorization', user)
        .send({ name: 'publish-list', correlationKey: businessKey, timeToLive: 0 });
    expect((await publish(await t.as('applicant1'))).status).toBe(403);
    const published = await t.eventually(
      async () => publish(await t.as('city-reviewer1')),
      (r) => r.status === 200 && (r.body as { correlated: number }).correlated === 1,
    );
    expect(typeof published.body.messageKey).toBe('string');
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
