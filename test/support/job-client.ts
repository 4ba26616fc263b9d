// The job worker's side of Camunda's REST API v2 for tests: a client issued by an admin (POST /api/v1/clients), its
// bearer token, Camunda's official npm client pointed at the app, and jobs activated and answered over HTTP.
import type { AddressInfo } from 'node:net';
import createCamundaClient from '@camunda8/orchestration-cluster-api';
import type { Response } from 'supertest';
import type { TestApp } from './app-harness';
import { eventually } from './eventually';

export interface IssuedClient {
  clientId: string;
  clientSecret: string;
}

export interface ActivatedJob {
  jobKey: string;
  processInstanceKey: string;
  [field: string]: unknown;
}

export type JobAnswer = 'completion' | 'failure' | 'error';

export interface JobClient {
  /** `http://127.0.0.1:<port>`: the app listens, for the official client. */
  base: string;
  client: IssuedClient;
  /** `Bearer …` from POST /api/v1/oauth/token (client credentials); default the issued client's. */
  token(credentials?: IssuedClient): Promise<string>;
  /** Camunda's official client, configured only through its documented settings. */
  camunda(): ReturnType<typeof createCamundaClient>;
  /** POST /v2/jobs/activation. */
  activate(auth: string, body: Record<string, unknown>): Promise<Response>;
  /** Activates `type` until a job of case `caseId` comes back, and returns that job. */
  take(auth: string, type: string, caseId: string): Promise<ActivatedJob>;
  /** POST /v2/jobs/:jobKey/completion | failure | error. */
  answer(auth: string, jobKey: string, what: JobAnswer, body: object): Promise<Response>;
  /** POST /v2/process-instances as admin; the case id (processInstanceKey). */
  startV2(
    processDefinitionId: string,
    businessId: string,
    variables?: Record<string, unknown>,
  ): Promise<string>;
}

export const activatedJobs = (r: Response): ActivatedJob[] => (r.body as { jobs: ActivatedJob[] }).jobs;

/** Lets `t` listen on a free port and issues a client for `jobTypes` (name shown in the clients list). */
export async function createJobClient(t: TestApp, name: string, jobTypes: string[]): Promise<JobClient> {
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const admin = async () => `Bearer ${await t.token('admin')}`;
  const issued = await t
    .http()
    .post('/api/v1/clients')
    .set('Authorization', await admin())
    .send({ name, jobTypes });
  if (issued.status !== 201) throw new Error(`issue client: ${issued.status} ${JSON.stringify(issued.body)}`);
  const client = issued.body as IssuedClient;
  const activate = (auth: string, body: Record<string, unknown>) =>
    t.http().post('/v2/jobs/activation').set('Authorization', auth).send(body);
  return {
    base,
    client,
    async token(credentials = client) {
      const res = await t.http().post('/api/v1/oauth/token').type('form').send({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        audience: 'zeebe',
      });
      if (res.status !== 200) throw new Error(`client token: ${res.status} ${JSON.stringify(res.body)}`);
      return `Bearer ${(res.body as { access_token: string }).access_token}`;
    },
    camunda: () =>
      createCamundaClient({
        config: {
          CAMUNDA_REST_ADDRESS: base,
          CAMUNDA_AUTH_STRATEGY: 'OAUTH',
          CAMUNDA_CLIENT_ID: client.clientId,
          CAMUNDA_CLIENT_SECRET: client.clientSecret,
          CAMUNDA_OAUTH_URL: `${base}/api/v1/oauth/token`,
          CAMUNDA_SDK_LOG_LEVEL: 'silent',
        },
      } as Parameters<typeof createCamundaClient>[0]),
    activate,
    async take(auth, type, caseId) {
      const res = await eventually(
        () => activate(auth, { type, timeout: 60_000, maxJobsToActivate: 10, requestTimeout: 1000 }),
        (r) => activatedJobs(r).some((j) => j.processInstanceKey === caseId),
      );
      return activatedJobs(res).find((j) => j.processInstanceKey === caseId) as ActivatedJob;
    },
    answer: (auth, jobKey, what, body) =>
      t.http().post(`/v2/jobs/${jobKey}/${what}`).set('Authorization', auth).send(body),
    async startV2(processDefinitionId, businessId, variables = {}) {
      const res = await t
        .http()
        .post('/v2/process-instances')
        .set('Authorization', await admin())
        .send({ processDefinitionId, businessId, variables });
      if (res.status !== 200) throw new Error(`start ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { processInstanceKey: string }).processInstanceKey;
    },
  };
}
