// External jobs over HTTP: Camunda REST v2 job endpoints for workers, the v2 endpoints that map onto cases, tasks,
// incidents, messages and deployments, and a case's waiting jobs. Job clients and their tokens live in api/auth.
import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { MessagesModule } from '../messages/messages.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { SignalsModule } from '../signals/signals.module';
import { TasksModule } from '../tasks/tasks.module';
import { CamundaV2IncidentsController } from './camunda-v2-incidents.controller';
import { CamundaV2InstancesController } from './camunda-v2-instances.controller';
import { CamundaV2ReadService } from './camunda-v2-read.service';
import { CamundaV2UserTasksController } from './camunda-v2-user-tasks.controller';
import { CamundaV2Controller } from './camunda-v2.controller';
import { CaseJobsController } from './case-jobs.controller';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

@Module({
  imports: [CasesModule, MessagesModule, DefinitionsModule, SignalsModule, TasksModule, IncidentsModule],
  controllers: [
    JobsController,
    CamundaV2Controller,
    CamundaV2InstancesController,
    CamundaV2UserTasksController,
    CamundaV2IncidentsController,
    CaseJobsController,
  ],
  providers: [JobsService, CamundaV2ReadService],
  exports: [JobsService],
})
export class JobsModule {}
