// Opening the database and Temporal at boot, turning "cannot connect" into one actionable line.
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../db/data-source';
import { StartupError } from './startup-error';

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured URL';
  }
}

function errCode(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  return typeof e.code === 'string'
    ? e.code
    : typeof e.message === 'string'
      ? e.message.split('\n')[0]!
      : String(err);
}

export async function connectDatabase(url: string, embedded = false): Promise<DataSource> {
  const dataSource = new DataSource(buildDataSourceOptions(url, { migrationsRun: false }));
  try {
    await dataSource.initialize();
    return dataSource;
  } catch (err) {
    const code = errCode(err);
    const reason =
      code === '28P01'
        ? 'password authentication failed'
        : code === '3D000'
          ? 'database does not exist'
          : code;
    const fix = embedded
      ? 'check DATA_DIR, or set DATABASE_URL to an external PostgreSQL'
      : 'check DATABASE_URL (host, port, user, password, database) and that PostgreSQL is running';
    throw new StartupError(`Cannot connect to PostgreSQL at ${describeUrl(url)} (${reason}): ${fix}.`);
  }
}

function temporalReason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/refused/i.test(text)) return 'connection refused';
  if (/timed? ?out|deadline/i.test(text)) return 'timed out';
  if (/lookup|not known|ENOTFOUND|resolve/i.test(text)) return 'host not found';
  if (/tls|certificate|handshake/i.test(text)) return 'TLS handshake failed';
  return text.replace(/\s+/g, ' ').slice(0, 100);
}

function temporalFailure(address: string, err: unknown): StartupError {
  const reason = temporalReason(err);
  return new StartupError(
    `Cannot connect to Temporal at ${address} (${reason}): check TEMPORAL_ADDRESS and that the Temporal frontend is running, or unset it to use temporal-lite.`,
  );
}

async function checkNamespace(describe: () => Promise<unknown>, namespace: string): Promise<void> {
  try {
    await describe();
  } catch (err) {
    // gRPC NOT_FOUND; anything else (e.g. UNIMPLEMENTED) is left for the first real call to report.
    if ((err as { code?: unknown }).code === 5) {
      throw new StartupError(
        `Temporal namespace "${namespace}" does not exist: create it (temporal operator namespace create ${namespace}) or set TEMPORAL_NAMESPACE.`,
      );
    }
  }
}

export async function connectTemporal(address: string, namespace: string): Promise<Connection> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '5s' });
  } catch (err) {
    throw temporalFailure(address, err);
  }
  await checkNamespace(() => connection.workflowService.describeNamespace({ namespace }), namespace);
  return connection;
}

/** `compress: false` for a server on the same machine (the embedded temporal-lite): gzip then only costs CPU on both
 * ends of a loopback connection. Across a network the SDK's default (gzip requests) stays. */
export async function connectNativeTemporal(
  address: string,
  namespace: string,
  opts: { compress?: boolean } = {},
): Promise<NativeConnection> {
  let connection: NativeConnection;
  try {
    connection = await NativeConnection.connect({
      address,
      ...(opts.compress === false ? { grpcCompression: { codec: 'none' as const } } : {}),
    });
  } catch (err) {
    throw temporalFailure(address, err);
  }
  await checkNamespace(() => connection.workflowService.describeNamespace({ namespace }), namespace);
  return connection;
}
