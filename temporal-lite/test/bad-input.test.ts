import * as grpc from '@grpc/grpc-js';
import { ActivityNotFoundError, Client, NamespaceNotFoundError } from '@temporalio/client';
import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';

/** Fields 1-6 of temporal.server.api.token.v1.Task, as a real server encodes an activity task token. */
function serverFormatToken(namespaceId: string, workflowId: string, runId: string): Buffer {
  const str = (field: number, v: string): Buffer => {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([Buffer.from([(field << 3) | 2, b.length]), b]);
  };
  const num = (field: number, v: number): Buffer => Buffer.from([field << 3, v]);
  return Buffer.concat([
    str(1, namespaceId),
    str(2, workflowId),
    str(3, runId),
    num(4, 5),
    num(5, 1),
    str(6, '1'),
  ]);
}

describe('temporal-lite bad input gets the gRPC status a real server gives', () => {
  let h: LiteHarness;
  let raw: grpc.Client;
  const call = (method: string, body: Buffer): Promise<grpc.ServiceError | Buffer> =>
    new Promise((resolve) => {
      raw.makeUnaryRequest(
        `/temporal.api.workflowservice.v1.WorkflowService/${method}`,
        (b: Buffer) => b,
        (b: Buffer) => b,
        body,
        (err, res) => resolve(err ?? res!),
      );
    });

  beforeAll(async () => {
    h = await startHarness();
    raw = new grpc.Client(h.lite.address, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    raw.close();
    await h.close();
  });

  it('rejects an unknown namespace with NOT_FOUND', async () => {
    const client = new Client({ connection: h.connection, namespace: 'no-such-namespace' });
    await expect(
      client.workflow.start('greet', { taskQueue: 'x', workflowId: uid('ns'), args: ['x'] }),
    ).rejects.toBeInstanceOf(NamespaceNotFoundError);
  });

  it('answers malformed bytes with INTERNAL (grpc-go cannot unmarshal them) and unknown methods with UNIMPLEMENTED', async () => {
    expect(await call('StartWorkflowExecution', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]))).toMatchObject({
      code: grpc.status.INTERNAL,
    });
    const r = await new Promise<grpc.ServiceError | undefined>((resolve) => {
      raw.makeUnaryRequest(
        '/temporal.api.workflowservice.v1.WorkflowService/NoSuchMethod',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        (err) => resolve(err ?? undefined),
      );
    });
    expect(r?.code).toBe(grpc.status.UNIMPLEMENTED);
  });

  it('rejects missing fields and unknown task tokens without disturbing running work', async () => {
    const svc = h.connection.workflowService;
    await expect(
      svc.startWorkflowExecution({ namespace: 'default', workflowId: uid('x'), taskQueue: { name: 'q' } }),
    ).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    await expect(h.client.activity.complete(new Uint8Array([1, 2, 3]), 'x')).rejects.toThrow();
    // a token in the real server's format (temporal.server.api.token.v1.Task) for a run nobody knows
    const { namespaceInfo } = await svc.describeNamespace({ namespace: 'default' });
    const unknownRunToken = serverFormatToken(
      namespaceInfo!.id!,
      uid('gone'),
      '33fe12c8-be49-41a2-8abd-1765496ede9e',
    );
    await expect(
      svc.respondActivityTaskCompleted({ namespace: 'default', taskToken: unknownRunToken }),
    ).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
    await expect(h.client.activity.complete(unknownRunToken, 'x')).rejects.toBeInstanceOf(
      ActivityNotFoundError,
    );
    await expect(
      svc.respondWorkflowTaskCompleted({ namespace: 'default', taskToken: Buffer.from('garbage') }),
    ).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    await expect(
      svc.signalWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: uid('none') },
        signalName: 's',
      }),
    ).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
    // the server still works
    const w = await h.worker();
    expect(
      await h.client.workflow.execute('greet', {
        taskQueue: w.taskQueue,
        workflowId: uid('ok'),
        args: ['still'],
      }),
    ).toBe('hello still');
    await w.stop();
  });
});
