// Durability: every change to a run goes to the log store as one record (new events + a snapshot of the rest);
// attachStore rebuilds the runs from the log and has each section re-arm what it owns.
import type { Msg } from '../proto';
import { restoreExecution, snapshotExecution } from '../snapshot';
import type { RunRecord, RunSnapshot } from '../snapshot';
import type { LogStore } from '../storage/log-store';
import type { Execution } from '../types';
import type { EngineCore } from './core';
import type { Activities } from './activities';
import type { Lifecycle } from './lifecycle';
import type { Timers } from './timers';
import type { WorkflowTasks } from './workflow-tasks';

const COMPACT_AFTER_BYTES = 128 * 1024 * 1024;

/** Server time's offset from wall time (advanced or skipped time), so a restart never moves time backwards. */
interface ClockRecord {
  t: 'clock';
  offset: number;
}

/** A run's removal (retention). */
interface DeleteRecord {
  t: 'delete';
  runId: string;
}

/** What the log holds, in order: a run's new events and snapshot, a removal, the clock offset. */
type LogRecord = RunRecord | DeleteRecord | ClockRecord;

/** What Durability needs from the other sections. */
export interface DurabilityPeers {
  activities: Pick<Activities, 'rearmActivities'>;
  lifecycle: Pick<Lifecycle, 'rearmRun'>;
  timers: Pick<Timers, 'rearmTimers'>;
  workflowTasks: Pick<WorkflowTasks, 'rearmWorkflowTask'>;
}

export class Durability {
  constructor(
    private readonly core: EngineCore,
    private readonly peers: DurabilityPeers,
  ) {}

  private store?: LogStore;
  private dirty = new Set<Execution>();
  private persistedEvents = new Map<string, number>();
  private flushScheduled = false;
  private lastWrite: Promise<void> = Promise.resolve();
  private deleted: string[] = [];
  private compacting = false;
  private persistedOffset = 0;

  touch(exec: Execution): void {
    if (!this.store) return;
    this.dirty.add(exec);
    this.touchAny();
  }

  touchAny(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.durable().catch((err: unknown) => console.error('temporal-lite: storage write failed', err));
      });
    }
  }

  /** A removed run: nothing more of it is written, and the log records its removal. */
  forget(exec: Execution): void {
    this.dirty.delete(exec);
    this.persistedEvents.delete(exec.runId);
    if (this.store) this.deleted.push(exec.runId);
    if (this.store) this.touchAny();
  }

  /** Resolves once every change made so far is on disk (group commit through the log store). */
  durable(): Promise<void> {
    if (
      !this.store ||
      (!this.dirty.size && !this.deleted.length && this.core.clock.offsetMs === this.persistedOffset)
    )
      return this.lastWrite;
    const records: LogRecord[] = this.deleted.splice(0).map((runId) => ({ t: 'delete', runId }));
    if (this.core.clock.offsetMs !== this.persistedOffset) {
      this.persistedOffset = this.core.clock.offsetMs;
      records.push(this.clockRecord());
    }
    for (const exec of this.dirty) {
      const from = this.persistedEvents.get(exec.runId) ?? 0;
      records.push({
        t: 'run',
        runId: exec.runId,
        from,
        events: exec.history.slice(from),
        state: snapshotExecution(exec),
      });
      this.persistedEvents.set(exec.runId, exec.history.length);
    }
    this.dirty.clear();
    this.lastWrite = this.store.append(records);
    const grown =
      (this.store as LogStore & { stats?: { bytesSinceCompact: number } }).stats?.bytesSinceCompact ?? 0;
    if (grown > COMPACT_AFTER_BYTES && !this.compacting) {
      // The store orders this after the appends above; the snapshot already includes their effects.
      this.compacting = true;
      const live: unknown[] = [...this.core.runs.values()].map((exec) => ({
        t: 'run',
        runId: exec.runId,
        from: 0,
        events: exec.history,
        state: snapshotExecution(exec),
      }));
      live.push(this.clockRecord());
      this.lastWrite = this.store.compact(live).finally(() => {
        this.compacting = false;
      });
    }
    return this.lastWrite;
  }

  private clockRecord(): ClockRecord {
    return { t: 'clock', offset: this.core.clock.offsetMs };
  }

  /** Loads the log, rebuilds every run and re-arms timers and tasks, then compacts the log. */
  async attachStore(store: LogStore): Promise<number> {
    const records = (await store.load()) as LogRecord[];
    const byRun = new Map<string, { events: Msg[]; state: RunSnapshot }>();
    for (const r of records) {
      if (r?.t === 'clock') this.core.clock.restoreOffset(r.offset);
      if (r?.t === 'delete') byRun.delete(r.runId);
      if (r?.t !== 'run') continue;
      let e = byRun.get(r.runId);
      if (!e) {
        e = { events: [], state: r.state };
        byRun.set(r.runId, e);
      }
      e.events.length = Math.min(e.events.length, r.from);
      e.events.push(...r.events);
      e.state = r.state;
    }
    const restored = [...byRun.values()]
      .map(({ events, state }) => restoreExecution(state, events))
      .sort((a, b) => a.startTime - b.startTime);
    for (const exec of restored) {
      this.core.runs.set(exec.runId, exec);
      const k = this.core.key(exec.ns, exec.workflowId);
      const chain = this.core.chains.get(k) ?? [];
      chain.push(exec);
      this.core.chains.set(k, chain);
      this.persistedEvents.set(exec.runId, exec.history.length);
    }
    // Compact with the loaded state, not a fresh snapshot: timers and deadlines are only re-armed below, so a
    // snapshot taken now would drop them from the log until the run next changed (lost on a second crash).
    this.persistedOffset = this.core.clock.offsetMs;
    await store.compact([
      this.clockRecord(),
      ...restored.map((exec) => {
        const r = exec as Execution & { restoredTimers: RunSnapshot['timers'] };
        return {
          t: 'run',
          runId: exec.runId,
          from: 0,
          events: exec.history,
          state: { ...byRun.get(exec.runId)!.state, timers: r.restoredTimers },
        };
      }),
    ]);
    this.store = store;
    this.core.clock.onOffsetChange = () => this.touchAny();
    for (const exec of restored) if (this.core.running(exec)) this.rearm(exec);
    return restored.length;
  }

  /** Re-arms a restored open run: each section re-arms its own timers and tasks, in the order they were written. */
  private rearm(exec: Execution): void {
    this.peers.timers.rearmTimers(exec);
    this.peers.lifecycle.rearmRun(exec);
    this.peers.activities.rearmActivities(exec);
    this.peers.workflowTasks.rearmWorkflowTask(exec);
  }
}
