// Matching: FIFO task lists per queue name, and long-polling pollers that take tasks in arrival order.

export interface Poller<T> {
  /** Returns false when the poller is gone (cancelled or answered), so the task goes to the next one. */
  take(task: T): boolean;
}

interface Queue<T> {
  tasks: T[];
  pollers: Poller<T>[];
  lastPollAt: number;
}

export class TaskQueues<T> {
  private queues = new Map<string, Queue<T>>();

  constructor(private readonly isLive: (task: T) => boolean) {}

  private get(name: string): Queue<T> {
    let q = this.queues.get(name);
    if (!q) {
      q = { tasks: [], pollers: [], lastPollAt: 0 };
      this.queues.set(name, q);
    }
    return q;
  }

  offer(name: string, task: T): void {
    if (!this.isLive(task)) return;
    const q = this.get(name);
    while (q.pollers.length) {
      const p = q.pollers.shift()!;
      if (p.take(task)) return;
    }
    q.tasks.push(task);
  }

  /** Takes the first live task. */
  take(name: string): T | undefined {
    const q = this.get(name);
    q.lastPollAt = Date.now();
    while (q.tasks.length) {
      const t = q.tasks.shift()!;
      if (this.isLive(t)) return t;
    }
    return undefined;
  }

  addPoller(name: string, poller: Poller<T>): void {
    this.get(name).pollers.push(poller);
  }

  removePoller(name: string, poller: Poller<T>): void {
    const q = this.queues.get(name);
    if (!q) return;
    const i = q.pollers.indexOf(poller);
    if (i >= 0) q.pollers.splice(i, 1);
    q.lastPollAt = Date.now();
  }

  /** True when a poller is waiting on the queue or one was seen within the last `ms` of wall time. */
  polledWithin(name: string, ms: number): boolean {
    const q = this.queues.get(name);
    return !!q && (q.pollers.length > 0 || Date.now() - q.lastPollAt <= ms);
  }

  /** Removes and returns the queue's pending tasks (used to move sticky tasks to the normal queue). */
  drain(name: string): T[] {
    const q = this.queues.get(name);
    if (!q) return [];
    const tasks = q.tasks.filter((t) => this.isLive(t));
    q.tasks = [];
    return tasks;
  }

  hasPollers(name: string): boolean {
    return (this.queues.get(name)?.pollers.length ?? 0) > 0;
  }

  backlog(name: string): number {
    return this.queues.get(name)?.tasks.length ?? 0;
  }

  names(): string[] {
    return [...this.queues.keys()];
  }
}
