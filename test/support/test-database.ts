// A fresh, uniquely named database per test file on the run's shared server, with the migrations applied.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, runMigrations } from '../../db/data-source';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

export function testServerUrl(): string {
  const url = process.env.RF_TEST_PG_URL ?? process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'RF_TEST_PG_URL is not set: run integration tests through jest (global setup starts PostgreSQL).',
    );
  return url;
}

export async function createTestDatabase(
  label: string,
  opts: { migrate?: boolean; /** default: the jest run's server */ serverUrl?: string } = {},
): Promise<TestDatabase> {
  const adminUrl = opts.serverUrl ?? testServerUrl();
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  const name = `rf_${slug}_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(adminUrl, name);
  if (opts.migrate !== false) await runMigrations(url);
  const dataSource = new DataSource(buildDataSourceOptions(url, { poolSize: 25 }));
  await dataSource.initialize();
  return {
    url,
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
