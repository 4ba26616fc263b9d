import type { Field, Type } from 'protobufjs';
import { Enum, Root, Writer } from 'protobufjs';
import { plainCodec, PlainCodecUnsupported } from '../src/plain-codec';
import { root } from '../src/proto';
import type { Msg } from '../src/proto';

// The plain codec must be indistinguishable from protobufjs's two-pass path for every message the services
// send or receive: same bytes out of the same object, same object out of the same bytes.

const TO_OBJECT = { longs: Number, enums: String };

function serviceTypes(): Type[] {
  const seen = new Set<Type>();
  const visit = (t: Type): void => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const f of t.fieldsArray) {
      f.resolve();
      if (f.resolvedType && !(f.resolvedType instanceof Enum)) visit(f.resolvedType as Type);
    }
  };
  for (const name of [
    'temporal.api.workflowservice.v1.WorkflowService',
    'temporal.api.testservice.v1.TestService',
  ]) {
    for (const m of Object.values(root.lookupService(name).methods)) {
      m.resolve();
      visit(m.resolvedRequestType!);
      visit(m.resolvedResponseType!);
    }
  }
  return [...seen];
}

/** Deterministic pseudo-random numbers, so a failure names a reproducible seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

function scalar(f: Field, rnd: () => number): unknown {
  if (f.resolvedType instanceof Enum) {
    const names = Object.keys(f.resolvedType.values);
    return pick(rnd, [pick(rnd, names), pick(rnd, names), names[0], 1, 999, 'NOT_A_VALUE']);
  }
  switch (f.type) {
    case 'string':
      return pick(rnd, ['', 'a', 'tenSteps', '审核-✓', 'x'.repeat(200)]);
    case 'bytes':
      return pick(rnd, [Buffer.alloc(0), Buffer.from([1, 2, 3]), Buffer.from('json/plain')]);
    case 'bool':
      return pick(rnd, [true, false]);
    case 'double':
      return pick(rnd, [0, -0, 1.5, -2.25, 1e300]);
    case 'float':
      return pick(rnd, [0, 1.5, -0.25]);
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return pick(rnd, [0, 1, -1, 300, 2147483647, -2147483648]);
    case 'uint32':
    case 'fixed32':
      return pick(rnd, [0, 1, 300, 4294967295]);
    case 'uint64':
    case 'fixed64':
      return pick(rnd, [0, 1, 300, 4294967296, Number.MAX_SAFE_INTEGER]);
    default:
      return pick(rnd, [0, 1, -1, 300, 1795332495621, -4294967297, Number.MAX_SAFE_INTEGER]);
  }
}

function randomMessage(t: Type, rnd: () => number, depth: number): Msg {
  const m: Msg = {};
  for (const f of t.fieldsArray) {
    if (rnd() < (depth > 2 ? 0.85 : 0.45)) continue;
    const value = (): unknown =>
      f.resolvedType && !(f.resolvedType instanceof Enum)
        ? depth > 4
          ? {}
          : randomMessage(f.resolvedType as Type, rnd, depth + 1)
        : scalar(f, rnd);
    if (f.map) {
      const o: Msg = {};
      for (let i = Math.floor(rnd() * 3); i > 0; i--) o[pick(rnd, ['k', 'note', '', 'ключ'])] = value();
      m[f.name] = o;
    } else if (f.repeated) {
      m[f.name] = Array.from({ length: Math.floor(rnd() * 4) }, value);
    } else {
      m[f.name] = value();
    }
  }
  return m;
}

// Maps keyed by integers or holding enums, on calls temporal-lite does not serve: these keep protobufjs.
const DECLINED = [
  '.temporal.api.workflowservice.v1.GetSearchAttributesResponse',
  '.temporal.api.workflowservice.v1.DescribeTaskQueueResponse',
  '.temporal.api.taskqueue.v1.TaskQueueVersionInfo',
  '.temporal.api.workflowservice.v1.DescribeWorkerDeploymentVersionResponse',
  '.temporal.api.workflowservice.v1.DescribeWorkerDeploymentVersionResponse.VersionTaskQueue',
];
const allTypes = serviceTypes();
const types = allTypes.filter((t) => !DECLINED.includes(t.fullName));

describe('plain codec', () => {
  it('given the service types, when codecs are built, then all but the few with integer-keyed or enum maps have one', () => {
    const missing = allTypes.filter((t) => !plainCodec(t)).map((t) => t.fullName);
    expect(allTypes.length).toBeGreaterThan(500);
    expect(missing.sort()).toEqual([...DECLINED].sort());
  });

  it('given random messages of every service type, when encoded, then the bytes equal protobufjs fromObject+encode', () => {
    let compared = 0;
    for (const t of types) {
      const codec = plainCodec(t)!;
      for (let seed = 1; seed <= 12; seed++) {
        const obj = randomMessage(t, rng(seed * 7919 + t.fullName.length), 0);
        const expected = Buffer.from(t.encode(t.fromObject(obj)).finish());
        const actual = Buffer.from(codec.encode(obj, Writer.create()).finish());
        if (!actual.equals(expected)) throw new Error(`${t.fullName} seed ${seed}: bytes differ`);
        compared++;
      }
    }
    expect(compared).toBe(types.length * 12);
  });

  it('given those bytes, when decoded, then the object equals protobufjs decode+toObject', () => {
    for (const t of types) {
      const codec = plainCodec(t)!;
      for (let seed = 1; seed <= 12; seed++) {
        const bytes = Buffer.from(t.encode(t.fromObject(randomMessage(t, rng(seed * 104729), 0))).finish());
        expect({ type: t.fullName, seed, value: codec.decode(bytes) }).toEqual({
          type: t.fullName,
          seed,
          value: t.toObject(t.decode(bytes), TO_OBJECT),
        });
      }
    }
  });

  it('given wire forms protobufjs itself never writes, when decoded, then both read them alike', () => {
    const t = root.lookupType('temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest');
    const w = Writer.create();
    w.uint32((1 << 3) | 2).bytes(Buffer.from('token')); // task_token
    w.uint32((999 << 3) | 0).uint32(7); // an unknown field
    w.uint32((2 << 3) | 2).fork(); // commands: one command...
    w.uint32(8).int32(1); // ...COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK
    w.ldelim();
    w.uint32((3 << 3) | 2).string(''); // identity written as its default: absent in toObject
    w.uint32((1 << 3) | 2).bytes(Buffer.from('token2')); // a repeated scalar: the last one wins
    const bytes = Buffer.from(w.finish());
    expect(plainCodec(t)!.decode(bytes)).toEqual(t.toObject(t.decode(bytes), TO_OBJECT));
    expect(plainCodec(t)!.decode(bytes).taskToken).toEqual(Buffer.from('token2'));
  });

  it('given truncated or corrupt bytes, when decoded, then both refuse them', () => {
    const t = root.lookupType('temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse');
    const full = Buffer.from(t.encode(t.fromObject(randomMessage(t, rng(3), 0))).finish());
    let refused = 0;
    for (let cut = 1; cut < full.length; cut += Math.max(1, Math.floor(full.length / 40))) {
      const bytes = full.subarray(0, cut);
      let theirs: unknown;
      try {
        theirs = t.toObject(t.decode(bytes), TO_OBJECT);
      } catch {
        theirs = 'refused';
      }
      let ours: unknown;
      try {
        ours = plainCodec(t)!.decode(bytes);
      } catch {
        ours = 'refused';
      }
      expect(ours).toEqual(theirs);
      if (ours === 'refused') refused++;
    }
    expect(refused).toBeGreaterThan(0);
    const badUtf8 = Buffer.from([0x0a, 0x02, 0xc3, 0x28]); // task_token is bytes: fine; now a string field
    const str = root.lookupType('temporal.api.common.v1.WorkflowType');
    expect(() => str.decode(badUtf8)).toThrow();
    expect(() => plainCodec(str)!.decode(badUtf8)).toThrow();
  });

  it('given a declined type inside a cycle, when the codecs are built, then the types around it are declined too', () => {
    // Given A -> C -> A, where A also has a map keyed by integers (which the codec leaves to protobufjs)
    const json = {
      nested: {
        t: {
          nested: {
            A: { fields: { c: { type: 'C', id: 1 }, byNumber: { keyType: 'int32', type: 'string', id: 2 } } },
            C: { fields: { a: { type: 'A', id: 1 }, name: { type: 'string', id: 2 } } },
          },
        },
      },
    };
    const r = Root.fromJSON(json as Parameters<typeof Root.fromJSON>[0]);
    // When A is built first (C is built while A is), then C is asked for
    const a = plainCodec(r.lookupType('t.A'));
    const c = plainCodec(r.lookupType('t.C'));
    // Then neither has a codec, rather than C holding A's placeholder and throwing mid-decode
    expect(a).toBeUndefined();
    expect(c).toBeUndefined();
  });

  it('given inputs only protobufjs converts (base64 bytes, a message instance, huge int64s), when encoded, then the codec declines', () => {
    const t = root.lookupType('temporal.api.common.v1.Payload');
    expect(() => plainCodec(t)!.encode({ data: 'AQID' }, Writer.create())).toThrow(PlainCodecUnsupported);
    expect(() => plainCodec(t)!.encode(t.fromObject({ data: Buffer.from([1]) }), Writer.create())).toThrow(
      PlainCodecUnsupported,
    );
    const ev = root.lookupType('temporal.api.history.v1.HistoryEvent');
    expect(() => plainCodec(ev)!.encode({ eventId: '12345678901234567890' }, Writer.create())).toThrow(
      PlainCodecUnsupported,
    );
  });
});
