import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AccessModule } from '../access/access.module';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AttachmentBindingInterceptor } from './attachment-binding.interceptor';
import {
  ATTACHMENT_STORE,
  type AttachmentStore,
  FilesystemAttachmentStore,
  PostgresAttachmentStore,
  S3AttachmentStore,
} from './attachment-store';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';

/**
 * Files of cases. The store is chosen by ATTACHMENT_STORE: `postgres` (bytea, default), `filesystem` (under
 * ATTACHMENT_DIR) or `s3` (an S3-compatible bucket, ATTACHMENT_S3_*).
 */
@Module({
  imports: [AccessModule],
  controllers: [AttachmentsController],
  providers: [
    {
      provide: ATTACHMENT_STORE,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource): AttachmentStore => {
        if (config.attachmentStore === 's3') {
          if (!config.attachmentS3)
            throw new Error('ATTACHMENT_STORE=s3 without its ATTACHMENT_S3_* settings');
          return new S3AttachmentStore(config.attachmentS3);
        }
        return config.attachmentStore === 'filesystem'
          ? new FilesystemAttachmentStore(config.attachmentDir)
          : new PostgresAttachmentStore(dataSource);
      },
    },
    AttachmentsService,
    { provide: APP_INTERCEPTOR, useClass: AttachmentBindingInterceptor },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
