// Server time never goes backwards across a crash: advanced (realtime) or skipped-to (skip) time is persisted.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';

const DAY = 86_400_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

function startServer(port: number, dir: string, mode: string): Promise<ChildProcess> {
  const cli = path.join(__dirname, '..', 'src', 'cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', String(port), '--storage', dir, '--time-mode', mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`temporal-lite exited with ${code}`)));
  });
}

describe('temporal-lite clock across crashes', () => {
  const servers: ChildProcess[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const s of servers) s.kill('SIGKILL');
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it.each(['realtime', 'skip'])('keeps advanced server time after SIGKILL and restart (%s mode)', async (mode) => {
    // given a storage-backed server whose time was moved 3 days ahead through the TestService
    const dir = await mkdtemp(path.join(os.tmpdir(), 'temporal-lite-clock-'));
    dirs.push(dir);
    const port = await freePort();
    let server = await startServer(port, dir, mode);
    servers.push(server);
    const opts: InternalConnectionOptions = { address: `127.0.0.1:${port}`, [InternalConnectionOptionsSymbol]: { supportsTestService: true } };
    const connection = await Connection.connect(opts);
    const svc = connection.testService;
    if (!svc) throw new Error('the connection has no TestService');
    await svc.unlockTimeSkippingWithSleep({ duration: msToTs(3 * DAY) });
    const before = tsToMs((await svc.getCurrentTime({})).time);
    expect(before).toBeGreaterThan(Date.now() + 3 * DAY - 60_000);

    // when the server is SIGKILLed and restarted on the same storage
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    server = await startServer(port, dir, mode);
    servers.push(server);

    // then server time continues from where it was, not from wall time
    const after = tsToMs((await svc.getCurrentTime({})).time);
    expect(after).toBeGreaterThanOrEqual(before);
    expect(after - before).toBeLessThan(60_000);
    await connection.close();
  }, 60_000);
});
