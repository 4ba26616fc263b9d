import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [CasesModule, DefinitionsModule],
  controllers: [IncidentsController],
  providers: [IncidentsService],
  exports: [IncidentsService],
})
export class IncidentsModule {}
