import fc from 'fast-check';
import { crc32, decodeFrames, encodeFrame, HEADER_BYTES } from '../src/storage/frame-codec';

describe('frame codec', () => {
  it('computes the standard CRC-32 (IEEE) checksum', () => {
    // given the well-known check input, then the well-known check value comes out
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('round-trips records with dates, bytes, bigints and nesting', () => {
    const records = [
      { kind: 'event', at: new Date('2026-01-02T03:04:05.678Z'), payload: Buffer.from([1, 2, 3]) },
      { big: 12345678901234567890n, nested: [{ deep: [null, true, 1.5] }] },
      'just a string',
      42,
    ];
    const decoded = decodeFrames(Buffer.concat(records.map(encodeFrame)));
    expect(decoded.stoppedBecause).toBeUndefined();
    expect(decoded.records).toEqual(records);
    expect(Buffer.isBuffer((decoded.records[0] as { payload: unknown }).payload)).toBe(true);
  });

  it('round-trips maps and sets', () => {
    // jest's equality cannot walk a Map from the main realm, so look inside by hand
    const [rec] = decodeFrames(encodeFrame({ m: new Map([['a', 1]]), s: new Set(['x']) })).records as [
      { m: Map<string, number>; s: Set<string> },
    ];
    expect(rec.m.get('a')).toBe(1);
    expect(rec.s.has('x')).toBe(true);
  });

  it('stops at a torn frame at any cut point and reports the intact prefix', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 8 }), fc.nat(), (values, cutSeed) => {
        // given frames for some records, when the buffer is cut anywhere, then exactly the whole frames before the cut decode
        const frames = values.map(encodeFrame);
        const all = Buffer.concat(frames);
        const cut = cutSeed % (all.length + 1);
        const decoded = decodeFrames(all.subarray(0, cut));
        let whole = 0;
        let bytes = 0;
        for (const f of frames) {
          if (bytes + f.length > cut) break;
          bytes += f.length;
          whole++;
        }
        expect(decoded.records).toEqual(values.slice(0, whole));
        expect(decoded.goodBytes).toBe(bytes);
      }),
    );
  });

  it('rejects a frame whose payload or length was altered', () => {
    const a = encodeFrame({ n: 1 });
    const b = encodeFrame({ n: 2 });
    const flipped = Buffer.concat([a, b]);
    const last = flipped.length - 1;
    flipped[last] = (flipped[last] as number) ^ 0x40;
    expect(decodeFrames(flipped)).toMatchObject({
      records: [{ n: 1 }],
      goodBytes: a.length,
      stoppedBecause: 'checksum mismatch',
    });

    const zeroTail = Buffer.concat([a, Buffer.alloc(64)]);
    expect(decodeFrames(zeroTail)).toMatchObject({ records: [{ n: 1 }], goodBytes: a.length });

    const hugeLength = Buffer.concat([a, Buffer.from([0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0])]);
    expect(decodeFrames(hugeLength)).toMatchObject({
      records: [{ n: 1 }],
      stoppedBecause: 'invalid frame length',
    });

    const shortHeader = Buffer.concat([a, b.subarray(0, HEADER_BYTES - 1)]);
    expect(decodeFrames(shortHeader)).toMatchObject({
      records: [{ n: 1 }],
      stoppedBecause: 'truncated frame header',
    });
  });
});
