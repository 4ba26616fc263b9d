// External jobs on Temporal (issue 15 item 1): a task type no built-in serves becomes a job row holding the
// activity's task token; answering by token (as api/jobs does) drives the case. Real PostgreSQL, real worker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { DefinitionsService } from '../../api/definitions/definitions.service';
import { ApiError } from '../../api/common/error-body';
import { loadConfig } from '../../config/app-config';
import { type JobRow, findJob } from '../../db/jobs.repository';
import { cancelCaseUpdate, retryIncidentUpdate } from '../../workflows/messages';
import type { TemporalEnv } from '../support/temporal-env';
import type { TestDatabase } from '../support/test-database';
import { type WorkerStack, startWorkerStack } from '../support/worker-stack';
import { fixtureCaseStarter } from '../support/fixture-case';
import { eventually } from '../support/eventually';

const FIXTURES = join(__dirname, '..', 'fixtures', 'bpmn');

describe('external jobs on Temporal (async completion by task token)', () => {
  let db: TestDatabase;
  let env: TemporalEnv;
  let stack: WorkerStack;
  const taskQueue = `jobs-core-${process.pid}-${Date.now()}`;
  let startFixtureCase: ReturnType<typeof fixtureCaseStarter>;

  beforeAll(async () => {
    stack = await startWorkerStack('jobs-core', taskQueue);
    startFixtureCase = fixtureCaseStarter(stack);
    ({ db, env } = stack);
  });
  afterAll(() => stack?.stop());

  async function start(fixture: string, variables: Record<string, unknown>) {
    const c = await startFixtureCase(fixture, variables);
    const jobOf = (elementId: string, ok: (j: JobRow) => boolean = (j) => j.state === 'activatable') =>
      eventually(async () => {
        const rows: { id: string }[] = await db.dataSource.query(
          'SELECT id FROM jobs WHERE case_id = $1 AND element_id = $2',
          [c.caseId, elementId],
        );
        const job = rows[0] ? await findJob(db.dataSource, rows[0].id) : undefined;
        if (!job) throw new Error('no job yet');
        return job;
      }, ok);
    return { ...c, jobOf };
  }

  it('given a credit-check task, when its job is completed by token, then the output mapping feeds the gateway', async () => {
    const c = await start('job-worker', { applicantId: 'zhang-san', district: 'lixia' });
    const job = await c.jobOf('creditCheck');
    expect(job).toMatchObject({
      jobType: 'credit-check',
      processKey: 'job-worker',
      retries: 2,
      customHeaders: { bureau: 'pboc', depth: 'full' },
    });
    // every visible variable, the input mapping's local included
    expect(job.variables).toMatchObject({
      applicantId: 'zhang-san',
      district: 'lixia',
      subject: 'zhang-san',
    });
    await env.client.activity.complete(job.taskToken, { score: 720, unmapped: 'dropped' });
    const s = await c.until((x) => x.case.status === 'completed');
    expect(s.case.outcome).toBe('approved');
    expect(s.case.variables).toMatchObject({ creditScore: 720 });
    expect(s.case.variables).not.toHaveProperty('unmapped');
  });

  it('given a job, when a worker fails it with retries left and a backoff, then Temporal retries it as a new attempt keeping those retries', async () => {
    const c = await start('job-worker', { applicantId: 'li-si' });
    const first = await c.jobOf('creditCheck');
    await env.client.activity.fail(
      first.taskToken,
      ApplicationFailure.create({ type: 'JOB_RETRY', message: 'bureau busy', nextRetryDelay: '1s' }),
    );
    const second = await c.jobOf('creditCheck', (j) => j.state === 'activatable' && j.attempt === 2);
    expect(second.id).toBe(first.id);
    expect(second.taskToken.equals(first.taskToken)).toBe(false);
    await env.client.activity.complete(second.taskToken, { score: 100 });
    await c.until((x) => x.tasks.some((t) => t.elementId === 'review'));
  });

  it('given a job, when it fails with no retries left, then an incident; retryIncident re-creates the job with fresh retries', async () => {
    const c = await start('job-worker', { applicantId: 'wang-wu' });
    const job = await c.jobOf('creditCheck');
    await env.client.activity.fail(
      job.taskToken,
      ApplicationFailure.create({ type: 'JOB_FAILED', message: 'bureau unreachable', nonRetryable: true }),
    );
    const failed = await c.until((x) => x.case.status === 'failed');
    expect(JSON.stringify(failed)).toContain('bureau unreachable');
    await c.handle.executeUpdate(retryIncidentUpdate, { args: [{}] });
    const again = await c.jobOf(
      'creditCheck',
      (j) => j.state === 'activatable' && j.attempt === 1 && !j.taskToken.equals(job.taskToken),
    );
    expect(again.retries).toBe(2);
    await env.client.activity.complete(again.taskToken, { score: 650 });
    await c.until((x) => x.case.status === 'completed');
  });

  it('given a job, when the worker throws a BPMN error by code, then the error boundary catches it', async () => {
    const c = await start('job-worker', { applicantId: 'zhao-liu' });
    const job = await c.jobOf('creditCheck');
    await env.client.activity.fail(
      job.taskToken,
      ApplicationFailure.create({
        type: 'FRAUD_SUSPECTED',
        message: 'identity mismatch',
        nonRetryable: true,
      }),
    );
    await c.until((x) => x.tasks.some((t) => t.elementId === 'investigate'));
  });

  it('given a waiting job, when the case is cancelled, then the job is cancelled and nobody may answer it', async () => {
    const c = await start('job-worker', { applicantId: 'qian-qi' });
    const job = await c.jobOf('creditCheck');
    await c.handle.executeUpdate(cancelCaseUpdate, { args: [{ reason: 'withdrawn' }] });
    await c.jobOf('creditCheck', (j) => j.state === 'canceled');
    expect(job.state).toBe('activatable');
  });

  it('given a send task and a job-worker script task, then both are jobs done in turn', async () => {
    const c = await start('job-worker-send-script', {});
    const letter = await c.jobOf('sendLetter');
    expect(letter.jobType).toBe('post-letter');
    await env.client.activity.complete(letter.taskToken, {});
    const pdf = await c.jobOf('renderPdf');
    expect(pdf.jobType).toBe('render-pdf');
    await env.client.activity.complete(pdf.taskToken, { pdf: 'ok' });
    await c.until((x) => x.case.status === 'completed');
  });

  it('given a message throw event and a message end event, then each waits for its job and the case ends after the last', async () => {
    const c = await start('job-message-throw', {});
    const sms = await c.jobOf('textApplicant');
    expect(sms).toMatchObject({ jobType: 'send-sms', customHeaders: { template: 'received' } });
    await env.client.activity.complete(sms.taskToken, {});
    const bureau = await c.jobOf('informBureau');
    expect(bureau).toMatchObject({ jobType: 'notify-bureau', retries: 1 });
    await env.client.activity.complete(bureau.taskToken, {});
    await c.until((x) => x.case.status === 'completed');
  });

  it('given UNKNOWN_TASK_TYPES=refuse, when a process with a job type is deployed, then it is refused on the element', async () => {
    const xml = readFileSync(join(FIXTURES, 'job-worker.bpmn'), 'utf8');
    const refusing = new DefinitionsService(db.dataSource, undefined, undefined, {
      ...loadConfig({ JWT_SECRET: 'x'.repeat(32) }),
      unknownTaskTypes: 'refuse',
    });
    const err = await refusing.deploy(xml, 'admin').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).getStatus()).toBe(400);
    expect(JSON.stringify((err as ApiError).getResponse())).toContain('"elementId":"creditCheck"');
    const accepting = new DefinitionsService(db.dataSource);
    await expect(accepting.deploy(xml, 'admin')).resolves.toMatchObject({ created: true });
  });
});
