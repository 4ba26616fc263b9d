// Typed Temporal client provider; the connection is opened before Nest boots (so failures are one clear line)
// and closed here on shutdown.
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { TEMPORAL_CLIENT, TEMPORAL_PROBE } from './temporal.tokens';

const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

@Global()
@Module({})
export class TemporalModule implements OnApplicationShutdown {
  constructor(
    @Inject(TEMPORAL_CONNECTION) private readonly connection: { close(): Promise<void>; owned: boolean },
    @Inject(TEMPORAL_PROBE) private readonly probe: Connection,
  ) {}

  static forRoot(options: {
    connection: Connection;
    namespace: string;
    closeOnShutdown: boolean;
  }): DynamicModule {
    return {
      module: TemporalModule,
      providers: [
        {
          provide: TEMPORAL_CONNECTION,
          useValue: { close: () => options.connection.close(), owned: options.closeOnShutdown },
        },
        {
          provide: TEMPORAL_CLIENT,
          useValue: new Client({ connection: options.connection, namespace: options.namespace }),
        },
        // Health checks use their own connection without the SDK's retry interceptor: a retry timer left pending
        // by a failed probe would fire after shutdown on a closed channel.
        {
          provide: TEMPORAL_PROBE,
          useValue: Connection.lazy({
            ...options.connection.options,
            interceptors: [],
            connectTimeout: '2s',
          }),
        },
      ],
      exports: [TEMPORAL_CLIENT, TEMPORAL_PROBE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.probe.close();
    if (this.connection.owned) await this.connection.close();
  }
}
