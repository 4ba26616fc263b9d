// Camunda 8 REST API v2 job endpoints (served at /v2/jobs, outside /api/v1, where Camunda's clients look for them):
// job workers authenticated as job clients (POST /api/v1/oauth/token) activate, complete, fail and throw errors.
import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { JOB_TYPE_PATTERN } from '../../bpmn/task-types';
import { type JobClient, JobClientRoute } from '../auth/job-client-tokens';
import { ApiError } from '../common/error-body';
import { zodBody } from '../common/zod-validation.pipe';
import { JobsService } from './jobs.service';

const MAX_LOCK_MS = 7 * 86_400_000;
const jobType = z.string().regex(JOB_TYPE_PATTERN, 'must be a job type (1-200 printable characters)');
const variables = z.record(z.string().max(200), z.unknown());

// Not strict: Camunda adds optional fields over versions (tenants, tags); what we do not use is ignored.
const activationBody = z.object({
  type: jobType,
  worker: z.string().max(200).optional(),
  timeout: z.coerce.number().int().min(1, 'must be at least 1 ms').max(MAX_LOCK_MS, 'must be at most 7 days'),
  maxJobsToActivate: z.number().int().min(1).max(1000),
  fetchVariable: z.array(z.string().min(1).max(200)).max(1000).optional(),
  requestTimeout: z.coerce.number().int().max(86_400_000).optional(),
  tenantIds: z.array(z.string().max(200)).max(100).optional(),
});
const completionBody = z.object({ variables: variables.nullish(), result: z.unknown().optional() });
const failureBody = z.object({
  retries: z.number().int().min(0).max(1000).default(0),
  errorMessage: z.string().max(10_000).optional(),
  retryBackOff: z.coerce.number().int().min(0).max(MAX_LOCK_MS, 'must be at most 7 days').default(0),
  variables: variables.nullish(),
});
const errorBody = z.object({
  errorCode: z.string().min(1, 'is required').max(200),
  errorMessage: z.string().max(10_000).nullish(),
  variables: variables.nullish(),
});

function workerOf(req: Request): JobClient {
  const client = (req as Request & { jobClient?: JobClient }).jobClient;
  if (!client)
    throw new ApiError(
      403,
      'The job API needs a job worker client token (POST /api/v1/oauth/token with client credentials)',
      undefined,
      'JOB_CLIENT_REQUIRED',
    );
  return client;
}

@ApiTags('camunda-v2')
@ApiBearerAuth()
@JobClientRoute()
@Controller('v2/jobs')
export class JobsController {
  constructor(@Inject(JobsService) private readonly jobs: JobsService) {}

  @Post('activation')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Activate jobs of a type (Camunda REST v2)',
    description:
      'Locks up to maxJobsToActivate jobs for `timeout` ms; waits up to requestTimeout ms (0: 10 s, at most 60 s, ' +
      'negative: no wait) for one. 403 JOB_TYPE_NOT_ALLOWED for a type the client is not issued.',
  })
  activate(
    @Body(zodBody(activationBody)) body: z.infer<typeof activationBody>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const client = workerOf(req);
    // The response closing before it was written is the caller hanging up (the request's own 'close' only says
    // its body was read).
    let gone = false;
    res.on('close', () => (gone ||= !res.writableEnded));
    return this.jobs.activate(body, client, () => gone);
  }

  @Post(':jobKey/completion')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Complete a job with variables (Camunda REST v2)',
    description:
      "The variables go through the task's zeebe:output mappings. 404 JOB_NOT_FOUND, 409 JOB_NOT_ACTIVE.",
  })
  async complete(
    @Param('jobKey') jobKey: string,
    @Body(zodBody(completionBody)) body: z.infer<typeof completionBody>,
    @Req() req: Request,
  ): Promise<void> {
    await this.jobs.complete(jobKey, body.variables ?? {}, workerOf(req));
  }

  @Post(':jobKey/failure')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Fail a job (Camunda REST v2)',
    description:
      'retries > 0: offered again after retryBackOff ms; retries 0: an incident on the case with errorMessage.',
  })
  async fail(
    @Param('jobKey') jobKey: string,
    @Body(zodBody(failureBody)) body: z.infer<typeof failureBody>,
    @Req() req: Request,
  ): Promise<void> {
    await this.jobs.fail(jobKey, body, workerOf(req));
  }

  @Post(':jobKey/error')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Throw a BPMN error from a job (Camunda REST v2)',
    description: 'Caught by an error boundary event with that errorCode (or a catch-all), else an incident.',
  })
  async error(
    @Param('jobKey') jobKey: string,
    @Body(zodBody(errorBody)) body: z.infer<typeof errorBody>,
    @Req() req: Request,
  ): Promise<void> {
    await this.jobs.throwError(jobKey, body, workerOf(req));
  }
}
