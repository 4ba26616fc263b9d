// Protobuf plumbing: the SDK's own protobufjs root, converted to plain objects (longs as numbers, enums as names).
import type { Type } from 'protobufjs';
import { Root } from 'protobufjs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const root = require('@temporalio/proto/protos/json-module') as Root;
if (!(root instanceof Root) && typeof (root as { lookupType?: unknown }).lookupType !== 'function') {
  throw new Error('temporal-lite: unexpected @temporalio/proto json-module shape');
}

// Plain message objects: callers read and build them loosely, protobufjs validates on encode.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = Record<string, any>;

const typeCache = new Map<string, Type>();
export function type(name: string): Type {
  let t = typeCache.get(name);
  if (!t) {
    t = root.lookupType(name);
    typeCache.set(name, t);
  }
  return t;
}

export function decode(typeName: string, buf: Uint8Array): Msg {
  const t = type(typeName);
  return t.toObject(t.decode(buf), { longs: Number, enums: String }) as Msg;
}

export function encode(typeName: string, obj: Msg): Buffer {
  const t = type(typeName);
  return Buffer.from(t.encode(t.fromObject(obj)).finish());
}

export function packAny(typeName: string, obj: Msg): Msg {
  return { type_url: `type.googleapis.com/${typeName}`, value: encode(typeName, obj) };
}

export function unpackAny(any: Msg | undefined): { typeName: string; value: Msg } | undefined {
  if (!any?.type_url) return undefined;
  const typeName = String(any.type_url).replace(/^.*\//, '');
  return { typeName, value: decode(typeName, (any.value as Uint8Array) ?? new Uint8Array()) };
}

export function ts(ms: number): Msg {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

export function tsMs(t: Msg | undefined | null): number {
  if (!t) return 0;
  return Number(t.seconds ?? 0) * 1000 + Math.floor(Number(t.nanos ?? 0) / 1e6);
}

export const dur = ts;
export const durMs = tsMs;

export function parseDuration(d: string | number): number {
  if (typeof d === 'number') return d;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(d);
  if (!m) throw new Error(`invalid duration: ${d}`);
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  const mult: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return n * (mult[unit] ?? 1);
}
