// The job API behind Camunda's REST v2 job endpoints: activation (long poll), completion, failure and BPMN errors.
// A job row holds the Temporal task token of the case workflow's awaitJob activity; each answer closes the row once
// (so two workers never both answer) and then completes or fails that activity by token.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ActivityNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { RESERVED_ERROR_CODES } from '../../bpmn/task-types';
import {
  type JobRow,
  type JobState,
  activateJobs,
  closeJob,
  releaseJobs,
  findJob,
  markJobCanceled,
  openJobsOfCase,
  reopenJob,
} from '../../db/jobs.repository';
import type { JobClient } from '../auth/job-client-tokens';
import { ApiError } from '../common/error-body';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';

/** requestTimeout 0 means this; longer requests are cut to MAX (a long poll must end). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const MAX_REQUEST_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 250;
/** Job keys are bigserial ids. */
export const JOB_KEY = /^\d{1,18}$/;

export interface ActivationRequest {
  type: string;
  worker?: string;
  timeout: number;
  maxJobsToActivate: number;
  fetchVariable?: string[];
  requestTimeout?: number;
}

/** One activated job as Camunda 8's REST API v2 answers it (keys are strings). */
export interface ActivatedJob {
  type: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  rootProcessInstanceKey: null;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  /** lock deadline, epoch milliseconds */
  deadline: number;
  variables: Record<string, unknown>;
  tenantId: string;
  jobKey: string;
  kind: string;
  listenerEventType: string;
  userTask: null;
  tags: string[];
}

const jobNotFound = (key: string) => new ApiError(404, `No job with key ${key}`, undefined, 'JOB_NOT_FOUND');
const jobNotOpen = (job: JobRow) =>
  new ApiError(
    409,
    `The job ${job.id} is ${job.state}: it can no longer be completed, failed or given an error`,
    undefined,
    'JOB_NOT_ACTIVE',
  );

function assertMayWork(client: JobClient, type: string, field = 'type'): void {
  if (!client.jobTypes.includes(type))
    throw new ApiError(
      403,
      `This client may not work jobs of type '${type}'`,
      [{ field, message: 'is not one of the client’s job types' }],
      'JOB_TYPE_NOT_ALLOWED',
    );
}

