import { Module } from '@nestjs/common';
import { WriteContractsService } from '../forms/write-contracts.service';
import { DoneTasksService } from './done-tasks.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  controllers: [TasksController],
  providers: [TasksService, WriteContractsService, DoneTasksService],
  exports: [TasksService],
})
export class TasksModule {}
