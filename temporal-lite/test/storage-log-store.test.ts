import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFrame } from '../src/storage/frame-codec';
import { openLogStore } from '../src/storage/log-store';

describe('log store', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tl-log-store-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function segments(dir: string): Promise<string[]> {
    return (await readdir(dir)).filter((n) => n.startsWith('wal-')).sort();
  }

  it('creates its directory and loads nothing from an empty one', async () => {
    // given a directory that does not exist yet
    const dir = join(root, 'a', 'b');
    // when a store is opened there
    const store = await openLogStore({ dir });
    // then the directory exists and the log is empty
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect(await store.load()).toEqual([]);
    await store.close();
  });

  it('returns every appended record in order after a reopen', async () => {
    // given records appended over several calls, some with dates and bytes
    const dir = join(root, 'log');
    const store = await openLogStore({ dir });
    await store.append([{ n: 1, at: new Date('2026-01-01T00:00:00Z') }]);
    await store.append([{ n: 2 }, { n: 3, bytes: Buffer.from('hi') }]);
    expect(store.stats.bytesSinceCompact).toBe(store.stats.bytes);
    await store.append([]);
    await store.close();
    // when the store is reopened and loaded
    const again = await openLogStore({ dir });
    const loaded = await again.load();
    // then the records come back as written
    expect(loaded).toEqual([
      { n: 1, at: new Date('2026-01-01T00:00:00Z') },
      { n: 2 },
      { n: 3, bytes: Buffer.from('hi') },
    ]);
    // and a third session sees the records from both earlier ones
    await again.append([{ n: 4 }]);
    await again.close();
    const third = await openLogStore({ dir });
    expect(((await third.load()) as { n: number }[]).map((r) => r.n)).toEqual([1, 2, 3, 4]);
    await third.close();
  });

  it('snapshots records at append time, not at write time', async () => {
    const dir = join(root, 'log');
    const store = await openLogStore({ dir });
    const rec = { state: 'before' };
    const done = store.append([rec]);
    rec.state = 'after';
    await done;
    expect(await store.load()).toEqual([{ state: 'before' }]);
    await store.close();
  });

  it('group-commits concurrent appends into few fsyncs and keeps call order', async () => {
    // given 200 appends issued without waiting
    const dir = join(root, 'log');
    const store = await openLogStore({ dir });
    const acks = await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.append([{ i }]).then(() => i)),
    );
    // then every append was acknowledged, far fewer write rounds happened, and the log keeps call order
    expect(acks).toHaveLength(200);
    expect(store.stats.records).toBe(200);
    expect(store.stats.batches).toBeLessThanOrEqual(3);
    expect(((await store.load()) as { i: number }[]).map((r) => r.i)).toEqual(acks);
    await store.close();
  });

  it('waits maxBatchDelayMs for more appends before writing', async () => {
    const dir = join(root, 'log');
    const store = await openLogStore({ dir, maxBatchDelayMs: 200 });
    // given one append, then another 20 ms later
    const first = store.append([{ n: 1 }]);
    await new Promise((r) => setTimeout(r, 20));
    const second = store.append([{ n: 2 }]);
    await Promise.all([first, second]);
    // then both went to disk in a single write round
    expect(store.stats.batches).toBe(1);
    await store.close();
  });

  it('rejects a record that cannot be serialized and stays usable', async () => {
    const dir = join(root, 'log');
    const store = await openLogStore({ dir });
    await expect(store.append([{ fn: () => 1 }])).rejects.toThrow();
    await store.append([{ ok: true }]);
    expect(await store.load()).toEqual([{ ok: true }]);
    await store.close();
    await expect(store.append([{ late: true }])).rejects.toThrow('closed');
  });

  it('rolls over to new segments as the active one fills up, keeping order', async () => {
    // given a small segment size
    const dir = join(root, 'log');
    const store = await openLogStore({ dir, segmentBytes: 1024 });
    // when records worth several segments are appended
    for (let i = 0; i < 10; i++) await store.append([{ i, pad: 'x'.repeat(400) }]);
    // then several segments exist and the records load in order, before and after a reopen
    expect((await segments(dir)).length).toBeGreaterThanOrEqual(4);
    const order = (recs: unknown[]): number[] => (recs as { i: number }[]).map((r) => r.i);
    expect(order(await store.load())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await store.close();
    await store.close();
    const again = await openLogStore({ dir });
    expect(order(await again.load())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // and compaction removes them all
    await again.compact([{ live: true }]);
    expect(await segments(dir)).toHaveLength(1);
    await again.close();
  });

  describe('torn tails', () => {
    const tails: [string, (frame: Buffer) => Buffer][] = [
      ['a partial header', (f) => f.subarray(0, 5)],
      ['a partial payload', (f) => f.subarray(0, f.length - 3)],
      [
        'a frame with a bad checksum',
        (f) => Buffer.concat([f.subarray(0, 4), Buffer.from([1, 2, 3, 4]), f.subarray(8)]),
      ],
      ['zeros', () => Buffer.alloc(4096)],
    ];

    it.each(tails)('truncates %s at the end of a segment and keeps appending after it', async (_, tear) => {
      // given a segment with two good records and a torn final write, as a SIGKILL mid-write leaves it
      const dir = join(root, 'log');
      const store = await openLogStore({ dir });
      await store.append([{ n: 1 }, { n: 2 }]);
      await store.close();
      const [seg] = await segments(dir);
      const segPath = join(dir, seg as string);
      const goodSize = (await stat(segPath)).size;
      await appendFile(segPath, tear(encodeFrame({ n: 3, pad: 'x'.repeat(100) })));
      // when the store is reopened and loaded
      const again = await openLogStore({ dir });
      const loaded = await again.load();
      // then only the intact records come back and the torn bytes are gone from disk
      expect(loaded).toEqual([{ n: 1 }, { n: 2 }]);
      expect((await stat(segPath)).size).toBe(goodSize);
      // and records appended afterwards load after them
      await again.append([{ n: 4 }]);
      await again.close();
      const third = await openLogStore({ dir });
      expect(await third.load()).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
      await third.close();
    });
  });

  describe('compaction', () => {
    it('replaces the log with the live records, then appends after them', async () => {
      // given a log with history
      const dir = join(root, 'log');
      const store = await openLogStore({ dir });
      await store.append([{ n: 1 }, { n: 2 }, { n: 3 }]);
      // when it is compacted to one live record and appended to
      await store.compact([{ live: 'a' }]);
      await store.append([{ n: 4 }]);
      // then load sees the snapshot first, then the later records, now and after a reopen
      expect(await store.load()).toEqual([{ live: 'a' }, { n: 4 }]);
      await store.close();
      const again = await openLogStore({ dir });
      expect(await again.load()).toEqual([{ live: 'a' }, { n: 4 }]);
      // and the old segment is gone, and the size since compaction counts only the later record
      expect(await segments(dir)).toHaveLength(2);
      expect(again.stats.bytesSinceCompact).toBe(encodeFrame({ n: 4 }).length);
      await again.close();
    });

    it('orders compaction with appends by call order', async () => {
      const dir = join(root, 'log');
      const store = await openLogStore({ dir });
      // given appends issued before and after a compaction, none awaited
      const before = store.append([{ n: 'before' }]);
      const compacted = store.compact([{ live: true }]);
      const after = store.append([{ n: 'after' }]);
      await Promise.all([before, compacted, after]);
      // then the earlier append is superseded and the later one follows the snapshot
      expect(await store.load()).toEqual([{ live: true }, { n: 'after' }]);
      await store.close();
    });

    it('compacts repeatedly, including to an empty log', async () => {
      const dir = join(root, 'log');
      const store = await openLogStore({ dir });
      for (let i = 0; i < 3; i++) {
        await store.append([{ i }]);
        await store.compact([{ gen: i }]);
      }
      await store.append([{ tail: true }]);
      expect(await store.load()).toEqual([{ gen: 2 }, { tail: true }]);
      await store.compact([]);
      await store.close();
      const again = await openLogStore({ dir });
      expect(await again.load()).toEqual([]);
      await again.close();
    });

    it('ignores an unfinished snapshot left by a crash before the rename', async () => {
      // given a log and a half-written snapshot temp file
      const dir = join(root, 'log');
      const store = await openLogStore({ dir });
      await store.append([{ n: 1 }]);
      await store.close();
      await writeFile(join(dir, 'snapshot.log.tmp'), encodeFrame({ covers: 99, count: 5 }).subarray(0, 10));
      // when reopened
      const again = await openLogStore({ dir });
      // then the old log is intact and the temp file is gone
      expect(await again.load()).toEqual([{ n: 1 }]);
      expect((await readdir(dir)).some((n) => n.endsWith('.tmp'))).toBe(false);
      await again.close();
    });

    it('ignores old segments left by a crash after the rename', async () => {
      // given a compacted log, and an old segment restored as if its deletion never reached the disk
      const dir = join(root, 'log');
      const store = await openLogStore({ dir });
      await store.append([{ old: 1 }]);
      const [oldSeg] = await segments(dir);
      await copyFile(join(dir, oldSeg as string), join(root, 'old-seg'));
      await store.compact([{ live: 1 }]);
      await store.close();
      await copyFile(join(root, 'old-seg'), join(dir, oldSeg as string));
      // when reopened
      const again = await openLogStore({ dir });
      // then only the snapshot and newer segments count
      expect(await again.load()).toEqual([{ live: 1 }]);
      await again.close();
    });

    it('refuses to load a damaged snapshot instead of silently dropping records', async () => {
      const dir = join(root, 'log');
      const store = await openLogStore({ dir });
      await store.compact([{ live: 1 }, { live: 2 }]);
      await store.close();
      const snap = join(dir, 'snapshot.log');
      const bytes = await readFile(snap);
      await writeFile(snap, bytes.subarray(0, bytes.length - 4));
      const again = await openLogStore({ dir });
      await expect(again.load()).rejects.toThrow(/corrupt log snapshot/);
      await again.close();
    });
  });
});
