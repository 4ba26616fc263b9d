// A unary-only gRPC server straight on node:http2. Every Temporal call is unary, and grpc-js's general server
// (interceptors, stream objects, channelz, a zlib stream per compressed message) cost about twice the CPU per call
// of the HTTP/2 work itself (bench/RESULTS.md). Wire format: https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md
import * as http2 from 'node:http2';
import * as zlib from 'node:zlib';
import { status } from '@grpc/grpc-js';
import { gunzipSync } from 'fflate';

export interface GrpcStatus {
  code: status;
  message: string;
  /** Serialized google.rpc.Status for `grpc-status-details-bin`. */
  details?: Buffer;
}

/** One unary call: the handler answers exactly once with `ok` or `fail`; later answers are ignored. */
export interface UnaryCall {
  readonly request: Buffer;
  /** Absolute deadline in ms since the epoch (an hour ahead when the client sent none). */
  readonly deadline: number;
  /** The client went away (cancel, deadline, connection lost) or the call was answered. */
  readonly closed: boolean;
  onCancel(fn: () => void): void;
  ok(body: Uint8Array): void;
  fail(s: GrpcStatus): void;
}

export type UnaryHandler = (call: UnaryCall) => void;

export interface GrpcServer {
  port: number;
  /** Stops accepting calls; open ones get `graceMs`, then their connections are closed. */
  close(graceMs: number): Promise<void>;
}

const NO_DEADLINE_MS = 3_600_000;
const TIMEOUT_UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 1e-3, n: 1e-6 };

/** `grpc-timeout` as milliseconds, undefined when absent or malformed. */
export function parseGrpcTimeout(v: string | string[] | undefined): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{1,8})([HMSmun])$/.exec(v);
  return m ? Number(m[1]) * TIMEOUT_UNIT_MS[m[2]!]! : undefined;
}

/** Percent-encodes a status message as the protocol asks (printable ASCII but '%' passes through). */
export function encodeGrpcMessage(message: string): string {
  const bytes = Buffer.from(message, 'utf8');
  let out = '';
  for (const b of bytes)
    out +=
      b >= 0x20 && b <= 0x7e && b !== 0x25
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

function inflate(body: Buffer, encoding: string, limit: number): Buffer {
  if (encoding === 'gzip') {
    // fflate rather than zlib: a native zlib object per message (with its external-memory accounting) cost the
    // server ~60 µs a call under load, ~10% of its CPU (bench/RESULTS.md). The trailer states the inflated size.
    if (body.length < 18 || body[0] !== 0x1f || body[1] !== 0x8b)
      throw new GrpcFailure(status.INTERNAL, 'could not decompress the request: not gzip data');
    const size = body.readUInt32LE(body.length - 4);
    if (size > limit)
      throw new GrpcFailure(
        status.RESOURCE_EXHAUSTED,
        `Received message larger than max (${size} vs. ${limit})`,
      );
    const out = gunzipSync(body);
    if (out.length > limit)
      throw new GrpcFailure(
        status.RESOURCE_EXHAUSTED,
        `Received message larger than max (${out.length} vs. ${limit})`,
      );
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  }
  if (encoding === 'deflate') return zlib.inflateSync(body, { maxOutputLength: limit });
  throw new GrpcFailure(status.UNIMPLEMENTED, `unsupported grpc-encoding ${encoding}`);
}

class GrpcFailure extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

const ACCEPT_ENCODING = 'identity,deflate,gzip';

class Call implements UnaryCall {
  request: Buffer = Buffer.alloc(0);
  readonly deadline: number;
  private answered = false;
  private gone = false;
  private cancelFns: Array<() => void> = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly stream: http2.ServerHttp2Stream,
    timeoutMs: number | undefined,
  ) {
    this.deadline = Date.now() + (timeoutMs ?? NO_DEADLINE_MS);
    if (timeoutMs !== undefined) {
      this.timer = setTimeout(() => this.expire(), timeoutMs);
      this.timer.unref();
    }
    stream.once('close', () => this.cancel());
    // Errors (RST from the client, a dead socket) surface as 'close'; without a listener they would throw.
    stream.on('error', () => undefined);
  }

  get closed(): boolean {
    return this.answered || this.gone;
  }

  onCancel(fn: () => void): void {
    if (this.gone) fn();
    else if (!this.answered) this.cancelFns.push(fn);
  }

  ok(body: Uint8Array): void {
    if (!this.settle()) return;
    const frame = Buffer.allocUnsafe(5 + body.length);
    frame[0] = 0;
    frame.writeUInt32BE(body.length, 1);
    frame.set(body, 5);
    const stream = this.stream;
    stream.respond(
      { ':status': 200, 'content-type': 'application/grpc', 'grpc-accept-encoding': ACCEPT_ENCODING },
      { waitForTrailers: true },
    );
    stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(frame);
  }

  fail(s: GrpcStatus): void {
    if (!this.settle()) return;
    this.sendStatus(s);
  }

  private sendStatus(s: GrpcStatus): void {
    const headers: http2.OutgoingHttpHeaders = {
      ':status': 200,
      'content-type': 'application/grpc',
      'grpc-accept-encoding': ACCEPT_ENCODING,
      'grpc-status': String(s.code),
      'grpc-message': encodeGrpcMessage(s.message),
    };
    if (s.details) headers['grpc-status-details-bin'] = s.details.toString('base64');
    // Trailers-only response: one HEADERS frame that ends the stream.
    this.stream.respond(headers, { endStream: true });
  }

  /** Marks the call answered; false when it already was or the client is gone. */
  private settle(): boolean {
    if (this.answered || this.gone || this.stream.destroyed || this.stream.closed) return false;
    this.answered = true;
    if (this.timer) clearTimeout(this.timer);
    this.cancelFns = [];
    return true;
  }

  private expire(): void {
    if (this.closed) return;
    const fns = this.cancelFns.splice(0);
    this.fail({ code: status.DEADLINE_EXCEEDED, message: 'Deadline exceeded' });
    this.gone = true;
    for (const fn of fns) fn();
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.answered || this.gone) return;
    this.gone = true;
    for (const fn of this.cancelFns.splice(0)) fn();
  }
}

