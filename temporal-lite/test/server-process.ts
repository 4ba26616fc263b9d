// temporal-lite as a separate process on a storage dir, for tests that SIGKILL it and start it again.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

/** Starts the CLI on `port` with `--storage dir` (plus `args`) and resolves once it listens. */
export function startServerProcess(port: number, dir: string, args: string[] = []): Promise<ChildProcess> {
  const cli = path.join(__dirname, '..', 'src', 'cli.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--port', String(port), '--storage', dir, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`temporal-lite exited with ${code}`)));
  });
}
