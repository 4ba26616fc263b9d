import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { CaseReconcilerService } from './case-reconciler.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [DefinitionsModule],
  controllers: [CasesController],
  providers: [CasesService, CaseReconcilerService],
  exports: [CasesService],
})
export class CasesModule {}
