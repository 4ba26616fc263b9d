// PostgreSQL advisory locks keyed by text (hashed): one runner of a sweep or a batch at a time across API processes.
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** Session lock on the runner's connection, without waiting: true when taken. */
export async function tryAdvisoryLock(runner: QueryRunner, key: string): Promise<boolean> {
  const [lock] = (await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS ok`, [key])) as {
    ok: boolean;
  }[];
  return lock?.ok === true;
}

/** Session lock on the runner's connection, waiting for it. */
export async function advisoryLock(runner: QueryRunner, key: string): Promise<void> {
  await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [key]);
}

export async function advisoryUnlock(runner: QueryRunner, key: string): Promise<void> {
  await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]);
}

/** Transaction lock in class `lockClass` (released at commit or rollback). */
export async function advisoryXactLock(tx: EntityManager, lockClass: number, key: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lockClass, key]);
}

/**
 * Runs `work` holding the session lock `key` on a connection of its own, released after; `{ locked: false }` without
 * running it when another process holds the lock.
 */
export async function withTryAdvisoryLock<T>(
  dataSource: DataSource,
  key: string,
  work: () => Promise<T>,
): Promise<{ locked: true; value: T } | { locked: false }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (!(await tryAdvisoryLock(runner, key))) return { locked: false };
    try {
      return { locked: true, value: await work() };
    } finally {
      await advisoryUnlock(runner, key);
    }
  } finally {
    await runner.release();
  }
}
