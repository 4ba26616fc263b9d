import { Module } from '@nestjs/common';
import { BatchesModule } from '../batches/batches.module';
import { CalendarModule } from '../calendar/calendar.module';
import { ListExportService } from './list-export.service';
import { ListsController } from './lists.controller';
import { ListsService } from './lists.service';

@Module({
  imports: [BatchesModule, CalendarModule],
  controllers: [ListsController],
  providers: [ListsService, ListExportService],
})
export class ListsModule {}
