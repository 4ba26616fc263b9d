// A workflow cached on a worker that died goes to the normal queue at once, not after the sticky timeout.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startHarness, uid } from './helpers';
import type { LiteHarness } from './helpers';
import type { Msg } from '../src/proto';

describe('sticky queue of a dead worker', () => {
  let h: LiteHarness;
  let workerA: ChildProcess | undefined;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    workerA?.kill('SIGKILL');
    await h.close();
  });

  it('dispatches the next task to the normal queue once the sticky queue has had no poll for 10 s', async () => {
    // given a workflow whose last task was completed by worker A (own process, 60 s sticky schedule-to-start timeout)
    const taskQueue = uid('sticky-dead');
    const script = path.join(__dirname, 'fixtures', 'sticky-worker.ts');
    workerA = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, LITE_ADDRESS: h.lite.address, TASK_QUEUE: taskQueue }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      workerA!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      workerA!.once('exit', (code) => reject(new Error(`worker A exited with ${code}`)));
    });
    const handle = await h.client.workflow.start('counter', { taskQueue, workflowId: uid('cached') });
    await handle.signal('add', 2);
    const completedBy = async (): Promise<string[]> =>
      ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowTaskCompletedEventAttributes).map((e) => String((e as Msg).workflowTaskCompletedEventAttributes.identity));
    while ((await completedBy()).length < 2) await new Promise((r) => setTimeout(r, 50));

    // when worker A is SIGKILLed, more than 10 s pass, and worker B starts on the normal queue
    workerA.removeAllListeners('exit');
    workerA.kill('SIGKILL');
    await new Promise((r) => workerA!.once('exit', r));
    await new Promise((r) => setTimeout(r, 10_500));
    await h.worker({ taskQueue, identity: 'worker-b' });

    // then B gets the next task promptly (well under A's 60 s sticky timeout) with the full history
    const t0 = Date.now();
    await handle.signal('add', 3);
    await handle.signal('finish');
    expect(await handle.result()).toBe(5);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect((await completedBy()).at(-1)).toBe('worker-b');
  }, 60_000);
});
