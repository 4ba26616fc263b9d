import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DEV_CLOCK, type DevClock } from '../temporal/temporal.tokens';
import { DevTimeController } from './dev-time.controller';

@Module({})
export class DevModule implements OnApplicationShutdown {
  constructor(@Inject(DEV_CLOCK) private readonly clock: DevClock & { close?: () => Promise<void> }) {}

  /** A clock on the server's TestService (test-service-clock.ts) holds a connection of its own. */
  async onApplicationShutdown(): Promise<void> {
    await this.clock.close?.();
  }

  static forRoot(clock: DevClock): DynamicModule {
    return {
      module: DevModule,
      controllers: [DevTimeController],
      providers: [{ provide: DEV_CLOCK, useValue: clock }],
    };
  }
}
