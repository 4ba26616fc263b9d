// A case's jobs waiting for an external worker (the case page shows them as 等待外部系统处理).
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CasesService } from '../cases/cases.service';
import { JobsService } from './jobs.service';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseJobsController {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {}

  @Get(':id/jobs')
  @ApiOperation({
    summary: "The case's jobs waiting for an external worker",
    description:
      'Whoever may see the case (404 otherwise): [{jobKey, type, elementId, kind, listenerEventType, state, ' +
      'retries, worker, deadline, errorMessage, createdAt}], state activatable (waiting), activated (a worker has it ' +
      "until deadline) or retrying (after a failure, until its backoff ends); kind BPMN_ELEMENT (the element's own " +
      'job) or EXECUTION_LISTENER (listenerEventType START or END, else null).',
  })
  async list(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    await this.cases.visible(id, user);
    return (await this.jobs.openJobs(id)).map((j) => ({
      jobKey: j.id,
      type: j.jobType,
      elementId: j.elementId,
      kind: j.kind,
      listenerEventType: j.listenerEventType,
      state: j.state,
      retries: j.retries,
      worker: j.worker,
      deadline: j.deadline?.toISOString() ?? null,
      errorMessage: j.errorMessage,
      createdAt: j.createdAt.toISOString(),
    }));
  }
}
