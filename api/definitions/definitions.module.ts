import { Module } from '@nestjs/common';
import { FormsController } from '../forms/forms.controller';
import { FormsService } from '../forms/forms.service';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';

@Module({
  // forms live beside definitions: a deploy resolves the forms its BPMN links
  controllers: [DefinitionsController, FormsController],
  providers: [DefinitionsService, FormsService],
  exports: [DefinitionsService, FormsService],
})
export class DefinitionsModule {}
