import { Module } from '@nestjs/common';
import { CalendarRecomputeService } from './calendar-recompute.service';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

@Module({
  controllers: [CalendarController],
  providers: [CalendarService, CalendarRecomputeService],
  exports: [CalendarService, CalendarRecomputeService],
})
export class CalendarModule {}
