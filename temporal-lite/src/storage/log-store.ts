// Durable append-only record log with group commit and crash-safe compaction.
//
// Layout of `dir`:
//   snapshot.log      frames: {covers: N, count} header, the live records, {end: count} trailer
//   wal-<seq>.log     appended frames; a new segment starts at every open and after every compaction
//   *.tmp             an interrupted compaction; removed at open
// The log is the snapshot followed by every segment with seq >= snapshot.covers, in seq order.
// A torn frame can only be the tail of a segment (segments are appended to, never rewritten), so load()
// truncates each segment at its first bad frame and carries on with the next one.
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { decodeFrames, encodeFrame, HEADER_BYTES } from './frame-codec';

export interface LogStore {
  /** Resolves only once the records are durable on disk (fsync); concurrent appends are group-committed. */
  append(records: unknown[]): Promise<void>;
  /** Every record since the last compaction (the compaction snapshot first), in append order. */
  load(): Promise<unknown[]>;
  /** Atomically replaces the whole log with `live` (write temp + fsync + rename). */
  compact(live: unknown[]): Promise<void>;
  close(): Promise<void>;
}

export interface LogStoreOptions {
  dir: string;
  /** How long a batch waits for more appends before it is written; 0 writes as soon as the disk is free. */
  maxBatchDelayMs?: number;
  /** Size at which the active segment is closed and a new one started (default 256 MiB). */
  segmentBytes?: number;
}

export interface LogStoreStats {
  /** Write+fsync rounds done for appends. */
  batches: number;
  /** Records made durable by those rounds. */
  records: number;
  bytes: number;
  /** Bytes in log segments since the last compaction, across restarts: a cue for when to compact. */
  bytesSinceCompact: number;
}

const SNAPSHOT = 'snapshot.log';
const SEGMENT_RE = /^wal-(\d{12})\.log$/;
// Bound one write so a burst of appends does not build one huge buffer; later appends form the next batch.
const MAX_BATCH_BYTES = 8 * 1024 * 1024;
const SEGMENT_ROLL_BYTES = 256 * 1024 * 1024;

