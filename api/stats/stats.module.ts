import { Module } from '@nestjs/common';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

/** The overview (总览): counts for the dashboard. */
@Module({ controllers: [StatsController], providers: [StatsService] })
export class StatsModule {}
