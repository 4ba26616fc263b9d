// External jobs over HTTP: Camunda REST v2 job endpoints for workers, the v2 endpoints that map onto cases,
// messages and deployments, and a case's waiting jobs. Job clients and their tokens live in api/auth.
import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { MessagesModule } from '../messages/messages.module';
import { SignalsModule } from '../signals/signals.module';
import { CamundaV2Controller } from './camunda-v2.controller';
import { CaseJobsController } from './case-jobs.controller';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

@Module({
  imports: [CasesModule, MessagesModule, DefinitionsModule, SignalsModule],
  controllers: [JobsController, CamundaV2Controller, CaseJobsController],
  providers: [JobsService],
  exports: [JobsService],
})
export class JobsModule {}
