// OpenAPI schemas of the batch answer (`npm run api:types` turns them into the UI's types); the service's return
// type is BatchDto, so the body it builds stays in step with it.
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

const variables = { type: 'object', additionalProperties: true } as const;

export class CompleteTaskActionDto {
  @ApiProperty({ enum: ['complete-task'] }) type!: 'complete-task';
  @ApiProperty({ type: String, description: 'the user task completed on each case' }) elementId!: string;
  @ApiProperty(variables) variables!: Record<string, unknown>;
}

export class MessageActionDto {
  @ApiProperty({ enum: ['message'] }) type!: 'message';
  @ApiProperty({ type: String, description: 'the message sent to each case' }) name!: string;
  @ApiProperty(variables) variables!: Record<string, unknown>;
}

export class BatchItemDto {
  @ApiProperty({ type: String }) caseId!: string;
  @ApiProperty({ enum: ['pending', 'done', 'failed'], enumName: 'BatchItemStatus' }) status!: string;
  @ApiPropertyOptional({ type: String, description: 'why the item failed' }) error?: string;
  @ApiPropertyOptional({ type: String, description: "the failure's stable code" }) code?: string;
}

/** POST /batches answer and GET /batches/:id. */
@ApiExtraModels(CompleteTaskActionDto, MessageActionDto)
export class BatchDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) title!: string;
  // an explicit type (tsx emits no decorator metadata); swagger drops it in favour of oneOf
  @ApiProperty({
    type: Object,
    oneOf: [{ $ref: getSchemaPath(CompleteTaskActionDto) }, { $ref: getSchemaPath(MessageActionDto) }],
  })
  action!: CompleteTaskActionDto | MessageActionDto;
  @ApiProperty({ enum: ['running', 'finished'], enumName: 'BatchStatus' }) status!: string;
  @ApiProperty({ type: [BatchItemDto] }) items!: BatchItemDto[];
  @ApiProperty({ type: String }) createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}
