// Server time never goes backwards across a crash: advanced (realtime) or skipped-to (skip) time is persisted.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { freePort, startServerProcess } from './server-process';

const DAY = 86_400_000;

describe('temporal-lite clock across crashes', () => {
  const servers: ChildProcess[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const s of servers) s.kill('SIGKILL');
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it.each(['realtime', 'skip'])(
    'keeps advanced server time after SIGKILL and restart (%s mode)',
    async (mode) => {
      // given a storage-backed server whose time was moved 3 days ahead through the TestService
      const dir = await mkdtemp(path.join(os.tmpdir(), 'temporal-lite-clock-'));
      dirs.push(dir);
      const port = await freePort();
      let server = await startServerProcess(port, dir, ['--time-mode', mode]);
      servers.push(server);
      const opts: InternalConnectionOptions = {
        address: `127.0.0.1:${port}`,
        [InternalConnectionOptionsSymbol]: { supportsTestService: true },
      };
      const connection = await Connection.connect(opts);
      const svc = connection.testService;
      if (!svc) throw new Error('the connection has no TestService');
      await svc.unlockTimeSkippingWithSleep({ duration: msToTs(3 * DAY) });
      const before = tsToMs((await svc.getCurrentTime({})).time);
      expect(before).toBeGreaterThan(Date.now() + 3 * DAY - 60_000);

      // when the server is SIGKILLed and restarted on the same storage
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      server = await startServerProcess(port, dir, ['--time-mode', mode]);
      servers.push(server);

      // then server time continues from where it was, not from wall time
      const after = tsToMs((await svc.getCurrentTime({})).time);
      expect(after).toBeGreaterThanOrEqual(before);
      expect(after - before).toBeLessThan(60_000);
      await connection.close();
    },
    60_000,
  );
});
