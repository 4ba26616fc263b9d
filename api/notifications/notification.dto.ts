// OpenAPI schemas of the bell's answers (`npm run api:types` turns them into the UI's types); `implements` keeps
// the fields in step with the view the service builds (`data` picks from the event's payload, typed here).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { NotificationView } from './notifications.service';

export class NotificationDataDto {
  @ApiPropertyOptional({ type: String, description: 'decision-made: the decision taken' }) decision?: string;
  @ApiPropertyOptional({ type: String, description: 'payment-*: the tranche' }) tranche?: string;
  @ApiPropertyOptional({ type: Number, description: 'payment-*: the amount in fen' }) amountFen?: number;
  @ApiPropertyOptional({ type: String, description: 'payment-*: paid or stopped' }) status?: string;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'task-overdue: when the task fell due',
  })
  dueAt?: string;
}

export class NotificationDto implements Omit<NotificationView, 'data'> {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({
    type: String,
    description:
      'task-assigned, task-overdue, publicity-started, publicity-ended, decision-made, payment-made or payment-stopped',
  })
  event!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'workflow time' }) at!: string;
  @ApiProperty({ type: Boolean }) read!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) caseId!: string | null;
  @ApiProperty({ type: String, nullable: true }) businessKey!: string | null;
  @ApiProperty({ type: String, nullable: true }) processKey!: string | null;
  @ApiProperty({ type: String, nullable: true }) processName!: string | null;
  @ApiProperty({ type: String, nullable: true }) taskId!: string | null;
  @ApiProperty({ type: String, nullable: true }) taskName!: string | null;
  @ApiProperty({ type: String, nullable: true }) elementId!: string | null;
  @ApiProperty({ type: NotificationDataDto }) data!: NotificationDataDto;
}

/** GET /notifications. */
export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: Number, description: "how many of the caller's notifications are unread" })
  unread!: number;
  @ApiProperty({ type: Number }) page!: number;
  @ApiProperty({ type: Number }) pageSize!: number;
}
