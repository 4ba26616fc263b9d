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
} from './attachment-store';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';

/**
 * Files of cases. The store is chosen by ATTACHMENT_STORE: `postgres` (bytea, default) or `filesystem` (under
 * ATTACHMENT_DIR). An S3-compatible store is one more AttachmentStore implementation (put/get by sha-256 key).
 */
@Module({
  imports: [AccessModule],
  controllers: [AttachmentsController],
  providers: [
    {
      provide: ATTACHMENT_STORE,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource): AttachmentStore =>
        config.attachmentStore === 'filesystem'
          ? new FilesystemAttachmentStore(config.attachmentDir)
          : new PostgresAttachmentStore(dataSource),
    },
    AttachmentsService,
    { provide: APP_INTERCEPTOR, useClass: AttachmentBindingInterceptor },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
