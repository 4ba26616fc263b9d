// Environment is validated once at boot; every failure names the variable and the fix on one line.
import { z } from 'zod';

const durationPattern = /^\d+(ms|s|m|h|d)$/;

const boolish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a port number')
    .min(0, 'must be 0-65535')
    .max(65535, 'must be 0-65535')
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL')
    .optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d+$/, 'must be host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('reviewflow'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL: z.string().regex(durationPattern, 'must look like 15m, 8h or 1d').default('8h'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // A service task type that is not a built-in: an external job (default), or refused at deploy.
  UNKNOWN_TASK_TYPES: z.enum(['job', 'refuse']).default('job'),
  MAX_OPEN_TASKS_PER_CASE: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1, 'must be 1-100000')
    .max(100_000, 'must be 1-100000')
    .default(1_000),
  BATCH_CONCURRENCY: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1, 'must be 1-256')
    .max(256, 'must be 1-256')
    // Per batch; each in flight holds one workflow task of its case while the read model is written.
    .default(32),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'must look like 1mb or 512kb')
    .default('1mb'),
  DEMO_USERS: boolish.optional(),
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  NOTIFY_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  NOTIFY_WEBHOOK_TIMEOUT_MS: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(100, 'must be 100-120000')
    .max(120_000, 'must be 100-120000')
    .default(5_000),
  NOTIFY_MAX_ATTEMPTS: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1, 'must be 1-100')
    .max(100, 'must be 1-100')
    .default(8),
  NOTIFY_POLL_INTERVAL_MS: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(50, 'must be 50-600000')
    .max(600_000, 'must be 50-600000')
    .default(1_000),
  IDEMPOTENCY_LEASE_MS: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1_000, 'must be 1000-600000')
    .max(600_000, 'must be 1000-600000')
    .default(30_000),
  CASE_RECONCILE_INTERVAL_MS: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1_000, 'must be 1000-3600000')
    .max(3_600_000, 'must be 1000-3600000')
    .default(60_000),
  API_DOCS: z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
  LOGIN_MAX_FAILURES: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1, 'must be 1-1000')
    .max(1000, 'must be 1-1000')
    .default(10),
  LOGIN_ADDRESS_MAX_FAILURES: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1, 'must be 1-100000')
    .max(100_000, 'must be 1-100000')
    .default(100),
  LOGIN_LOCKOUT_MS: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1_000, 'must be 1000-86400000')
    .max(86_400_000, 'must be 1000-86400000')
    .default(900_000),
  ATTACHMENT_STORE: z
    .enum(['postgres', 'filesystem', 's3'], { error: 'must be postgres, filesystem or s3' })
    .default('postgres'),
  ATTACHMENT_DIR: z.string().min(1).optional(),
  ATTACHMENT_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  ATTACHMENT_S3_BUCKET: z.string().min(1).optional(),
  ATTACHMENT_S3_REGION: z.string().min(1).default('us-east-1'),
  ATTACHMENT_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  ATTACHMENT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  ATTACHMENT_S3_FORCE_PATH_STYLE: boolish.default(true),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1_024, 'must be 1024-1073741824')
    .max(1_073_741_824, 'must be 1024-1073741824')
    .default(20 * 1024 * 1024),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  nodeEnv: Env['NODE_ENV'];
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  temporalAddress?: string;
  temporalNamespace: string;
  taskQueue: string;
  /** Absent only before the embedded starter generates one. */
  jwtSecret?: string;
  jwtTtl: string;
  logLevel: Env['LOG_LEVEL'];
  /** Open user tasks one case may hold at once (a runaway process beyond it fails with an incident). */
  maxOpenTasksPerCase: number;
  /** A task type no built-in serves: an external job, or refused at deploy. */
  unknownTaskTypes: 'job' | 'refuse';
  batchConcurrency: number;
  bodyLimit: string;
  /** Seed and accept the contract's demo users (never in production). */
  demoUsers: boolean;
  workflowBundlePath?: string;
  /** Outbox dispatcher: webhook target (absent: the log channel), timeout, attempts before dead-letter, poll. */
  notifyWebhookUrl?: string;
  notifyWebhookTimeoutMs: number;
  notifyMaxAttempts: number;
  notifyPollIntervalMs: number;
  /** An in-progress Idempotency-Key reservation not renewed for this long is taken over by a retry. */
  idempotencyLeaseMs: number;
  /** How often the API looks for active cases older than a minute that have no workflow, and starts it. */
  caseReconcileIntervalMs: number;
  /** Serve the OpenAPI document and Swagger UI at /api/docs (default: on, off in production). */
  apiDocs: boolean;
  /** Failed logins (per username, per client address) within loginLockoutMs that lock the key for loginLockoutMs. */
  loginMaxFailures: number;
  loginMaxFailuresPerAddress: number;
  loginLockoutMs: number;
  /** Where attachment bytes live: the attachment_blobs table, files under attachmentDir, or an S3 bucket. */
  attachmentStore: 'postgres' | 'filesystem' | 's3';
  attachmentDir: string;
  /** The s3 store's bucket and credentials (present when attachmentStore is s3). Never logged. */
  attachmentS3?: {
    endpoint?: string;
    bucket: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    forcePathStyle: boolean;
  };
  /** Larger uploads are refused with 413 FILE_TOO_LARGE. */
  attachmentMaxBytes: number;
}

