import * as http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import type { GrpcServer, UnaryCall, UnaryHandler } from '../src/grpc-server';
import { encodeGrpcMessage, parseGrpcTimeout, startGrpcServer } from '../src/grpc-server';

// The transport alone, driven by grpc-js's client (the SDK's client library) with and without compression.
describe('unary gRPC server on node:http2', () => {
  let server: GrpcServer;
  let client: grpc.Client;
  let gzipClient: grpc.Client;
  const cancelled: string[] = [];

  const handlers = new Map<string, UnaryHandler>([
    ['/t.S/Echo', (call) => call.ok(Buffer.concat([Buffer.from('echo:'), call.request]))],
    [
      '/t.S/Refuse',
      (call) =>
        call.fail({
          code: grpc.status.NOT_FOUND,
          message: 'no run 运行 100%',
          details: Buffer.from([1, 2, 3, 255]),
        }),
    ],
    [
      '/t.S/Hang',
      (call: UnaryCall) => {
        call.onCancel(() => cancelled.push(call.request.toString()));
      },
    ],
  ]);

  beforeAll(async () => {
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      maxMessageBytes: 1024,
      handlers,
      unknown: (path) => ({ code: grpc.status.UNIMPLEMENTED, message: `unknown method ${path}` }),
    });
    client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    gzipClient = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure(), {
      'grpc.default_compression_algorithm': 2,
    });
  });

  afterAll(async () => {
    client.close();
    gzipClient.close();
    await server.close(500);
  });

  function call(
    c: grpc.Client,
    path: string,
    body: Buffer,
    deadlineMs?: number,
  ): Promise<{ body?: Buffer; error?: grpc.ServiceError }> {
    return new Promise((resolve) => {
      const opts = deadlineMs ? { deadline: Date.now() + deadlineMs } : {};
      c.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        body,
        new grpc.Metadata(),
        opts,
        (error, res) => resolve(error ? { error } : { body: res }),
      );
    });
  }

  it('answers a call, plain or gzip-compressed', async () => {
    // Given a request body; When sent without and with compression
    const plain = await call(client, '/t.S/Echo', Buffer.from('hi'));
    const zipped = await call(gzipClient, '/t.S/Echo', Buffer.from('x'.repeat(500)));
    // Then both come back through the handler
    expect(plain.body?.toString()).toBe('echo:hi');
    expect(zipped.body?.toString()).toBe(`echo:${'x'.repeat(500)}`);
  });

  it('sends a refusal with its code, message and status details', async () => {
    // When the handler fails the call
    const { error } = await call(client, '/t.S/Refuse', Buffer.alloc(0));
    // Then the client sees all three (the message survives percent-encoding)
    expect(error?.code).toBe(grpc.status.NOT_FOUND);
    expect(error?.details).toBe('no run 运行 100%');
    expect(error?.metadata.get('grpc-status-details-bin')[0]).toEqual(Buffer.from([1, 2, 3, 255]));
  });

  it('answers an unknown method with UNIMPLEMENTED and an oversized request with RESOURCE_EXHAUSTED', async () => {
    const unknown = await call(client, '/t.S/Nope', Buffer.alloc(0));
    const big = await call(client, '/t.S/Echo', Buffer.alloc(2048, 1));
    expect(unknown.error?.code).toBe(grpc.status.UNIMPLEMENTED);
    expect(unknown.error?.details).toContain('/t.S/Nope');
    expect(big.error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    // And the server still serves
    expect((await call(client, '/t.S/Echo', Buffer.from('ok'))).body?.toString()).toBe('echo:ok');
  });

  it('refuses a compressed request that inflates past the limit, and a corrupt one', async () => {
    // Given 5,000 bytes that gzip to far less than the 1,024-byte limit
    const bomb = await call(gzipClient, '/t.S/Echo', Buffer.alloc(5000, 0x61));
    expect(bomb.error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);

    // Given a message flagged gzip whose bytes are not gzip (sent raw: grpc-js would compress it properly)
    const session = http2.connect(`http://127.0.0.1:${server.port}`);
    const garbage = Buffer.from('not gzip at all, not at all');
    const frame = Buffer.concat([Buffer.from([1, 0, 0, 0, garbage.length]), garbage]);
    const req = session.request({
      ':method': 'POST',
      ':path': '/t.S/Echo',
      'content-type': 'application/grpc',
      'grpc-encoding': 'gzip',
      te: 'trailers',
    });
    const headers = await new Promise<http2.IncomingHttpHeaders>((resolve) => {
      req.on('response', resolve);
      req.end(frame);
    });
    req.close();
    session.close();
    // Then it is refused with INTERNAL and a message saying why
    expect(headers['grpc-status']).toBe(String(grpc.status.INTERNAL));
    expect(String(headers['grpc-message'])).toContain('decompress');
  });

  it('tells the handler when the client gives up at its deadline', async () => {
    // Given a handler that never answers; When the client's 150 ms deadline passes
    const { error } = await call(client, '/t.S/Hang', Buffer.from('hang-1'), 150);
    // Then the client gets DEADLINE_EXCEEDED and the handler's cancel callback ran
    expect(error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    for (let i = 0; i < 50 && !cancelled.includes('hang-1'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(cancelled).toContain('hang-1');
  });

  it('parses grpc-timeout and percent-encodes messages as the protocol says', () => {
    expect(parseGrpcTimeout('70S')).toBe(70_000);
    expect(parseGrpcTimeout('1500m')).toBe(1500);
    expect(parseGrpcTimeout('2H')).toBe(7_200_000);
    expect(parseGrpcTimeout('5x')).toBeUndefined();
    expect(parseGrpcTimeout(undefined)).toBeUndefined();
    expect(encodeGrpcMessage('a%b\n')).toBe('a%25b%0A');
  });
});
