// OpenAPI schemas of the process-definition answers (`npm run api:types` turns them into the UI's types).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class TimerStartDto {
  @ApiProperty({ type: String, description: 'the timer start event' }) elementId!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: no fire left' })
  nextFireAt!: string | null;
}

export class DefinitionSummaryDto {
  @ApiProperty({ type: String }) key!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: Number }) latestVersion!: number;
  @ApiPropertyOptional({
    type: [TimerStartDto],
    description: "admins only: the latest version's running timer start schedules and their next fire",
  })
  timerStarts?: TimerStartDto[];
}

export class DefinitionVersionDto {
  @ApiProperty({ type: String }) key!: string;
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, description: 'the deployed BPMN XML' }) xml!: string;
}

export class DeployWarningDto {
  @ApiPropertyOptional({ type: String }) code?: string;
  @ApiProperty({ type: String }) message!: string;
  @ApiPropertyOptional({ type: String }) elementId?: string;
}

/** POST /process-definitions answer: 201 a new version, 200 the same XML again. */
export class DeployResponseDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) key!: string;
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiPropertyOptional({ type: [DeployWarningDto], description: 'what Zeebe would ignore, lint warnings' })
  warnings?: DeployWarningDto[];
  @ApiPropertyOptional({
    type: [TimerStartDto],
    description: 'timer start events: when each first fires (absent: none)',
  })
  timerStarts?: TimerStartDto[];
}
