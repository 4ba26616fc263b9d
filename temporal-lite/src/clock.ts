// Server clock: wall time plus an offset, and one ordered queue of everything that must happen at a server time.
// In 'skip' mode the clock also jumps to the next deadline whenever time skipping is unlocked and nothing is in flight.

export interface TimerHandle {
  readonly at: number;
  readonly seq: number;
  cancelled: boolean;
  readonly fire: () => void;
}

const MAX_TIMEOUT = 2 ** 31 - 1;
// A shared server can always have someone else's task in flight; after this much real time unlocked, skip anyway.
const SKIP_STALL_MS = 1500;

export class ServerClock {
  private offset = 0;
  private seq = 0;
  private heap: TimerHandle[] = [];
  private wake?: NodeJS.Timeout;
  private wakeAt = Infinity;
  private lockCount: number;
  private skipCheckPending = false;
  private stallSince = 0;
  private stallTimer?: NodeJS.Timeout;
  private stopped = false;
  /** Set by the engine: how many workflow and activity tasks are scheduled or running. */
  inFlight: () => number = () => 0;
  /** Set by the engine: the offset moved (the new one must reach storage). */
  onOffsetChange: () => void = () => undefined;

  /** `startAt`: the server time at construction (epoch ms), e.g. to replay a dated scenario; default wall time. */
  constructor(readonly mode: 'realtime' | 'skip', startAt?: number) {
    this.lockCount = mode === 'skip' ? 1 : 0;
    if (startAt !== undefined) this.offset = startAt - Date.now();
  }

  now(): number {
    return Date.now() + this.offset;
  }

  /** How far server time is ahead of wall time; persisted so a restart never moves time backwards. */
  get offsetMs(): number {
    return this.offset;
  }

  /** Restores a persisted offset; only ever moves the clock forward. */
  restoreOffset(offsetMs: number): void {
    if (offsetMs > this.offset) this.offset = offsetMs;
  }

  schedule(at: number, fire: () => void): TimerHandle {
    const h: TimerHandle = { at, seq: this.seq++, cancelled: false, fire };
    this.push(h);
    this.arm();
    this.requestSkipCheck();
    return h;
  }

  after(ms: number, fire: () => void): TimerHandle {
    return this.schedule(this.now() + ms, fire);
  }

  cancel(h: TimerHandle | undefined): void {
    if (h) h.cancelled = true;
  }

  /** Moves the clock forward, firing every due timer in deadline order. */
  advance(ms: number): void {
    if (ms > 0) {
      this.offset += ms;
      this.onOffsetChange();
    }
    this.fireDue();
  }

  /** Jumps to an absolute server time if it is in the future. */
  advanceTo(at: number): void {
    const d = at - this.now();
    this.advance(d > 0 ? d : 0);
  }

  /**
   * Advances to now+ms one deadline at a time, letting the system go idle after each firing, so timers the
   * workflows start in reaction (a chain of sleeps) fire too, each at its own time.
   */
  async advanceStepwise(ms: number): Promise<void> {
    const target = this.now() + Math.max(ms, 0);
    for (;;) {
      const next = this.peek();
      if (!next || next.at > target || this.stopped) break;
      this.advanceTo(next.at);
      await this.waitIdle(SKIP_STALL_MS);
    }
    this.advanceTo(target);
    await this.waitIdle(SKIP_STALL_MS);
  }

  private async waitIdle(maxMs: number): Promise<void> {
    const until = Date.now() + maxMs;
    await new Promise((r) => setImmediate(r));
    while (this.inFlight() > 0 && Date.now() < until && !this.stopped) await new Promise((r) => setTimeout(r, 5));
  }

  lock(): void {
    this.lockCount++;
  }

  unlock(): void {
    if (this.lockCount > 0) this.lockCount--;
    this.requestSkipCheck();
  }

  get locked(): boolean {
    return this.lockCount > 0;
  }

  /** Called after any state change: in skip mode, jump to the next deadline when idle. */
  requestSkipCheck(): void {
    if (this.mode !== 'skip' || this.skipCheckPending || this.stopped) return;
    this.skipCheckPending = true;
    setImmediate(() => {
      this.skipCheckPending = false;
      this.trySkip();
    });
  }

  private trySkip(): void {
    if (this.stopped || this.lockCount > 0) {
      this.stallSince = 0;
      return;
    }
    const next = this.peek();
    if (!next) return;
    const busy = this.inFlight() > 0;
    if (busy) {
      const t = Date.now();
      if (!this.stallSince) this.stallSince = t;
      if (t - this.stallSince < SKIP_STALL_MS) {
        if (!this.stallTimer) {
          this.stallTimer = setTimeout(() => {
            this.stallTimer = undefined;
            this.trySkip();
          }, SKIP_STALL_MS);
          this.stallTimer.unref();
        }
        return;
      }
    }
    this.stallSince = 0;
    this.advanceTo(next.at);
    this.requestSkipCheck();
  }

  stop(): void {
    this.stopped = true;
    if (this.wake) clearTimeout(this.wake);
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.heap = [];
  }

  private fireDue(): void {
    for (;;) {
      const top = this.peek();
      if (!top || top.at > this.now()) break;
      this.pop();
      try {
        top.fire();
      } catch (err) {
        console.error('temporal-lite: timer callback failed', err);
      }
    }
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    const top = this.peek();
    const at = top ? top.at : Infinity;
    if (at === this.wakeAt && this.wake) return;
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    this.wakeAt = at;
    if (!top) return;
    const delay = Math.min(Math.max(at - this.now(), 0), MAX_TIMEOUT);
    this.wake = setTimeout(() => {
      this.wake = undefined;
      this.wakeAt = Infinity;
      this.fireDue();
    }, delay);
  }

  private peek(): TimerHandle | undefined {
    while (this.heap.length && this.heap[0]!.cancelled) this.pop();
    return this.heap[0];
  }

  private less(a: TimerHandle, b: TimerHandle): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(h: TimerHandle): void {
    const heap = this.heap;
    heap.push(h);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  }

  private pop(): TimerHandle | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && this.less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}
