// SQL of authentication: token subjects (version, disabled), revocation, and the login throttle.
import type { DataSource } from 'typeorm';

export interface TokenSubject {
  id: string;
  tokenVersion: number;
  disabled: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user a token names, or undefined when it no longer exists. */
export async function findTokenSubject(ds: DataSource, id: string): Promise<TokenSubject | undefined> {
  if (!UUID.test(id)) return undefined;
  const rows: { id: string; token_version: number; disabled: boolean }[] = await ds.query(
    'SELECT id, token_version, disabled FROM users WHERE id = $1',
    [id],
  );
  const row = rows[0];
  return row ? { id: row.id, tokenVersion: row.token_version, disabled: row.disabled } : undefined;
}

/** Revokes every token of the user; the new version, or undefined for an unknown user. */
export async function bumpTokenVersion(
  ds: DataSource,
  username: string,
): Promise<{ id: string; tokenVersion: number } | undefined> {
  // TypeORM answers an UPDATE with [rows, affected count].
  const [rows]: [{ id: string; token_version: number }[], number] = await ds.query(
    'UPDATE users SET token_version = token_version + 1 WHERE username = $1 RETURNING id, token_version',
    [username],
  );
  const row = rows[0];
  return row ? { id: row.id, tokenVersion: row.token_version } : undefined;
}

/** Milliseconds until the longest lock among `keys` ends, or 0 when none is locked. */
export async function loginLockRemainingMs(ds: DataSource, keys: string[]): Promise<number> {
  const rows: { ms: string | null }[] = await ds.query(
    `SELECT ceil(extract(epoch FROM max(locked_until) - now()) * 1000) AS ms
       FROM login_throttle WHERE key = ANY($1) AND locked_until > now()`,
    [keys],
  );
  return Math.max(0, Number(rows[0]?.ms ?? 0));
}

/**
 * Counts one failure against `key` in its window of `windowMs` (a new window once the old one is over); the
 * failure that reaches `max` locks the key for `windowMs`. Answers the failures counted in this window.
 */
export async function recordLoginFailure(
  ds: DataSource,
  key: string,
  max: number,
  windowMs: number,
): Promise<number> {
  const rows: { failures: number }[] = await ds.query(
    `WITH w AS (SELECT now() - $3 * interval '1 millisecond' AS expired)
     INSERT INTO login_throttle AS t (key, failures, window_started_at, locked_until)
     VALUES ($1, 1, now(), CASE WHEN 1 >= $2 THEN now() + $3 * interval '1 millisecond' END)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.window_started_at <= (SELECT expired FROM w) THEN 1 ELSE t.failures + 1 END,
       window_started_at = CASE WHEN t.window_started_at <= (SELECT expired FROM w) THEN now()
                                ELSE t.window_started_at END,
       locked_until = CASE
         WHEN (CASE WHEN t.window_started_at <= (SELECT expired FROM w) THEN 1 ELSE t.failures + 1 END) >= $2
           THEN now() + $3 * interval '1 millisecond'
         ELSE t.locked_until END
     RETURNING failures`,
    [key, max, windowMs],
  );
  return rows[0]?.failures ?? 0;
}

/** A successful login forgets the username's failures (never the address's). */
export async function clearLoginFailures(ds: DataSource, key: string): Promise<void> {
  await ds.query(
    'DELETE FROM login_throttle WHERE key = $1 AND (locked_until IS NULL OR locked_until <= now())',
    [key],
  );
}

/** Drops windows and locks that are over (called now and then, so the table stays small). */
export async function pruneLoginThrottle(ds: DataSource, windowMs: number): Promise<void> {
  await ds.query(
    `DELETE FROM login_throttle
      WHERE window_started_at < now() - $1 * interval '1 millisecond' AND (locked_until IS NULL OR locked_until < now())`,
    [windowMs],
  );
}
