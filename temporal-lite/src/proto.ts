// Protobuf plumbing: the SDK's own protobufjs root, converted to plain objects (longs as numbers, enums as names).
import type { Type } from 'protobufjs';
import { Root, Writer } from 'protobufjs';
import type { PlainCodec } from './plain-codec';
import { plainCodec, PlainCodecUnsupported } from './plain-codec';

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

const codecCache = new Map<string, PlainCodec | null>();
function codec(typeName: string): PlainCodec | null {
  let c = codecCache.get(typeName);
  if (c === undefined) {
    c = plainCodec(type(typeName)) ?? null;
    codecCache.set(typeName, c);
  }
  return c;
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

export function decode(typeName: string, buf: Uint8Array): Msg {
  const c = codec(typeName);
  if (c) return c.decode(asBuffer(buf));
  const t = type(typeName);
  return t.toObject(t.decode(buf), { longs: Number, enums: String }) as Msg;
}

/** Writes obj with the plain codec; false when it declines the input (w is then half-written: discard it). */
function encodePlain(typeName: string, obj: Msg, w: Writer): boolean {
  const c = codec(typeName);
  if (!c) return false;
  try {
    c.encode(obj, w);
    return true;
  } catch (err) {
    if (err instanceof PlainCodecUnsupported) return false;
    throw err;
  }
}

export function encode(typeName: string, obj: Msg): Buffer {
  const w = Writer.create();
  if (encodePlain(typeName, obj, w)) return asBuffer(w.finish());
  const t = type(typeName);
  return asBuffer(t.encode(t.fromObject(obj)).finish());
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

// History events never change once appended, so each is encoded once and its bytes reused by every poll and
// history page that carries it (a run's events are sent several times: partial and full histories, history reads).
const eventBytes = new WeakMap<Msg, Uint8Array>();
const EVENT_TYPE = 'temporal.api.history.v1.HistoryEvent';

// HistoryEvent.fromObject/encode see a different object shape for every event type, which makes protobufjs's
// generated code megamorphic: ~35 µs per event in the server against ~5 µs when the envelope is written here
// and only the attributes go through their own (monomorphic) type's plain codec. Same bytes; anything unusual takes
// the slow path.
let envelope:
  { attrs: Map<string, { tag: number; name: string }>; eventTypes: Record<string, number> } | undefined;

function envelopeInfo(): NonNullable<typeof envelope> {
  if (!envelope) {
    const t = type(EVENT_TYPE);
    const attrs = new Map<string, { tag: number; name: string }>();
    for (const f of t.fieldsArray) {
      if (!f.name.endsWith('EventAttributes')) continue;
      f.resolve();
      attrs.set(f.name, { tag: (f.id << 3) | 2, name: (f.resolvedType as Type).fullName.slice(1) });
    }
    const eventTypes = (
      t.fields.eventType!.resolve().resolvedType as unknown as { values: Record<string, number> }
    ).values;
    envelope = { attrs, eventTypes };
  }
  return envelope;
}

function encodeEventFast(ev: Msg): Uint8Array | undefined {
  const { attrs, eventTypes } = envelopeInfo();
  let attr: { tag: number; name: string } | undefined;
  let attrValue: Msg | undefined;
  for (const k in ev) {
    if (k === 'eventId' || k === 'eventTime' || k === 'eventType' || k === 'taskId' || ev[k] == null)
      continue;
    const a = attrs.get(k);
    if (!a || attr) return undefined;
    attr = a;
    attrValue = ev[k] as Msg;
  }
  const eventType = eventTypes[String(ev.eventType)];
  if (eventType === undefined) return undefined;
  const w = Writer.create();
  if (ev.eventId) w.uint32(8).int64(ev.eventId as number);
  const time = ev.eventTime as Msg | undefined;
  if (time) {
    w.uint32(18).fork();
    if (time.seconds) w.uint32(8).int64(time.seconds as number);
    if (time.nanos) w.uint32(16).int32(time.nanos as number);
    w.ldelim();
  }
  if (eventType) w.uint32(24).int32(eventType);
  if (ev.taskId) w.uint32(40).int64(ev.taskId as number);
  if (attr) {
    w.uint32(attr.tag).fork();
    if (!encodePlain(attr.name, attrValue!, w)) return undefined;
    w.ldelim();
  }
  return w.finish();
}

function encodedEvent(ev: Msg): Uint8Array {
  let b = eventBytes.get(ev);
  if (!b) {
    b = encodeEventFast(ev);
    if (!b) {
      const t = type(EVENT_TYPE);
      b = t.encode(t.fromObject(ev)).finish();
    }
    eventBytes.set(ev, b);
  }
  return b;
}

/** Like encode, but a `history` field is written from cached event bytes (protobuf allows fields in any order). */
export function encodeResponse(typeName: string, obj: Msg): Buffer {
  const events = (obj.history as Msg | undefined)?.events as Msg[] | undefined;
  const field = type(typeName).fields.history;
  if (
    !Array.isArray(events) ||
    !field ||
    field.resolve().resolvedType?.fullName !== '.temporal.api.history.v1.History'
  ) {
    return encode(typeName, obj);
  }
  const head = { ...obj, history: undefined };
  let w = Writer.create();
  if (!encodePlain(typeName, head, w)) {
    const t = type(typeName);
    w = Writer.create().raw(t.encode(t.fromObject(head)).finish());
  }
  w.uint32((field.id << 3) | 2).fork();
  for (const ev of events) w.uint32(0x0a).bytes(encodedEvent(ev)); // History.events = 1
  w.ldelim();
  return asBuffer(w.finish());
}
