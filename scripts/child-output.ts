// What a started child process is watched for: its recent output, its exit, and whether it still runs.
import type { ChildProcess } from 'node:child_process';

export interface WatchedChild {
  /** what it wrote on stdout and stderr, the last `keep` characters at least */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
}

export function watchChild(child: ChildProcess, keep: number): WatchedChild {
  let out = '';
  const append = (c: Buffer) => {
    out += c.toString();
    if (out.length > 2 * keep) out = out.slice(-keep);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    output: () => out,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}
