// The real Nest app on a fresh test database and the run's Temporal (stack-starter.ts), for supertest; with
// `worker: true` also a worker on the app's task queue.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { AppConfig } from '../../config/app-config';
import type { AppModuleOptions } from '../../api/app.module';
import type { DevClock } from '../../api/temporal/temporal.tokens';
import { startStack } from './stack-starter';
import type { TemporalEnv } from './temporal-env';
import type { TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  database: TestDatabase;
  temporal: TemporalEnv;
  /** supertest bound to the app's HTTP server. */
  http(): ReturnType<typeof request>;
  /** Logs a demo user in (password `demo`) and returns the bearer token. */
  token(username: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: NodeJS.ProcessEnv;
  devClock?: DevClock;
  seedDemoUsers?: boolean;
  imports?: AppModuleOptions['imports'];
  /** A Temporal of the test's own (e.g. a temporal-lite started at a given date); closed with the app. */
  temporal?: TemporalEnv;
  /** The app's TEMPORAL_TASK_QUEUE, unique to the calling file; with `worker`, a worker polls it. */
  taskQueue?: string;
  worker?: boolean;
}

export async function createTestApp(label: string, options: TestAppOptions = {}): Promise<TestApp> {
  const stack = await startStack({
    label,
    taskQueue: options.taskQueue,
    temporal: options.temporal,
    // the worker holds the cases it starts itself (signal, timer starts) to the app's limit
    worker: options.worker
      ? {
          maxOpenTasksPerCase: options.env?.MAX_OPEN_TASKS_PER_CASE
            ? Number(options.env.MAX_OPEN_TASKS_PER_CASE)
            : undefined,
        }
      : undefined,
    app: {
      env: options.env,
      devClock: options.devClock,
      imports: options.imports,
      seedDemoUsers: options.seedDemoUsers,
    },
  });
  const app = stack.app as INestApplication;
  const tokens = new Map<string, string>();
  return {
    app,
    config: stack.config as AppConfig,
    database: stack.db,
    temporal: stack.temporal,
    http: () => request(app.getHttpServer()),
    async token(username: string) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const res = await request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ username, password: 'demo' });
      if (res.status !== 200)
        throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      const token = (res.body as { accessToken: string }).accessToken;
      tokens.set(username, token);
      return token;
    },
    close: stack.stop,
  };
}
