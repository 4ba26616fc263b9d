// A case's jobs waiting for an external worker (the case page shows them as 等待外部系统处理).
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CasesService } from '../cases/cases.service';
import { CaseJobDto } from './case-job.dto';
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
    description: 'Whoever may see the case (404 otherwise).',
  })
  @ApiOkResponse({ type: [CaseJobDto] })
  async list(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<CaseJobDto[]> {
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
