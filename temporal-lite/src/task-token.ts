// Task tokens: lite's own are JSON; a real server's are a protobuf `temporal.server.api.token.v1.Task`.
import type { Msg } from './proto';
import { invalidArgument, notFound } from './errors';

export function token(obj: Msg): Buffer {
  return Buffer.from(JSON.stringify(obj), 'utf8');
}

/** True when the bytes parse whole as a protobuf message whose fields 1–3 (namespace, workflow and run id) are
 * strings, as a token minted by a real Temporal server is. */
function isServerFormatToken(buf: Uint8Array): boolean {
  let i = 0;
  let strings = 0;
  const varint = (): number | undefined => {
    let v = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (i >= buf.length) return undefined;
      const b = buf[i++] as number;
      if (shift < 28) v |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return v >>> 0;
    }
    return undefined;
  };
  while (i < buf.length) {
    const tag = varint();
    if (tag === undefined || tag >>> 3 === 0) return false;
    const wire = tag & 7;
    if (wire === 0) {
      if (varint() === undefined) return false;
    } else if (wire === 2) {
      const len = varint();
      if (len === undefined || i + len > buf.length) return false;
      if (tag >>> 3 <= 3) strings++;
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else return false;
    if (i > buf.length) return false;
  }
  return strings > 0;
}

/** Reads one of lite's tokens. A real server's token names nothing lite holds: NOT_FOUND, as the real server
 * answers for a token of a closed or unknown run; anything else is undecodable: INVALID_ARGUMENT. */
export function readToken(buf: Uint8Array | undefined): Msg {
  if (!buf || !buf.length) throw invalidArgument('Error deserializing task token');
  try {
    const t = JSON.parse(Buffer.from(buf).toString('utf8')) as Msg;
    if (typeof t === 'object' && t !== null) return t;
  } catch {
    // not lite's format
  }
  if (isServerFormatToken(buf)) throw notFound('workflow execution not found');
  throw invalidArgument('Error deserializing task token');
}
