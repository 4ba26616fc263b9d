import { type DynamicModule, Module } from '@nestjs/common';
import { DEV_CLOCK, type DevClock } from '../temporal/temporal.tokens';
import { DevTimeController } from './dev-time.controller';

@Module({})
export class DevModule {
  static forRoot(clock: DevClock): DynamicModule {
    return {
      module: DevModule,
      controllers: [DevTimeController],
      providers: [{ provide: DEV_CLOCK, useValue: clock }],
    };
  }
}
