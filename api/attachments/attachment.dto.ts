// OpenAPI schema of an attachment's metadata (`npm run api:types` turns it into the UI's type); `implements` keeps
// it in step with the view the service builds.
import { ApiProperty } from '@nestjs/swagger';
import type { AttachmentView } from './attachments.service';

export class AttachmentDto implements AttachmentView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null until a case references it',
  })
  caseId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the form field it was uploaded for' })
  field!: string | null;
  @ApiProperty({ type: String }) fileName!: string;
  @ApiProperty({ type: String, description: 'the sniffed media type' }) mediaType!: string;
  @ApiProperty({ type: Number, description: 'bytes' }) size!: number;
  @ApiProperty({ type: String }) sha256!: string;
  @ApiProperty({ type: String }) uploadedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}
