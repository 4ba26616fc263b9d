import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `users.token_version`: carried in every access token; bumping it revokes all of that user's tokens.
 * `users.disabled`: a disabled user can neither log in nor use a token issued before.
 * `login_throttle`: failed logins per key (`user:<name>`, `addr:<ip>`) in the current window, and the lock they set;
 * in PostgreSQL so every API process counts the same attempts.
 */
export class LoginThrottleTokenVersion1795920000000 implements MigrationInterface {
  name = 'LoginThrottleTokenVersion1795920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "users" ADD "disabled" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE TABLE "login_throttle" (
         "key" text NOT NULL,
         "failures" integer NOT NULL,
         "window_started_at" timestamptz NOT NULL,
         "locked_until" timestamptz,
         CONSTRAINT "pk_login_throttle" PRIMARY KEY ("key"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "login_throttle"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "disabled"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
  }
}
