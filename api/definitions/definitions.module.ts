import { Module } from '@nestjs/common';
import { DecisionsController } from '../decisions/decisions.controller';
import { DecisionsService } from '../decisions/decisions.service';
import { FormsController } from '../forms/forms.controller';
import { FormsService } from '../forms/forms.service';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';
import { TimerStartsService } from './timer-starts.service';

@Module({
  // forms and decisions live beside definitions: a deploy resolves the forms and decisions its BPMN links
  controllers: [DefinitionsController, FormsController, DecisionsController],
  providers: [DefinitionsService, FormsService, DecisionsService, TimerStartsService],
  exports: [DefinitionsService, FormsService, DecisionsService],
})
export class DefinitionsModule {}
