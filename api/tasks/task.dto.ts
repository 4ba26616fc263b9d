// OpenAPI schemas of the task answers (`npm run api:types` turns them into the UI's types).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATUSES, CaseDetailDto } from '../cases/case.dto';
import type { DoneTaskView } from './done-tasks.service';

export class TaskDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String }) elementId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: [String] }) candidateGroups!: string[];
  @ApiProperty({ type: String, nullable: true }) assignee!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty({ enum: ['open', 'completed', 'withdrawn'], enumName: 'TaskState' }) state!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) completedBy?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decision?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) comment?: string | null;
}

/** GET /tasks items: the task with its case's key, procedure and status. */
export class InboxTaskDto extends TaskDto {
  @ApiProperty({ type: String, description: "the case's business key (case number)" }) businessKey!: string;
  @ApiProperty({ type: String, description: "the case's process definition key" }) processKey!: string;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus' }) caseStatus!: string;
  @ApiProperty({ type: String, nullable: true, description: "the case's applicantName variable, else null" })
  applicantName!: string | null;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxTaskDto] }) items!: InboxTaskDto[];
  @ApiProperty({ type: Number }) total!: number;
}

/** POST /tasks/:id/complete answer. */
export class CompleteResponseDto {
  @ApiProperty({ type: TaskDto }) task!: TaskDto;
  @ApiProperty({ type: CaseDetailDto }) case!: CaseDetailDto;
}

/** GET /tasks/done items (已办): a task the caller completed, with its case's key, procedure and status. */
export class DoneTaskDto implements DoneTaskView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String }) elementId!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String, nullable: true }) decision!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty({ type: String, description: "the case's business key (case number)" }) businessKey!: string;
  @ApiProperty({ type: String, description: "the case's process definition key" }) processKey!: string;
  @ApiProperty({ type: Number }) processVersion!: number;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus' }) caseStatus!: string;
  @ApiProperty({ type: String, nullable: true, description: "the case's outcome, once it has one" })
  outcome!: string | null;
}

export class DonePageDto {
  @ApiProperty({ type: [DoneTaskDto] }) items!: DoneTaskDto[];
  @ApiProperty({ type: Number }) total!: number;
}
