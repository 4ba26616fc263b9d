// An API killed between the case row insert and the workflow start: a retry or the reconciler starts the workflow.
import { WorkflowNotFoundError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { CaseReconcilerService } from '../../api/cases/case-reconciler.service';
import { TEMPORAL_CLIENT } from '../../api/temporal/temporal.tokens';
import { type CaseApi, createCaseApi, fixtureXml, uniqueKey } from './api-cases-support';

describe('API cases left without a workflow by a crash', () => {
  let t: CaseApi;
  let reconciler: CaseReconcilerService;
  let client: Client;

  beforeAll(async () => {
    t = await createCaseApi('api-cases-recovery');
    await t.deploy(fixtureXml('user-task'));
    reconciler = t.app.get(CaseReconcilerService);
    client = t.app.get<Client>(TEMPORAL_CLIENT);
    // The tests drive the rounds themselves: stop the periodic one (and wait for the boot round).
    await reconciler.onApplicationShutdown();
  });
  afterAll(async () => {
    await t?.close();
  });

  const sql = <T>(query: string, params: unknown[] = []) => t.database.dataSource.query<T>(query, params);
  const post = async (body: object) =>
    t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await t.as('admin'))
      .send(body);

  /** The row a crashed POST /cases leaves: inserted, active, its workflow never started. */
  async function strandedCase(variables: Record<string, unknown>, ageSeconds = 0) {
    const businessKey = uniqueKey('stranded');
    const [row] = await sql<{ id: string }[]>(
      `insert into cases (process_key, process_version, business_key, variables, district, status, created_at)
       values ('user-task', 1, $1, $2, $3, 'active', now() - make_interval(secs => $4)) returning id`,
      [businessKey, JSON.stringify({ ...variables, businessKey }), variables.district ?? null, ageSeconds],
    );
    return { id: row!.id, businessKey };
  }

  const workflowStart = async (caseId: string) => {
    const history = await client.workflow.getHandle(`case-${caseId}`).fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    return payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
  };
  const hasWorkflow = async (caseId: string) => {
    try {
      await client.workflow.getHandle(`case-${caseId}`).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  };
  const reachesReview = (caseId: string) =>
    t.eventually(
      async () =>
        (
          await t
            .http()
            .get(`/api/v1/cases/${caseId}`)
            .set('Authorization', await t.as('admin'))
        ).body as { activeElements: string[] },
      (c) => c.activeElements?.includes('review') ?? false,
    );

  it('given a stranded case, when the create is retried with the same request, then 201 with that case and its workflow runs', async () => {
    // Given
    const variables = { district: 'lixia', amount: 3 };
    const c = await strandedCase(variables);
    expect(await hasWorkflow(c.id)).toBe(false);

    // When
    const res = await post({ processKey: 'user-task', businessKey: c.businessKey, variables });

    // Then: the existing case, its workflow started exactly as the original create would have.
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: c.id,
      processKey: 'user-task',
      version: 1,
      businessKey: c.businessKey,
      status: 'active',
    });
    expect(await workflowStart(c.id)).toEqual({
      caseId: c.id,
      processKey: 'user-task',
      processVersion: 1,
      businessKey: c.businessKey,
      variables,
      maxOpenTasks: 1000,
    });
    await reachesReview(c.id);
    // Once it has its workflow, the business key is a plain duplicate again.
    const again = await post({ processKey: 'user-task', businessKey: c.businessKey, variables });
    expect(again.status).toBe(409);
    expect(
      await sql<unknown[]>(`select id from cases where business_key = $1`, [c.businessKey]),
    ).toHaveLength(1);
  });

  it('given a stranded case, when another request reuses its business key, then 409 and nothing is started', async () => {
    const c = await strandedCase({ district: 'lixia' });
    const res = await post({
      processKey: 'user-task',
      businessKey: c.businessKey,
      variables: { district: 'shizhong' },
    });
    expect(res.status).toBe(409);
    expect(await hasWorkflow(c.id)).toBe(false);
  });

  it('given stranded cases old and young, when the reconciler runs, then it starts only the old one, once', async () => {
    // Given
    const old = await strandedCase({ district: 'lixia', note: 'x' }, 120);
    const young = await strandedCase({ district: 'lixia' });
    const running = await t.startCase('user-task', { district: 'lixia' });

    // When
    const started = await reconciler.reconcileOnce();

    // Then
    expect(started).toContain(old.id);
    expect(started).not.toContain(young.id);
    expect(started).not.toContain(running.id);
    expect(await workflowStart(old.id)).toEqual({
      caseId: old.id,
      processKey: 'user-task',
      processVersion: 1,
      businessKey: old.businessKey,
      variables: { district: 'lixia', note: 'x' },
      maxOpenTasks: 1000,
    });
    await reachesReview(old.id);
    expect(await hasWorkflow(young.id)).toBe(false);
    expect(await reconciler.reconcileOnce()).not.toContain(old.id);
  });

  it('given another process holds the reconciler lock, when a round runs, then it does nothing', async () => {
    const c = await strandedCase({ district: 'lixia' }, 120);
    const holder = t.database.dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.query(`select pg_advisory_lock(hashtext('reviewflow:case-reconciler'))`);
      expect(await reconciler.reconcileOnce()).toEqual([]);
      expect(await hasWorkflow(c.id)).toBe(false);
    } finally {
      await holder.query(`select pg_advisory_unlock(hashtext('reviewflow:case-reconciler'))`);
      await holder.release();
    }
    expect(await reconciler.reconcileOnce()).toContain(c.id);
  });

  it('given a stranded case, when the API boots, then the boot round starts its workflow', async () => {
    const c = await strandedCase({ district: 'lixia' }, 120);
    reconciler.onApplicationBootstrap();
    try {
      await t.eventually(() => hasWorkflow(c.id), Boolean);
    } finally {
      await reconciler.onApplicationShutdown();
    }
    await reachesReview(c.id);
  });
});
