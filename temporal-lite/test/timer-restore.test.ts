// Timers started just before a crash survive it, and a second crash after the restart, at their original deadlines.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Msg } from '../src/proto';
import { cachedBundle, quietRuntime, uid } from './helpers';
import { freePort, startServerProcess } from './server-process';

const eventsOf = async (h: WorkflowHandle): Promise<Msg[]> =>
  ((await h.fetchHistory()).events ?? []) as Msg[];
const ms = (t: Msg): number => Number(t.seconds) * 1000 + Math.floor(Number(t.nanos ?? 0) / 1e6);

describe('temporal-lite timers across crashes', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  afterAll(async () => {
    server?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('re-arms every started, unfired timer after SIGKILL (twice) and cancels them with TimerCanceled events', async () => {
    quietRuntime();
    dir = await mkdtemp(path.join(os.tmpdir(), 'temporal-lite-timers-'));
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    server = await startServerProcess(port, dir);
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const nativeConnection = await NativeConnection.connect({ address });
    const taskQueue = uid('timers');
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await cachedBundle(),
    });
    await worker.runUntil(async () => {
      // given two runs that have just started two boundary timers each: one will be closed, one waits for its deadline
      const closing = await client.workflow.start('boundaryTimers', {
        taskQueue,
        workflowId: `${taskQueue}-close`,
        args: [3_600_000, 7_200_000],
      });
      const expiring = await client.workflow.start('boundaryTimers', {
        taskQueue,
        workflowId: `${taskQueue}-expire`,
        args: [3_600_000, 9_000],
      });
      for (const h of [closing, expiring]) {
        while ((await eventsOf(h)).filter((e) => e.timerStartedEventAttributes).length < 2)
          await new Promise((r) => setTimeout(r, 50));
      }

      // when the server is SIGKILLed, restarted, and SIGKILLed again right after its restore, then restarted
      for (let i = 0; i < 2; i++) {
        server!.kill('SIGKILL');
        await new Promise((r) => server!.once('exit', r));
        server = await startServerProcess(port, dir);
      }

      // then closing the task cancels both of its timers with TimerCanceled events and the run completes
      await closing.signal('closeTask');
      expect(await closing.result()).toBe('closed;');
      const closed = await eventsOf(closing);
      const startedIds = closed.filter((e) => e.timerStartedEventAttributes).map((e) => Number(e.eventId));
      const canceledFor = closed
        .filter((e) => e.timerCanceledEventAttributes)
        .map((e) => Number(e.timerCanceledEventAttributes.startedEventId));
      expect(canceledFor.sort()).toEqual(startedIds.sort());
      expect(closed.some((e) => e.workflowTaskFailedEventAttributes)).toBe(false);

      // and the other run's deadline fires at its original time, its reminder is cancelled
      expect(await expiring.result()).toBe('deadline;');
      const expired = await eventsOf(expiring);
      const deadline = expired.find(
        (e) =>
          e.timerStartedEventAttributes && ms(e.timerStartedEventAttributes.startToFireTimeout) === 9_000,
      )!;
      const fired = expired.find((e) => e.timerFiredEventAttributes)!;
      expect(Number(fired.timerFiredEventAttributes.startedEventId)).toBe(Number(deadline.eventId));
      const lateBy = ms(fired.eventTime) - (ms(deadline.eventTime) + 9_000);
      expect(lateBy).toBeGreaterThanOrEqual(0);
      expect(lateBy).toBeLessThan(3_000);
      expect(expired.filter((e) => e.timerCanceledEventAttributes)).toHaveLength(1);
    });
    await connection.close();
    await nativeConnection.close();
  }, 90_000);
});
