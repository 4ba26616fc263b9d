// Model-based check: random sequences of appends, compactions, clean reopens and torn-tail crashes
// must always load exactly what a plain in-memory list says the log holds.
import fc from 'fast-check';
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFrame } from '../src/storage/frame-codec';
import { type LogStore, openLogStore } from '../src/storage/log-store';

type Step =
  | { kind: 'append'; batches: number[][] }
  | { kind: 'compact'; keepLast: number }
  | { kind: 'reopen' }
  | { kind: 'crash'; tornBytes: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(fc.array(fc.integer(), { minLength: 0, maxLength: 4 }), { minLength: 1, maxLength: 5 })
      .map((batches) => ({ kind: 'append' as const, batches })),
  },
  { weight: 1, arbitrary: fc.nat({ max: 6 }).map((keepLast) => ({ kind: 'compact' as const, keepLast })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 40 }).map((tornBytes) => ({ kind: 'crash' as const, tornBytes })),
  },
);

describe('log store against an in-memory model', () => {
  it('always loads what the model holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        const dir = await mkdtemp(join(tmpdir(), 'tl-log-model-'));
        let store: LogStore = await openLogStore({ dir, segmentBytes: 200 });
        let model: unknown[] = [];
        try {
          for (const step of steps) {
            if (step.kind === 'append') {
              // concurrent appends: the log keeps call order
              await Promise.all(step.batches.map((b) => store.append(b.map((v) => ({ v })))));
              for (const b of step.batches) model.push(...b.map((v) => ({ v })));
            } else if (step.kind === 'compact') {
              const live = model.slice(Math.max(0, model.length - step.keepLast));
              await store.compact(live);
              model = live;
            } else if (step.kind === 'reopen') {
              await store.close();
              store = await openLogStore({ dir, segmentBytes: 200 });
            } else {
              // a crash mid-write leaves part of a frame at the end of the newest segment
              await store.close();
              const newest = (await readdir(dir))
                .filter((n) => n.startsWith('wal-'))
                .sort()
                .pop() as string;
              const frame = encodeFrame({ v: 'torn', pad: 'x'.repeat(50) });
              await appendFile(
                join(dir, newest),
                frame.subarray(0, Math.min(step.tornBytes, frame.length - 1)),
              );
              store = await openLogStore({ dir, segmentBytes: 200 });
            }
            expect(await store.load()).toEqual(model);
          }
        } finally {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});
