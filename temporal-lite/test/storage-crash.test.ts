// Crash safety: a child process appends (and compacts) in a loop and is SIGKILLed at a random moment.
// Every record it was told is durable must load afterwards, and the log must be a prefix of what it issued.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { openLogStore } from '../src/storage/log-store';

const REPO_ROOT = resolve(__dirname, '..', '..');
const STORE_MODULE = resolve(__dirname, '..', 'src', 'storage', 'log-store.ts');

// Records carry a global sequence number assigned in issue order; 16 appenders run at once.
const CHILD = `
const { openLogStore } = require(process.env.STORE_MODULE);
(async () => {
  const store = await openLogStore({ dir: process.env.LOG_DIR, maxBatchDelayMs: Number(process.env.DELAY_MS) });
  const issued = await store.load();
  issued.forEach((r, i) => { if (r.seq !== i) { console.log('corrupt at ' + i); process.exit(3); } });
  let seq = issued.length;
  const compactEvery = Number(process.env.COMPACT_EVERY);
  let sinceCompact = 0;
  console.log('ready ' + seq);
  const appender = async () => {
    for (;;) {
      const recs = [];
      const n = 1 + Math.floor(Math.random() * 4);
      for (let i = 0; i < n; i++) {
        const r = { seq: seq++, pad: 'x'.repeat(Math.floor(Math.random() * 3000)) };
        recs.push(r);
        issued.push(r);
      }
      await store.append(recs);
      console.log('ack ' + recs.map((r) => r.seq).join(','));
      if (compactEvery > 0 && ++sinceCompact >= compactEvery) {
        sinceCompact = 0;
        await store.compact(issued.slice());
      }
    }
  };
  for (let i = 0; i < 16; i++) appender().catch((e) => { console.log('error ' + e.message); process.exit(2); });
})().catch((e) => { console.log('error ' + e.message); process.exit(2); });
`;

interface RoundResult {
  acked: Set<number>;
  startedAt: number;
  output: string[];
}

function runAndKill(
  dir: string,
  killAfterAcks: number,
  compactEvery: number,
  delayMs: number,
): Promise<RoundResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', CHILD], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        STORE_MODULE,
        LOG_DIR: dir,
        COMPACT_EVERY: String(compactEvery),
        DELAY_MS: String(delayMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result: RoundResult = { acked: new Set(), startedAt: -1, output: [] };
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let killed = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('ready ')) result.startedAt = Number(line.slice(6));
      else if (line.startsWith('ack ')) {
        for (const s of line.slice(4).split(',')) result.acked.add(Number(s));
        if (!killed && result.acked.size >= killAfterAcks) {
          killed = true;
          child.kill('SIGKILL');
        }
      } else result.output.push(line);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolvePromise(result);
      else reject(new Error(`child exited with ${code}: ${result.output.join('\n')}\n${stderr}`));
    });
  });
}

describe('log store crash safety', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-log-crash-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['appends only', 0, 0],
    ['appends with periodic compaction', 40, 0],
    ['appends with a batch delay and compaction', 25, 2],
  ])('keeps every acknowledged record across SIGKILLs (%s)', async (_, compactEvery, delayMs) => {
    let expectedMin = 0;
    for (let round = 0; round < 3; round++) {
      // given a child appending concurrently, when it is SIGKILLed mid-stream
      const killAfter = 150 + Math.floor(Math.random() * 400);
      const { acked, startedAt } = await runAndKill(dir, killAfter, compactEvery, delayMs);
      expect(startedAt).toBe(expectedMin);

      // then the log loads as a gap-free prefix of the issued sequence that covers every acknowledgement
      const store = await openLogStore({ dir });
      const loaded = (await store.load()) as { seq: number }[];
      await store.close();
      const seqs = loaded.map((r) => r.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i));
      const missing = [...acked].filter((s) => s >= seqs.length);
      expect(missing).toEqual([]);
      expect(acked.size).toBeGreaterThanOrEqual(killAfter);
      expectedMin = seqs.length;
    }
  });
});
