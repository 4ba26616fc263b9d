import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { cachedBundle, quietRuntime, uid } from './helpers';
import { freePort, startServerProcess } from './server-process';

const N = 200;

describe('temporal-lite durability', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  afterAll(async () => {
    server?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it(`loses no acknowledged signal or update when the server is SIGKILLed with ${N} workflows in flight`, async () => {
    quietRuntime();
    dir = await mkdtemp(path.join(os.tmpdir(), 'temporal-lite-durable-'));
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    server = await startServerProcess(port, dir);
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const nativeConnection = await NativeConnection.connect({ address });
    const taskQueue = uid('durable');
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await cachedBundle(),
      activities: await import('./fixtures/activities'),
      maxCachedWorkflows: N + 50,
    });
    await worker.runUntil(async () => {
      // given N workflows in flight, half of them signalled and a quarter updated (all acknowledged)
      const ids = Array.from({ length: N }, (_, i) => `${taskQueue}-${i}`);
      await Promise.all(
        ids.map((workflowId, i) =>
          client.workflow.start('durableShape', { taskQueue, workflowId, args: [i] }),
        ),
      );
      for (let i = 0; i < N / 4; i++)
        expect(await client.workflow.getHandle(ids[i]!).executeUpdate('bump', { args: [i] })).toBe(i);
      await Promise.all(ids.slice(0, N / 2).map((id, i) => client.workflow.getHandle(id).signal('go', i)));
      // when the server process is killed and restarted on the same storage
      server!.kill('SIGKILL');
      await new Promise((r) => server!.once('exit', r));
      server = await startServerProcess(port, dir);
      // then the rest can be signalled and every workflow completes as if nothing happened
      await Promise.all(
        ids.slice(N / 2).map((id, k) => client.workflow.getHandle(id).signal('go', N / 2 + k)),
      );
      const results = await Promise.all(ids.map((id) => client.workflow.getHandle(id).result()));
      results.forEach((r, i) => expect(r).toBe(`hello a${i}|hello b${i}|${i < N / 4 ? i : 0}`));
    });
    await connection.close();
    await nativeConnection.close();
  }, 150_000);
});
