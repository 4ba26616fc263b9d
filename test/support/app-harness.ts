// Builds the real Nest app on a fresh test database and the shared temporal-lite, for supertest.
import type { INestApplication } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import request from 'supertest';
import { seedDemoUsers } from '../../api/auth/demo-users';
import { type AppConfig, loadConfig } from '../../config/app-config';
import { connectDatabase } from '../../config/connect';
import { createApp } from '../../api/create-app';
import type { AppModuleOptions } from '../../api/app.module';
import type { DevClock } from '../../api/temporal/temporal.tokens';
import { type TestDatabase, createTestDatabase } from './test-database';
import { type TemporalEnv, createTemporalEnv } from './temporal-env';

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
}

export async function createTestApp(label: string, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(label);
  const temporal = options.temporal ?? (await createTemporalEnv());
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'test-secret-0123456789abcdef0123456789',
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      ...options.env,
    }),
  };
  if (options.seedDemoUsers ?? true) await seedDemoUsers(database.dataSource);
  const dataSource = await connectDatabase(database.url);
  const temporalConnection = await Connection.connect({ address: temporal.address });
  const app = await createApp({
    config,
    dataSource,
    temporalConnection,
    devClock: options.devClock,
    imports: options.imports,
  });
  const tokens = new Map<string, string>();
  return {
    app,
    config,
    database,
    temporal,
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
    async close() {
      await app.close();
      await temporal.teardown();
      await database.drop();
    },
  };
}
