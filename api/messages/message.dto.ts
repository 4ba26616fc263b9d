// OpenAPI schema of the POST /messages answer (`npm run api:types` turns it into the UI's type); `implements` keeps
// it in step with what the service answers.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PublishResult } from './messages.service';

export class PublishResultDto implements PublishResult {
  @ApiProperty({ type: Number, description: 'how many waiting cases the message reached' })
  correlated!: number;
  @ApiPropertyOptional({
    type: [String],
    description: 'ids of the cases a message start event started (only when no case was waiting)',
  })
  startedCases?: string[];
}
