// A piece of background work an API process repeats (reconcilers, queues): once at start, then every interval, never
// two rounds at once, stopped cleanly at shutdown. A failed round is logged and the next one retries.
import type { Logger } from '@nestjs/common';

export class BackgroundRounds {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private busy = false;
  private again = false;
  private stopped = false;

  /** `what` names the work in the log line of a failed round. */
  constructor(
    private readonly round: () => Promise<unknown>,
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  /** A round now, then one every `intervalMs` (the timer keeps no process alive); also after a stop. */
  start(intervalMs: number): void {
    clearInterval(this.timer);
    this.stopped = false;
    this.kick();
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  /** A round now; asked during a round, one more round after it. */
  kick(): void {
    if (this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.running = (async () => {
      do {
        this.again = false;
        await this.round().catch((err: unknown) =>
          this.logger.warn({ err: String(err) }, `${this.what} failed; the next round retries`),
        );
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.busy = false;
    });
  }

  /** True once stopping: a long round checks it between items. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Waits for the round in progress (tests). */
  async idle(): Promise<void> {
    while (this.busy) await this.running;
  }

  /** No more rounds; waits for the one in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}
