// Typed Temporal client provider; the connection is opened before Nest boots (so failures are one clear line)
// and closed here on shutdown.
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, type Connection } from '@temporalio/client';
import { TEMPORAL_CLIENT } from './temporal.tokens';

const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

@Global()
@Module({})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: { close(): Promise<void>; owned: boolean }) {}

  static forRoot(options: { connection: Connection; namespace: string; closeOnShutdown: boolean }): DynamicModule {
    return {
      module: TemporalModule,
      providers: [
        {
          provide: TEMPORAL_CONNECTION,
          useValue: { close: () => options.connection.close(), owned: options.closeOnShutdown },
        },
        { provide: TEMPORAL_CLIENT, useValue: new Client({ connection: options.connection, namespace: options.namespace }) },
      ],
      exports: [TEMPORAL_CLIENT],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connection.owned) await this.connection.close();
  }
}
