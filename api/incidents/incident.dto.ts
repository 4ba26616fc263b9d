// OpenAPI schemas of the incident answers (`npm run api:types` turns them into the UI's types); the service's
// return types are these classes, so the bodies it builds stay in step with them.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IncidentCause } from './incident-causes';

export class IncidentCauseDto implements IncidentCause {
  @ApiProperty({
    type: String,
    description:
      'a stable code the UI puts into words (UNKNOWN_TASK_TYPE, JOB_FAILED, …) or the engine’s own',
  })
  code!: string;
  @ApiPropertyOptional({ type: String, description: 'the BPMN error code of an uncaught error' })
  errorCode?: string;
}

/** GET /incidents items. */
export class IncidentDto {
  @ApiProperty({ type: String, format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String }) businessKey!: string;
  @ApiProperty({ type: String }) processKey!: string;
  @ApiProperty({ type: Number }) processVersion!: number;
  @ApiProperty({ type: String, nullable: true }) processName!: string | null;
  @ApiProperty({ type: String, nullable: true }) district!: string | null;
  @ApiProperty({ type: String, description: '"shell": an incident of the workflow shell' })
  incidentKey!: string;
  @ApiProperty({ type: String, nullable: true }) elementId!: string | null;
  @ApiProperty({ type: String, nullable: true }) elementName!: string | null;
  @ApiProperty({ type: IncidentCauseDto }) cause!: IncidentCauseDto;
  @ApiProperty({ type: String, description: "the engine's raw reason" }) reason!: string;
  @ApiProperty({ type: String, format: 'date-time' }) raisedAt!: string;
}

export class IncidentPageDto {
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: [IncidentDto] }) items!: IncidentDto[];
}

/** GET /cases/:id/element-instances items: what a modification may terminate. */
export class ElementInstanceDto {
  @ApiProperty({ type: String }) key!: string;
  @ApiProperty({ type: String }) elementId!: string;
  @ApiProperty({ type: String, nullable: true }) elementName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the element's kind in the process graph" })
  kind!: string | null;
  @ApiProperty({ type: String, nullable: true }) parentKey!: string | null;
  @ApiProperty({ type: Boolean, description: 'an open incident stops it' }) incident!: boolean;
}