@Injectable()
export class JobsService {
  private readonly log = new Logger(JobsService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /**
   * Activates up to maxJobsToActivate jobs of the type, waiting up to requestTimeout for one to appear (0: the
   * default, negative: no wait). `gone()` is true once the caller hung up: the poll stops.
   */
  async activate(
    req: ActivationRequest,
    client: JobClient,
    gone: () => boolean,
  ): Promise<{ jobs: ActivatedJob[] }> {
    assertMayWork(client, req.type);
    const wait =
      req.requestTimeout === undefined || req.requestTimeout === 0
        ? DEFAULT_REQUEST_TIMEOUT_MS
        : Math.min(req.requestTimeout, MAX_REQUEST_TIMEOUT_MS);
    const until = Date.now() + Math.max(0, wait);
    const worker = req.worker ?? client.clientId;
    for (;;) {
      // A worker that hung up (stopped, timed out) must not be handed jobs it will never see: they would stay
      // locked for its whole job timeout.
      if (gone()) return { jobs: [] };
      const rows = await activateJobs(this.dataSource, {
        jobType: req.type,
        worker,
        timeoutMs: req.timeout,
        max: req.maxJobsToActivate,
      });
      if (rows.length > 0 && gone()) {
        await releaseJobs(
          this.dataSource,
          rows.map((r) => r.id),
          worker,
        );
        return { jobs: [] };
      }
      if (rows.length > 0 || Date.now() >= until)
        return { jobs: rows.map((r) => activatedJob(r, req.fetchVariable)) };
      await new Promise((r) => setTimeout(r, Math.min(POLL_INTERVAL_MS, Math.max(1, until - Date.now()))));
    }
  }

  async complete(key: string, variables: Record<string, unknown>, client: JobClient): Promise<void> {
    await this.answer(key, client, 'completed', {}, (token) =>
      this.temporal.activity.complete(token, variables),
    );
  }

  async fail(
    key: string,
    body: { retries: number; errorMessage?: string; retryBackOff: number },
    client: JobClient,
  ): Promise<void> {
    const message = body.errorMessage || 'the job worker reported a failure';
    if (body.retries > 0)
      await this.answer(key, client, 'retrying', { retries: body.retries, errorMessage: message }, (token) =>
        this.temporal.activity.fail(
          token,
          ApplicationFailure.create({
            type: 'JOB_RETRY',
            message,
            ...(body.retryBackOff > 0 ? { nextRetryDelay: body.retryBackOff } : {}),
          }),
        ),
      );
    else
      await this.answer(key, client, 'failed', { retries: 0, errorMessage: message }, (token) =>
        this.temporal.activity.fail(
          token,
          ApplicationFailure.create({ type: 'JOB_FAILED', message, nonRetryable: true }),
        ),
      );
  }

  async throwError(
    key: string,
    body: { errorCode: string; errorMessage?: string | null },
    client: JobClient,
  ): Promise<void> {
    if (RESERVED_ERROR_CODES.includes(body.errorCode))
      throw new ApiError(
        400,
        `errorCode ${body.errorCode} is reserved by reviewflow`,
        [{ field: 'errorCode', message: 'is reserved' }],
        'ERROR_CODE_RESERVED',
      );
    const message = body.errorMessage || body.errorCode;
    await this.answer(key, client, 'error-thrown', { errorMessage: message }, (token) =>
      this.temporal.activity.fail(
        token,
        ApplicationFailure.create({ type: body.errorCode, message, nonRetryable: true }),
      ),
    );
  }

  /** Jobs of a case still waiting for a worker (the case page's 等待外部系统处理). */
  openJobs(caseId: string): Promise<JobRow[]> {
    return openJobsOfCase(this.dataSource, caseId);
  }

  /**
   * Closes the job once (404 unknown, 403 not the client's type, 409 no longer open), then tells Temporal. An
   * activity Temporal no longer knows was cancelled with its element: 404. Any other failure reopens the job.
   */
  private async answer(
    key: string,
    client: JobClient,
    to: JobState,
    patch: { retries?: number; errorMessage?: string },
    tell: (token: Uint8Array) => Promise<void>,
  ): Promise<void> {
    const job = JOB_KEY.test(key) ? await findJob(this.dataSource, key) : undefined;
    if (!job) throw jobNotFound(key);
    assertMayWork(client, job.jobType, 'jobKey');
    const before = await closeJob(this.dataSource, job.id, to, patch);
    if (!before) throw jobNotOpen(job);
    try {
      await tell(new Uint8Array(before.taskToken));
    } catch (err) {
      if (err instanceof ActivityNotFoundError) {
        await markJobCanceled(this.dataSource, job.id);
        throw jobNotFound(key);
      }
      this.log.warn(`job ${job.id}: Temporal refused the answer (${String(err)}); the job is open again`);
      await reopenJob(this.dataSource, before);
      throw new ApiError(
        503,
        'The workflow service is unavailable: try again',
        undefined,
        'TEMPORAL_UNAVAILABLE',
      );
    }
  }
}

function activatedJob(r: JobRow, fetch: string[] | undefined): ActivatedJob {
  const variables =
    fetch && fetch.length > 0
      ? Object.fromEntries(fetch.filter((k) => Object.hasOwn(r.variables, k)).map((k) => [k, r.variables[k]]))
      : r.variables;
  return {
    type: r.jobType,
    processDefinitionId: r.processKey,
    processDefinitionVersion: r.processVersion,
    processDefinitionKey: `${r.processKey}:${r.processVersion}`,
    elementId: r.elementId,
    // a listener job's row key is its own; Camunda reports the element instance it listens to
    elementInstanceKey: r.elementInstanceKey ?? r.elementKey,
    processInstanceKey: r.caseId,
    rootProcessInstanceKey: null,
    customHeaders: r.customHeaders,
    worker: r.worker ?? '',
    retries: r.retries,
    deadline: r.deadline ? r.deadline.getTime() : 0,
    variables,
    tenantId: '<default>',
    jobKey: r.id,
    kind: r.kind,
    listenerEventType: r.listenerEventType ?? 'UNSPECIFIED',
    userTask: null,
    tags: [],
  };
}
