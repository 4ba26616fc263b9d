// OpenAPI schemas of the case answers (`npm run api:types` turns them into the UI's types). Explicit `type`s:
// tsx emits no decorator metadata.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const CASE_STATUSES = ['active', 'completed', 'terminated', 'failed'] as const;
const variables = { type: 'object', additionalProperties: true } as const;

/** POST /cases answer. */
export class CaseSummaryDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) processKey!: string;
  @ApiProperty({ type: Number, description: 'the process version the case runs' }) version!: number;
  @ApiProperty({ type: String, description: 'the case number, e.g. J01-2026-000123' }) businessKey!: string;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus' }) status!: (typeof CASE_STATUSES)[number];
}

/** GET /cases items and GET /cases/:id. */
export class CaseDetailDto extends CaseSummaryDto {
  @ApiProperty({ type: [String], description: 'element ids the case waits at' }) activeElements!: string[];
  @ApiProperty({ ...variables, description: 'the case variables the caller may see' })
  variables!: Record<string, unknown>;
  @ApiProperty({ type: Boolean, description: 'a deadline was computed on a provisional holiday calendar' })
  calendarProvisional!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'rf:outcome of the end event reached, else null',
  })
  outcome!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiPropertyOptional({ type: String, description: 'why a failed case failed' }) failureReason?: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseDetailDto] }) items!: CaseDetailDto[];
  @ApiProperty({ type: Number }) total!: number;
}

/** GET /cases/:id/history items. */
export class HistoryEventDto {
  @ApiProperty({ type: Number }) seq!: number;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, description: 'e.g. case-started, task-completed, message-received' })
  type!: string;
  @ApiPropertyOptional({ type: String }) elementId?: string;
  @ApiPropertyOptional({ type: String, description: 'username; absent for the system' }) actor?: string;
  @ApiPropertyOptional({ type: [String], description: "the actor's roles (the UI names them by office)" })
  actorRoles?: string[];
  @ApiPropertyOptional({ type: String }) actorDistrict?: string;
  @ApiProperty({ ...variables, nullable: true }) data!: Record<string, unknown> | null;
}

/** GET /cases/:id/payments items: the ledger, amounts in fen (claw-backs negative). */
export class PaymentDto {
  @ApiProperty({ type: String }) tranche!: string;
  @ApiProperty({ type: Number, description: 'fen' }) amount!: number;
  @ApiProperty({ enum: ['paid', 'stopped', 'clawback'], enumName: 'PaymentStatus' }) status!: string;
  @ApiPropertyOptional({ type: String }) reason?: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

/** POST /cases/:id/objections answer. */
export class ObjectionDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String }) createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}
