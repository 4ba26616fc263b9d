// Everything that handles cases over HTTP, registered in AppModule as one import.
import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { BatchesModule } from '../batches/batches.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { JobsModule } from '../jobs/jobs.module';
import { ListsModule } from '../lists/lists.module';
import { MessagesModule } from '../messages/messages.module';
import { SignalsModule } from '../signals/signals.module';
import { StatsModule } from '../stats/stats.module';
import { TasksModule } from '../tasks/tasks.module';
import { CasesModule } from './cases.module';

@Module({
  imports: [
    AccessModule,
    DefinitionsModule,
    CasesModule,
    TasksModule,
    MessagesModule,
    SignalsModule,
    BatchesModule,
    StatsModule,
    ListsModule,
    IncidentsModule,
    JobsModule,
  ],
})
export class CaseApiModule {}
