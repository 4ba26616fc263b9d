// The contract's error body as an OpenAPI schema, so that clients (the UI's generated types among them) read the
// same shape the server writes; `implements` keeps it in step with the interfaces the server builds bodies with.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErrorBody, ErrorDetail } from './error-body';

export class ErrorDetailDto implements ErrorDetail {
  @ApiPropertyOptional({ type: String, description: 'the request field at fault (dotted path)' })
  field?: string;
  @ApiPropertyOptional({ type: String, description: 'the BPMN element at fault' }) elementId?: string;
  @ApiPropertyOptional({ type: String, description: "the detail's own reason, e.g. FIELD_REQUIRED" })
  code?: string;
  @ApiProperty({ type: String }) message!: string;
}

export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ type: Number }) statusCode!: number;
  @ApiProperty({ type: String }) error!: string;
  @ApiProperty({ type: String }) message!: string;
  @ApiPropertyOptional({
    type: String,
    description: 'stable machine-readable reason; explain refusals by it, never by the message',
  })
  code?: string;
  @ApiPropertyOptional({ type: () => [ErrorDetailDto] }) details?: ErrorDetailDto[];
  @ApiPropertyOptional({
    type: () => [ErrorDetailDto],
    description: 'BPMN deploy: what was ignored or only linted',
  })
  warnings?: ErrorDetailDto[];
}