/** Reads a unary request body: exactly one length-prefixed message, inflated if flagged compressed. */
function readMessage(chunks: Buffer[], total: number, encoding: string, limit: number): Buffer {
  const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  if (data.length < 5) throw new GrpcFailure(status.INTERNAL, 'request ended before a complete message');
  const compressed = data[0]!;
  const len = data.readUInt32BE(1);
  if (data.length < 5 + len) throw new GrpcFailure(status.INTERNAL, 'truncated message');
  if (data.length > 5 + len)
    throw new GrpcFailure(status.UNIMPLEMENTED, 'more than one request message on a unary method');
  const body = data.subarray(5);
  if (compressed === 0) return body;
  if (compressed !== 1) throw new GrpcFailure(status.INTERNAL, `invalid message flag ${compressed}`);
  if (encoding === 'identity')
    throw new GrpcFailure(status.INTERNAL, 'compressed message without grpc-encoding');
  try {
    return inflate(body, encoding, limit);
  } catch (err) {
    if (err instanceof GrpcFailure) throw err;
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new GrpcFailure(status.RESOURCE_EXHAUSTED, `Received message larger than max (${limit})`);
    }
    throw new GrpcFailure(status.INTERNAL, `could not decompress the request: ${(err as Error).message}`);
  }
}

export async function startGrpcServer(opts: {
  host: string;
  port: number;
  maxMessageBytes: number;
  handlers: ReadonlyMap<string, UnaryHandler>;
  /** Answers paths without a handler (UNIMPLEMENTED with a message naming the method). */
  unknown: (path: string) => GrpcStatus;
}): Promise<GrpcServer> {
  const limit = opts.maxMessageBytes;
  const server = http2.createServer({
    // Workers keep dozens of long polls open on one connection, and the default 10 MB session budget refuses
    // new streams under bursts of large responses.
    maxSessionMemory: 1024,
    settings: { maxConcurrentStreams: 100_000, initialWindowSize: 1 << 20 },
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.once('close', () => sessions.delete(s));
    s.on('error', () => undefined);
  });
  server.on('stream', (stream, headers) => {
    const ct = headers['content-type'];
    if (headers[':method'] !== 'POST' || typeof ct !== 'string' || !ct.startsWith('application/grpc')) {
      stream.on('error', () => undefined);
      stream.respond({ ':status': 415, 'content-type': 'text/plain' }, { endStream: true });
      return;
    }
    const path = String(headers[':path'] ?? '');
    const handler = opts.handlers.get(path);
    const call = new Call(stream, parseGrpcTimeout(headers['grpc-timeout']));
    if (!handler) {
      stream.resume();
      call.fail(opts.unknown(path));
      return;
    }
    const encoding = String(headers['grpc-encoding'] ?? 'identity');
    const chunks: Buffer[] = [];
    let total = 0;
    stream.on('data', (chunk: Buffer) => {
      if (call.closed) return;
      total += chunk.length;
      if (total > limit + 5) {
        call.fail({
          code: status.RESOURCE_EXHAUSTED,
          message: `Received message larger than max (${total - 5} vs. ${limit})`,
        });
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => {
      if (call.closed) return;
      try {
        call.request = readMessage(chunks, total, encoding, limit);
      } catch (err) {
        const f = err as GrpcFailure;
        call.fail({ code: f.code ?? status.INTERNAL, message: f.message });
        return;
      }
      handler(call);
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : opts.port);
    });
  });
  return {
    port,
    close: (graceMs) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          for (const s of sessions) s.destroy();
        }, graceMs);
        t.unref();
        server.close(() => {
          clearTimeout(t);
          resolve();
        });
        // GOAWAY: no new streams; the connection closes once its open calls are answered.
        for (const s of sessions) s.close();
      }),
  };
}