/** A configuration problem: its message is the one line shown to the operator. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const fixes: Record<string, string> = {
  PORT: 'set PORT to a free TCP port such as 3000',
  HOST: 'set HOST to an interface address such as 127.0.0.1 or 0.0.0.0',
  NODE_ENV: 'use development, test or production',
  DATABASE_URL: 'use postgres://user:password@host:5432/db, or unset it to run embedded PostgreSQL',
  TEMPORAL_ADDRESS: 'use host:port such as localhost:7233, or unset it to run temporal-lite',
  JWT_SECRET: 'set JWT_SECRET to a random string of at least 32 characters (e.g. `openssl rand -hex 32`)',
  JWT_TTL: 'use a duration such as 15m, 8h or 1d',
  LOG_LEVEL: 'use one of fatal, error, warn, info, debug, trace, silent',
  MAX_OPEN_TASKS_PER_CASE: 'use an integer between 1 and 100000',
  UNKNOWN_TASK_TYPES: 'use job (external job workers do them) or refuse (refused at deploy)',
  BATCH_CONCURRENCY: 'use an integer between 1 and 256',
  BODY_LIMIT: 'use a size such as 1mb',
  DEMO_USERS: 'use true or false',
  NOTIFY_WEBHOOK_URL:
    'use an http(s) URL such as https://hooks.example.org/reviewflow, or unset it to log notifications',
  NOTIFY_WEBHOOK_TIMEOUT_MS: 'use milliseconds between 100 and 120000',
  NOTIFY_MAX_ATTEMPTS: 'use an integer between 1 and 100',
  NOTIFY_POLL_INTERVAL_MS: 'use milliseconds between 50 and 600000',
  IDEMPOTENCY_LEASE_MS: 'use milliseconds between 1000 and 600000',
  CASE_RECONCILE_INTERVAL_MS: 'use milliseconds between 1000 and 3600000',
  API_DOCS: 'use on or off',
  LOGIN_MAX_FAILURES: 'use an integer between 1 and 1000',
  LOGIN_ADDRESS_MAX_FAILURES: 'use an integer between 1 and 100000',
  LOGIN_LOCKOUT_MS: 'use milliseconds between 1000 and 86400000',
  ATTACHMENT_STORE: 'use postgres (default), filesystem or s3',
  ATTACHMENT_S3_ENDPOINT: 'use the http(s) URL of the S3-compatible server, or unset it for AWS S3',
  ATTACHMENT_S3_BUCKET: 'set it to an existing bucket name (required when ATTACHMENT_STORE=s3)',
  ATTACHMENT_S3_REGION: 'set it to the bucket region such as us-east-1',
  ATTACHMENT_S3_ACCESS_KEY_ID: 'set it to the access key id (required when ATTACHMENT_STORE=s3)',
  ATTACHMENT_S3_SECRET_ACCESS_KEY: 'set it to the secret access key (required when ATTACHMENT_STORE=s3)',
  ATTACHMENT_S3_FORCE_PATH_STYLE: 'use true (path-style URLs, default) or false (virtual-hosted buckets)',
  ATTACHMENT_DIR: 'set it to a writable directory, or unset it for DATA_DIR/attachments',
  ATTACHMENT_MAX_BYTES: 'use a size in bytes between 1024 and 1073741824 (e.g. 20971520 for 20 MB)',
};

export interface LoadConfigOptions {
  /** Production parts (start:api, start:worker) need external services. */
  requireExternal?: boolean;
  /** False for the worker, which signs no tokens. */
  needsJwt?: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): AppConfig {
  // Empty strings count as unset, as shells and compose files often export them empty.
  const cleaned = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const shown =
      cleaned[name] === undefined ? ' is missing' : `=${JSON.stringify(cleaned[name])} is invalid`;
    throw new ConfigError(
      `Invalid environment: ${name}${shown} (${issue?.message ?? 'invalid'}); fix: ${fixes[name] ?? 'check its value'}.`,
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const needsJwt = options.needsJwt ?? true;
  if (needsJwt && production && !e.JWT_SECRET) {
    throw new ConfigError(
      `Invalid environment: JWT_SECRET is missing; fix: ${fixes.JWT_SECRET} (required when NODE_ENV=production).`,
    );
  }
  if (options.requireExternal) {
    if (!e.DATABASE_URL) {
      throw new ConfigError(
        `Invalid environment: DATABASE_URL is missing; fix: set it to postgres://user:password@host:5432/db (or use \`npm start\` for the embedded default).`,
      );
    }
    if (!e.TEMPORAL_ADDRESS) {
      throw new ConfigError(
        `Invalid environment: TEMPORAL_ADDRESS is missing; fix: set it to host:port of your Temporal frontend (or use \`npm start\` for the embedded default).`,
      );
    }
    if (needsJwt && !e.JWT_SECRET) {
      throw new ConfigError(`Invalid environment: JWT_SECRET is missing; fix: ${fixes.JWT_SECRET}.`);
    }
  }
  if (e.ATTACHMENT_STORE === 's3') {
    for (const name of [
      'ATTACHMENT_S3_BUCKET',
      'ATTACHMENT_S3_ACCESS_KEY_ID',
      'ATTACHMENT_S3_SECRET_ACCESS_KEY',
    ] as const) {
      if (!e[name]) throw new ConfigError(`Invalid environment: ${name} is missing; fix: ${fixes[name]}.`);
    }
  }
  if (production && e.DEMO_USERS === true) {
    throw new ConfigError(
      'Invalid environment: DEMO_USERS=true is not allowed when NODE_ENV=production; fix: unset DEMO_USERS.',
    );
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    jwtSecret: e.JWT_SECRET,
    jwtTtl: e.JWT_TTL,
    logLevel: e.LOG_LEVEL,
    maxOpenTasksPerCase: e.MAX_OPEN_TASKS_PER_CASE,
    unknownTaskTypes: e.UNKNOWN_TASK_TYPES,
    batchConcurrency: e.BATCH_CONCURRENCY,
    bodyLimit: e.BODY_LIMIT,
    demoUsers: !production && (e.DEMO_USERS ?? !e.DATABASE_URL),
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    notifyWebhookUrl: e.NOTIFY_WEBHOOK_URL,
    notifyWebhookTimeoutMs: e.NOTIFY_WEBHOOK_TIMEOUT_MS,
    notifyMaxAttempts: e.NOTIFY_MAX_ATTEMPTS,
    notifyPollIntervalMs: e.NOTIFY_POLL_INTERVAL_MS,
    idempotencyLeaseMs: e.IDEMPOTENCY_LEASE_MS,
    caseReconcileIntervalMs: e.CASE_RECONCILE_INTERVAL_MS,
    apiDocs: e.API_DOCS === undefined ? !production : e.API_DOCS === 'on',
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginMaxFailuresPerAddress: e.LOGIN_ADDRESS_MAX_FAILURES,
    loginLockoutMs: e.LOGIN_LOCKOUT_MS,
    attachmentStore: e.ATTACHMENT_STORE,
    attachmentDir: e.ATTACHMENT_DIR ?? `${e.DATA_DIR}/attachments`,
    attachmentS3:
      e.ATTACHMENT_STORE === 's3'
        ? {
            endpoint: e.ATTACHMENT_S3_ENDPOINT,
            bucket: e.ATTACHMENT_S3_BUCKET!,
            region: e.ATTACHMENT_S3_REGION,
            accessKeyId: e.ATTACHMENT_S3_ACCESS_KEY_ID!,
            secretAccessKey: e.ATTACHMENT_S3_SECRET_ACCESS_KEY!,
            forcePathStyle: e.ATTACHMENT_S3_FORCE_PATH_STYLE,
          }
        : undefined,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