function segmentName(seq: number): string {
  return `wal-${String(seq).padStart(12, '0')}.log`;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

type Op =
  | { kind: 'batch'; frames: Buffer[]; bytes: number; count: number; waiters: Waiter[]; started: boolean }
  | { kind: 'task'; run: () => Promise<void> };

interface SnapshotHeader {
  covers: number;
  count: number;
}

function isSnapshotHeader(v: unknown): v is SnapshotHeader {
  return typeof v === 'object' && v !== null && typeof (v as SnapshotHeader).covers === 'number';
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

class FileLogStore implements LogStore {
  private readonly queue: Op[] = [];
  private running = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Bytes in the active segment; past SEGMENT_ROLL_BYTES a new one starts so no file outgrows readFile. */
  private activeBytes = 0;
  /** Set when a write failed midway: the segment's tail is unknown, so nothing more may be acknowledged. */
  private failure: unknown;
  readonly stats: LogStoreStats;

  constructor(
    private readonly dir: string,
    private readonly maxBatchDelayMs: number,
    private active: FileHandle,
    private activeSeq: number,
    bytesSinceCompact: number,
    private readonly segmentBytes: number,
  ) {
    this.stats = { batches: 0, records: 0, bytes: 0, bytesSinceCompact };
  }

  append(records: unknown[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('log store is closed'));
    if (this.failure) return Promise.reject(this.failure);
    if (records.length === 0) return this.enqueueTask(async () => undefined);
    let frames: Buffer[];
    try {
      // Encode now: the caller may mutate its objects once append() returns.
      frames = records.map(encodeFrame);
    } catch (err) {
      return Promise.reject(err);
    }
    const bytes = frames.reduce((n, f) => n + f.length, 0);
    return new Promise<void>((resolve, reject) => {
      const last = this.queue[this.queue.length - 1];
      if (last && last.kind === 'batch' && !last.started && last.bytes + bytes <= MAX_BATCH_BYTES) {
        last.frames.push(...frames);
        last.bytes += bytes;
        last.count += frames.length;
        last.waiters.push({ resolve, reject });
      } else {
        this.queue.push({
          kind: 'batch',
          frames,
          bytes,
          count: frames.length,
          waiters: [{ resolve, reject }],
          started: false,
        });
      }
      this.kick();
    });
  }

  load(): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new Error('log store is closed'));
    return this.enqueueResult(() => this.readAll());
  }

  compact(live: unknown[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('log store is closed'));
    return this.enqueueTask(() => this.writeSnapshot(live));
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      this.closing = this.enqueueTask(() => this.active.close());
    }
    return this.closing;
  }

  private enqueueResult<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        kind: 'task',
        run: async () => {
          try {
            resolve(await fn());
          } catch (err) {
            reject(err);
          }
        },
      });
      this.kick();
    });
  }

  private enqueueTask(fn: () => Promise<void>): Promise<void> {
    return this.enqueueResult(fn);
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.drain();
  }

  // One op at a time, in call order: appends issued before compact() land before the snapshot, later ones after it.
  private async drain(): Promise<void> {
    try {
      for (;;) {
        const op = this.queue[0];
        if (!op) break;
        if (op.kind === 'task') {
          this.queue.shift();
          await op.run();
          continue;
        }
        if (this.maxBatchDelayMs > 0 && op.bytes < MAX_BATCH_BYTES) {
          await new Promise((r) => setTimeout(r, this.maxBatchDelayMs));
        }
        op.started = true;
        this.queue.shift();
        await this.writeBatch(op);
      }
    } finally {
      this.running = false;
    }
  }

  private async writeBatch(op: Extract<Op, { kind: 'batch' }>): Promise<void> {
    if (this.failure) {
      for (const w of op.waiters) w.reject(this.failure);
      return;
    }
    try {
      await this.active.writev(op.frames);
      await this.active.datasync();
      this.stats.batches++;
      this.stats.records += op.count;
      this.stats.bytes += op.bytes;
      this.stats.bytesSinceCompact += op.bytes;
      this.activeBytes += op.bytes;
    } catch (err) {
      this.failure = err;
      for (const w of op.waiters) w.reject(err);
      return;
    }
    for (const w of op.waiters) w.resolve();
    if (this.activeBytes >= this.segmentBytes) {
      try {
        await this.rollSegment(this.activeSeq + 1);
      } catch (err) {
        this.failure = err;
      }
    }
  }

  private async rollSegment(seq: number): Promise<void> {
    const next = await createSegment(this.dir, seq);
    const old = this.active;
    this.active = next;
    this.activeSeq = seq;
    this.activeBytes = 0;
    await old.close();
  }

  private async readAll(): Promise<unknown[]> {
    const out: unknown[] = [];
    const covers = await readSnapshot(this.dir, out);
    for (const seq of await listSegments(this.dir)) {
      if (seq < covers) continue;
      const path = join(this.dir, segmentName(seq));
      const buf = await readFile(path);
      const decoded = decodeFrames(buf);
      for (const r of decoded.records) out.push(r);
      if (decoded.goodBytes < buf.length) {
        this.stats.bytesSinceCompact -= buf.length - decoded.goodBytes;
        // A torn tail from a crash: cut it off so later appends to this file (if active) stay readable.
        const fh = seq === this.activeSeq ? this.active : await open(path, 'r+');
        try {
          await fh.truncate(decoded.goodBytes);
          await fh.sync();
        } finally {
          if (fh !== this.active) await fh.close();
        }
      }
    }
    return out;
  }

  private async writeSnapshot(live: unknown[]): Promise<void> {
    if (this.failure) throw this.failure;
    const nextSeq = this.activeSeq + 1;
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const fh = await open(tmp, 'w');
    try {
      let chunk: Buffer[] = [encodeFrame({ covers: nextSeq, count: live.length } satisfies SnapshotHeader)];
      let size = 0;
      for (const rec of live) {
        const f = encodeFrame(rec);
        chunk.push(f);
        size += f.length;
        if (size >= MAX_BATCH_BYTES) {
          await fh.writev(chunk);
          chunk = [];
          size = 0;
        }
      }
      chunk.push(encodeFrame({ end: live.length }));
      await fh.writev(chunk);
      await fh.sync();
    } catch (err) {
      await fh.close();
      await rm(tmp, { force: true });
      throw err;
    }
    await fh.close();
    // The rename is the commit point: before it the old snapshot and segments are the log, after it the new snapshot is.
    await rename(tmp, join(this.dir, SNAPSHOT));
    await fsyncDir(this.dir);
    try {
      await this.rollSegment(nextSeq);
      for (const seq of await listSegments(this.dir)) {
        if (seq < nextSeq) await rm(join(this.dir, segmentName(seq)), { force: true });
      }
      await fsyncDir(this.dir);
      this.stats.bytesSinceCompact = 0;
    } catch (err) {
      // The snapshot is committed but appends have nowhere safe to go.
      this.failure = err;
      throw err;
    }
  }
}

