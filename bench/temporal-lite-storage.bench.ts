// temporal-lite log store throughput: 1 KiB records, N concurrent appenders, each awaiting its own fsync.
// Run: npx tsx bench/temporal-lite-storage.bench.ts [--appenders 100] [--seconds 10] [--delay-ms 0] [--dir <path>]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLogStore } from '../temporal-lite/src/storage/log-store';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function run(appenders: number, seconds: number, delayMs: number, baseDir: string): Promise<void> {
  const dir = await mkdtemp(join(baseDir, 'tl-storage-bench-'));
  const store = await openLogStore({ dir, maxBatchDelayMs: delayMs });
  // 1 KiB once v8-serialized: a small envelope around a 1000-character string.
  const payload = 'x'.repeat(1000);
  const latencies: number[] = [];
  let acked = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async (id: number): Promise<void> => {
    let n = 0;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await store.append([{ id, n: n++, payload }]);
      latencies.push(performance.now() - t0);
      acked++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: appenders }, (_, i) => worker(i)));
  const elapsed = (performance.now() - started) / 1000;
  const { batches, bytes } = store.stats;
  await store.close();

  const reopened = await openLogStore({ dir });
  const t1 = performance.now();
  const loaded = await reopened.load();
  const loadMs = performance.now() - t1;
  await reopened.close();
  await rm(dir, { recursive: true, force: true });

  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      appenders,
      maxBatchDelayMs: delayMs,
      seconds: Number(elapsed.toFixed(2)),
      records: acked,
      recordsPerSec: Math.round(acked / elapsed),
      mibPerSec: Number((bytes / elapsed / 1024 / 1024).toFixed(2)),
      fsyncsPerSec: Math.round(batches / elapsed),
      avgBatch: Number((acked / batches).toFixed(1)),
      bytesPerRecord: Math.round(bytes / acked),
      p50Ms: Number(percentile(latencies, 50).toFixed(2)),
      p99Ms: Number(percentile(latencies, 99).toFixed(2)),
      loadedRecords: loaded.length,
      loadRecordsPerSec: Math.round(loaded.length / (loadMs / 1000)),
    }),
  );
  if (loaded.length !== acked) throw new Error(`loaded ${loaded.length} records, acknowledged ${acked}`);
}

async function main(): Promise<void> {
  const appenders = arg('appenders', 100);
  const seconds = arg('seconds', 10);
  const delayMs = arg('delay-ms', 0);
  const i = process.argv.indexOf('--dir');
  const baseDir = i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : tmpdir();
  await run(appenders, seconds, delayMs, baseDir);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
