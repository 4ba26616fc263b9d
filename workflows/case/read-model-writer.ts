// The read model's single serial writer: batches of ops land in effect order, one applyReadModel per batch.
import { CancellationScope, condition, patched } from '@temporalio/workflow';
import type { ReadModelOp } from '../../activities/case/case-activity.types';
import { db, localDb } from './case-activities';
import type { CaseContext } from './case-context';

export interface ReadModelWriter {
  /** queues a batch; returns its sequence number, for flushedTo */
  enqueue(ops: ReadModelOp[]): number;
  /** resolves once every batch up to `seq` is written */
  flushedTo(seq: number): Promise<void>;
  /** the sequence number of the last batch queued */
  readonly enqueued: number;
  /** nothing queued, nothing being written */
  idle(): boolean;
}

export function startReadModelWriter(ctx: CaseContext): ReadModelWriter {
  let pendingOps: ReadModelOp[] = [];
  let enqueued = 0;
  let flushed = 0;
  const writer = new CancellationScope({ cancellable: false, parent: ctx.root });
  let useLocalWriter: boolean | undefined;
  void writer.run(async () => {
    for (;;) {
      await condition(() => pendingOps.length > 0);
      const upTo = enqueued;
      // Only the last case snapshot of a batch matters.
      const lastSync = pendingOps.map((o) => o.kind).lastIndexOf('syncCase');
      const ops = pendingOps.filter((o, i) => o.kind !== 'syncCase' || i === lastSync);
      pendingOps = [];
      useLocalWriter ??= patched('read-model-local-activity');
      const writerActs = useLocalWriter ? localDb : db;
      await writerActs.applyReadModel({ caseId: ctx.input.caseId, workflowId: ctx.wid, ops });
      flushed = upTo;
    }
  });
  return {
    enqueue(ops) {
      pendingOps.push(...ops);
      return ++enqueued;
    },
    flushedTo: (seq) => condition(() => flushed >= seq),
    get enqueued() {
      return enqueued;
    },
    idle: () => pendingOps.length === 0 && flushed === enqueued,
  };
}