async function listSegments(dir: string): Promise<number[]> {
  const seqs: number[] = [];
  for (const name of await readdir(dir)) {
    const m = SEGMENT_RE.exec(name);
    if (m) seqs.push(Number(m[1]));
  }
  return seqs.sort((a, b) => a - b);
}

/** Reads the snapshot into `out` and returns the first segment seq it does not cover (0 without a snapshot). */
async function readSnapshot(dir: string, out?: unknown[]): Promise<number> {
  let buf: Buffer;
  try {
    buf = await readFile(join(dir, SNAPSHOT));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  // A snapshot is fsynced before it is renamed into place, so any damage is real corruption: refuse to guess.
  const { records, goodBytes } = decodeFrames(buf);
  const header = records[0];
  const trailer = records[records.length - 1] as { end?: unknown } | undefined;
  if (
    goodBytes !== buf.length ||
    !isSnapshotHeader(header) ||
    trailer?.end !== header.count ||
    records.length !== header.count + 2
  ) {
    throw new Error(`corrupt log snapshot ${join(dir, SNAPSHOT)}`);
  }
  if (out) for (let i = 1; i <= header.count; i++) out.push(records[i]);
  return header.covers;
}

async function createSegment(dir: string, seq: number): Promise<FileHandle> {
  const fh = await open(join(dir, segmentName(seq)), 'a');
  // Make the new file's directory entry durable before any append to it is acknowledged.
  await fsyncDir(dir);
  return fh;
}

/** Reads only the snapshot's header frame; load() validates the whole file. */
async function readSnapshotCovers(dir: string): Promise<number> {
  let fh: FileHandle;
  try {
    fh = await open(join(dir, SNAPSHOT), 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  try {
    const head = Buffer.alloc(HEADER_BYTES);
    await fh.read(head, 0, HEADER_BYTES, 0);
    const len = head.readUInt32LE(0);
    const frame = Buffer.alloc(HEADER_BYTES + Math.min(len, 1024));
    const { bytesRead } = await fh.read(frame, 0, frame.length, 0);
    const header = decodeFrames(frame.subarray(0, bytesRead)).records[0];
    if (!isSnapshotHeader(header)) throw new Error(`corrupt log snapshot ${join(dir, SNAPSHOT)}`);
    return header.covers;
  } finally {
    await fh.close();
  }
}

export async function openLogStore(
  opts: LogStoreOptions,
): Promise<LogStore & { readonly stats: LogStoreStats }> {
  const dir = resolvePath(opts.dir);
  const created = await mkdir(dir, { recursive: true });
  if (created !== undefined) {
    // Make each new directory's entry durable in its parent, from the first one created down to `dir`.
    for (let d = dir; ; d = dirname(d)) {
      await fsyncDir(dirname(d));
      if (d === created || dirname(d) === d) break;
    }
  }
  for (const name of await readdir(dir)) {
    if (name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
  }
  const covers = await readSnapshotCovers(dir);
  const segments = await listSegments(dir);
  const last = segments[segments.length - 1];
  // Always a fresh segment: the previous one may end in a torn frame that load() has not cut off yet.
  const seq = Math.max(covers, last === undefined ? 0 : last + 1);
  let bytesSinceCompact = 0;
  for (const s of segments)
    if (s >= covers) bytesSinceCompact += (await stat(join(dir, segmentName(s)))).size;
  const active = await createSegment(dir, seq);
  const segmentBytes = opts.segmentBytes ?? SEGMENT_ROLL_BYTES;
  return new FileLogStore(
    dir,
    Math.max(0, opts.maxBatchDelayMs ?? 0),
    active,
    seq,
    bytesSinceCompact,
    segmentBytes,
  );
}
