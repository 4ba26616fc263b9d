// OpenAPI schema of GET /cases/:id/jobs items (`npm run api:types` turns it into the UI's type).
import { ApiProperty } from '@nestjs/swagger';

export class CaseJobDto {
  @ApiProperty({ type: String }) jobKey!: string;
  @ApiProperty({ type: String, description: 'the job type a worker subscribes to' }) type!: string;
  @ApiProperty({ type: String }) elementId!: string;
  @ApiProperty({
    enum: ['BPMN_ELEMENT', 'EXECUTION_LISTENER'],
    enumName: 'JobKind',
    description: "the element's own job, or an execution listener's",
  })
  kind!: string;
  @ApiProperty({ enum: ['START', 'END'], enumName: 'ListenerEventType', nullable: true })
  listenerEventType!: string | null;
  @ApiProperty({
    enum: ['activatable', 'activated', 'retrying'],
    enumName: 'OpenJobState',
    description: 'waiting; a worker has it until deadline; after a failure, until its backoff ends',
  })
  state!: string;
  @ApiProperty({ type: Number }) retries!: number;
  @ApiProperty({ type: String, nullable: true }) worker!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deadline!: string | null;
  @ApiProperty({ type: String, nullable: true }) errorMessage!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}
