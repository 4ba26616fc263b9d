import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { TasksModule } from '../tasks/tasks.module';
import { BatchesController } from './batches.controller';
import { BatchesService } from './batches.service';

@Module({
  imports: [TasksModule, MessagesModule],
  controllers: [BatchesController],
  providers: [BatchesService],
})
export class BatchesModule {}
