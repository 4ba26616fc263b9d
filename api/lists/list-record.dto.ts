// OpenAPI schemas of the list-record answers (`npm run api:types` turns them into the UI's types); `implements`
// keeps them in step with the record view and the entity's shapes the service answers with.
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import type { ListRecordItem, ListRecordPublicity } from '../../db/entities/list-record.entity';
import type { ListRecordView } from './lists.service';

export class ListPublicityDto implements ListRecordPublicity {
  @ApiProperty({ type: String, description: 'first day, YYYY-MM-DD' }) start!: string;
  @ApiProperty({ type: String, description: 'last day, YYYY-MM-DD' }) end!: string;
  @ApiProperty({ type: Number }) days!: number;
  @ApiProperty({ enum: ['cn-workday', 'calendar-day'], enumName: 'PublicityCalendar' })
  calendar!: 'cn-workday' | 'calendar-day';
  @ApiProperty({ type: String, description: 'end of the last day, Asia/Shanghai (+08:00)' })
  closesAt!: string;
  @ApiPropertyOptional({ type: Boolean, description: 'counted over a year without calendar data' })
  provisional?: boolean;
}

export class ListRecordItemDto implements ListRecordItem {
  @ApiProperty({ type: String, format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String }) businessKey!: string;
  @ApiProperty({ type: String, nullable: true }) applicantName!: string | null;
  @ApiProperty({ type: String, nullable: true }) district!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the decision taken; null on a publicity list' })
  decision!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the case's own comment, else the list's" })
  comment!: string | null;
  @ApiProperty({ enum: ['pending', 'done', 'failed'], enumName: 'BatchItemStatus' })
  status!: 'pending' | 'done' | 'failed';
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the stable code of a failed item' })
  code?: string | null;
}

/** POST /lists answer and GET /lists/:id: the record numbered 〔year〕第n号 with its cases. */
export class ListRecordDto implements ListRecordView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, description: '〔year〕第n号' }) number!: string;
  @ApiProperty({ type: Number }) year!: number;
  @ApiProperty({ type: Number }) seq!: number;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ enum: ['publish', 'approve'], enumName: 'ListRecordKind' }) kind!: 'publish' | 'approve';
  @ApiProperty({ type: String }) processKey!: string;
  @ApiProperty({ type: Number }) processVersion!: number;
  @ApiProperty({ type: String }) elementId!: string;
  @ApiProperty({ type: String }) stageName!: string;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ type: ListPublicityDto, nullable: true, description: 'the period a publicity list opened' })
  publicity!: ListPublicityDto | null;
  @ApiProperty({ enum: ['running', 'finished'], enumName: 'ListRecordStatus' }) status!:
    'running' | 'finished';
  @ApiProperty({ type: String }) createdBy!: string;
  @ApiProperty({ type: String, description: 'Asia/Shanghai (+08:00)' }) createdAt!: string;
  @ApiProperty({ type: [ListRecordItemDto] }) items!: ListRecordItemDto[];
}

/** GET /lists items: a record without its cases, with how many it has and how many went through. */
export class ListRecordSummaryDto extends OmitType(ListRecordDto, ['items'] as const) {
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: Number }) done!: number;
}

export class ListRecordPageDto {
  @ApiProperty({ type: [ListRecordSummaryDto] }) items!: ListRecordSummaryDto[];
  @ApiProperty({ type: Number }) total!: number;
}

/** GET /lists/publicity-preview. */
export class PublicityPreviewDto {
  @ApiProperty({ type: ListPublicityDto, nullable: true, description: 'null when no day timer follows' })
  publicity!: ListPublicityDto | null;
}
