// The API as a dynamic module, assembled from validated config and already-open connections,
// so the embedded starter, the standalone API and the tests build the same app.
// Inject with explicit tokens (@Inject(X)) everywhere: `npm start` runs under tsx (esbuild), which emits no
// decorator metadata, so Nest cannot infer constructor parameter types there.
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuthModule } from './auth/auth.module';
import { APP_CLOCK, appClock } from './common/app-clock';
import { CalendarModule } from './calendar/calendar.module';
import { CaseApiModule } from './cases/case-api.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DevModule } from './dev/dev.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TemporalModule } from './temporal/temporal.module';
import type { DevClock } from './temporal/temporal.tokens';
import { UiModule } from './ui/ui.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** Initialised; the app destroys it on shutdown. */
  dataSource: DataSource;
  temporalConnection: Connection;
  /** Close the Temporal connection on shutdown (false when the caller shares it). */
  closeTemporalConnection?: boolean;
  /** Only on an in-process temporal-lite: mounts /dev/time (never with NODE_ENV=production). */
  devClock?: DevClock;
  /** The built web UI served at `/`; default UI_DIST_DIR, else the project's ui/dist. */
  uiDistDir?: string;
  /** Feature modules added by later issues (definitions, cases, tasks, …). */
  imports?: DynamicModule['imports'];
}

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config, dataSource } = options;
    // Never in production, whatever the Temporal backend: moving time there would corrupt every deadline.
    const devClock = config.nodeEnv === 'production' ? undefined : options.devClock;
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          // Named wildcard: the path-to-regexp v8 syntax Nest 11 expects.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            genReqId: requestId,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (req) => req.url === '/api/v1/health' || req.url === '/api/v1/metrics' },
          },
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: () => Promise.resolve(dataSource),
        }),
        TemporalModule.forRoot({
          connection: options.temporalConnection,
          namespace: config.temporalNamespace,
          closeOnShutdown: options.closeTemporalConnection ?? true,
        }),
        AuthModule.forRoot(config, { devClock: !!devClock }),
        HealthModule,
        CalendarModule,
        CaseApiModule,
        AttachmentsModule,
        NotificationsModule,
        ...(devClock ? [DevModule.forRoot(devClock)] : []),
        ...(options.imports ?? []),
        UiModule.forRoot(options.uiDistDir),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_CLOCK, useValue: appClock(devClock) },
      ],
      exports: [APP_CONFIG, APP_CLOCK],
    };
  }
}
