import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { CaseCancelService } from './case-cancel.service';
import { CaseExportService } from './case-export.service';
import { CaseReconcilerService } from './case-reconciler.service';
import { CaseStartService } from './case-start.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [DefinitionsModule],
  controllers: [CasesController],
  providers: [CasesService, CaseReconcilerService, CaseStartService, CaseCancelService, CaseExportService],
  exports: [CasesService, CaseStartService, CaseCancelService],
})
export class CasesModule {}
