import { Global, Module } from '@nestjs/common';
import { CaseVisibility } from './case-visibility.service';
import { CaseRedaction } from './case-redaction.service';

/** Case visibility and field redaction, global so every bounded context (and attachments) uses the same gate. */
@Global()
@Module({ providers: [CaseVisibility, CaseRedaction], exports: [CaseVisibility, CaseRedaction] })
export class AccessModule {}
