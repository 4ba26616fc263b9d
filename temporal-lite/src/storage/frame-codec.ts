// Record framing: [u32 LE payload length][u32 LE crc32 of (length bytes + payload)][payload].
// The checksum covers the length so a zero-filled tail (a crash after the size grew but before data landed)
// never reads as a valid empty frame. Payloads are v8-serialized, so Date, Buffer/Uint8Array, bigint, Map and Set
// survive the round trip; class instances come back as plain objects.
import { deserialize, serialize } from 'node:v8';
import * as zlib from 'node:zlib';

export const HEADER_BYTES = 8;
/** Upper bound on one record, far above anything sane, so a garbage length is rejected without allocating. */
export const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

let table: Uint32Array | undefined;

function crc32Fallback(data: Uint8Array, seed = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = ~seed >>> 0;
  for (let i = 0; i < data.length; i++)
    crc = (table[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}

// node:zlib has crc32 from Node 20.15; older 20.x falls back to the table version (same polynomial).
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
export const crc32: (data: Uint8Array, seed?: number) => number = nativeCrc32 ?? crc32Fallback;

export function encodeFrame(record: unknown): Buffer {
  const payload = serialize(record);
  if (payload.length > MAX_PAYLOAD_BYTES)
    throw new RangeError(`log record of ${payload.length} bytes exceeds the limit`);
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  payload.copy(frame, HEADER_BYTES);
  const crc = crc32(frame.subarray(HEADER_BYTES), crc32(frame.subarray(0, 4)));
  frame.writeUInt32LE(crc, 4);
  return frame;
}

export interface DecodeResult {
  records: unknown[];
  /** Bytes of intact frames from the start of the buffer; anything after is torn or corrupt. */
  goodBytes: number;
  /** Why decoding stopped before the end, if it did. */
  stoppedBecause?: string;
}

export function decodeFrames(buf: Buffer): DecodeResult {
  const records: unknown[] = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < HEADER_BYTES)
      return { records, goodBytes: off, stoppedBecause: 'truncated frame header' };
    const len = buf.readUInt32LE(off);
    if (len === 0 || len > MAX_PAYLOAD_BYTES)
      return { records, goodBytes: off, stoppedBecause: 'invalid frame length' };
    if (buf.length - off - HEADER_BYTES < len)
      return { records, goodBytes: off, stoppedBecause: 'truncated frame payload' };
    const payload = buf.subarray(off + HEADER_BYTES, off + HEADER_BYTES + len);
    const crc = crc32(payload, crc32(buf.subarray(off, off + 4)));
    if (crc !== buf.readUInt32LE(off + 4))
      return { records, goodBytes: off, stoppedBecause: 'checksum mismatch' };
    let record: unknown;
    try {
      record = deserialize(payload);
    } catch {
      return { records, goodBytes: off, stoppedBecause: 'undecodable payload' };
    }
    records.push(record);
    off += HEADER_BYTES + len;
  }
  return { records, goodBytes: off };
}
