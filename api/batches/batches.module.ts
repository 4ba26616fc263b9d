import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { TasksModule } from '../tasks/tasks.module';
import { BatchesController } from './batches.controller';
import { BatchReconcilerService } from './batch-reconciler.service';
import { BatchesService } from './batches.service';

@Module({
  imports: [TasksModule, MessagesModule],
  controllers: [BatchesController],
  providers: [BatchesService, BatchReconcilerService],
  exports: [BatchesService],
})
export class BatchesModule {}
