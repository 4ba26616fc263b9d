// Plays the people of a programme against the HTTP API for many cases at once: creates the cases, works each inbox,
// runs the list steps as batches once every case waits there, and moves server time at the timer steps. The HTTP
// client rides out an API that is down or restarting: it retries, with the same Idempotency-Key for completions.
import { sleep } from './child-processes';

export type Vars = Record<string, unknown>;

export interface TaskStep {
  elementId: string;
  user: string;
  variables: (caseIndex: number) => Vars;
}

export interface ListStep {
  /** every active case waits at this element before the batch runs */
  waitAt: string;
  user: string;
  title: string;
  action:
    | { type: 'complete-task'; elementId: string; variables: Vars }
    | { type: 'message'; name: string; variables?: Vars };
}

export interface TimerStep {
  waitAt: string;
  advance: string;
  /**
   * On a server that cannot move time (Temporal's dev server): the element an administrator's modification activates
   * in place of the timer, in the timer's own scope (the timer instance is terminated).
   */
  skipTo?: string;
}

export interface CaseExpectation {
  status: 'completed' | 'terminated' | 'failed';
  /** the end event the case must have completed */
  endElement: string;
  /** task rows per element id */
  tasks: Record<string, number>;
  /** ledger tranches (paid) */
  tranches: string[];
  certificates: number;
  /** the list and timer steps (their waitAt) the case passes */
  waits: string[];
}

export interface Playbook {
  processKey: string;
  creator: string;
  variables: (caseIndex: number) => Vars;
  tasks: TaskStep[];
  lists: ListStep[];
  timers: TimerStep[];
  expect: (caseIndex: number) => CaseExpectation;
}

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface ClientStats {
  requests: number;
  networkErrors: number;
  retried5xx: number;
  strandedKeys: number;
  replayed409: number;
}

/** A fetch client whose base URL can disappear and come back; it retries until `patienceMs` per call. */
export class ResilientApi {
  private base: string | undefined;
  private readonly tokens = new Map<string, string>();
  readonly stats: ClientStats = {
    requests: 0,
    networkErrors: 0,
    retried5xx: 0,
    strandedKeys: 0,
    replayed409: 0,
  };

  private aborted: Error | undefined;

  constructor(private readonly patienceMs = 180_000) {}

  /** Every pending and later request throws `err` (the scenario around the client failed). */
  abort(err: Error): void {
    this.aborted = err;
  }

  setBase(base: string | undefined): void {
    this.base = base;
  }

  async token(user: string): Promise<string> {
    const known = this.tokens.get(user);
    if (known) return known;
    const res = await this.request('POST', '/auth/login', { body: { username: user, password: 'demo' } });
    if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${JSON.stringify(res.body)}`);
    const token = res.body.accessToken as string;
    this.tokens.set(user, token);
    return token;
  }

  async request(
    method: string,
    url: string,
    opts: {
      user?: string;
      body?: unknown;
      contentType?: string;
      idempotencyKey?: string;
      timeoutMs?: number;
    } = {},
  ): Promise<Answer> {
    const deadline = Date.now() + this.patienceMs;
    let last = '';
    for (;;) {
      if (this.aborted) throw this.aborted;
      if (Date.now() > deadline)
        throw new Error(`${method} ${url}: gave up after ${this.patienceMs} ms (${last})`);
      const base = this.base;
      if (!base) {
        await sleep(200);
        continue;
      }
      const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
      if (opts.user) headers.authorization = `Bearer ${await this.token(opts.user)}`;
      if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
      this.stats.requests += 1;
      let res: Response;
      try {
        res = await fetch(base + url, {
          method,
          headers,
          body:
            typeof opts.body === 'string'
              ? opts.body
              : opts.body === undefined
                ? undefined
                : JSON.stringify(opts.body),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000),
        });
      } catch (err) {
        // Refused, reset or timed out: the API is down or restarting. The request may or may not have happened;
        // what callers send is safe to repeat (idempotency key, unique business key, per-item batch results).
        this.stats.networkErrors += 1;
        last =
          err instanceof Error
            ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}`
            : String(err);
        await sleep(300);
        continue;
      }
      const text = await res.text().catch(() => '');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        // not JSON (a proxy page): keep the text
      }
      if (res.status >= 500) {
        this.stats.retried5xx += 1;
        last = `${res.status} ${text.slice(0, 300)}`;
        await sleep(500);
        continue;
      }
      if (res.status === 401 && opts.user) {
        this.tokens.delete(opts.user);
        last = '401';
        continue;
      }
      return { status: res.status, body };
    }
  }
}

export interface DriverStats {
  created: number;
  completions: number;
  batchItemsDone: number;
  batches: number;
  advances: number;
  actions: number;
  expectedActions: number;
}

export interface DriverOptions {
  api: ResilientApi;
  playbook: Playbook;
  cases: number;
  /** business keys are `${prefix}-${i}` */
  prefix: string;
  /** moves server time by an ISO-8601 duration */
  advance: (duration: string) => Promise<void>;
  /** awaited before every time advance (a crash scenario may switch layouts first) */
  beforeAdvance?: () => Promise<void>;
  concurrency?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

interface TaskRow {
  id: string;
  caseId: string;
  elementId: string;
}

/** Drives `cases` cases of the playbook from creation to their end; returns the case ids by index. */
export class ProgrammeDriver {
  readonly caseIds: string[] = [];
  private readonly indexOf = new Map<string, number>();
  private readonly done = new Set<string>();
  private readonly busy = new Set<string>();
  readonly stats: DriverStats;
  private failure: Error | undefined;

  constructor(private readonly o: DriverOptions) {
    const p = o.playbook;
    const perCase = Array.from({ length: o.cases }, (_, i) => p.expect(i));
    const taskElements = new Set(p.tasks.map((t) => t.elementId));
    const singles = perCase.reduce(
      (n, e) => n + Object.entries(e.tasks).reduce((m, [el, k]) => m + (taskElements.has(el) ? k : 0), 0),
      0,
    );
    const waits = perCase.reduce((n, e) => n + e.waits.length, 0);
    this.stats = {
      created: 0,
      completions: 0,
      batchItemsDone: 0,
      batches: 0,
      advances: 0,
      actions: 0,
      expectedActions: o.cases + singles + waits,
    };
  }

  /** Share of the expected work done so far, 0..1. */
  progress(): number {
    return this.stats.actions / Math.max(1, this.stats.expectedActions);
  }

  private act(n = 1): void {
    this.stats.actions += n;
  }

  async run(): Promise<string[]> {
    const started = Date.now();
    const deadline = started + (this.o.timeoutMs ?? 600_000);
    await this.createAll();
    const lists = this.o.playbook.lists.map((s) => ({
      step: s,
      state: 'waiting' as 'waiting' | 'running' | 'done',
      target: [] as string[],
      tries: 0,
    }));
    const timers = this.o.playbook.timers.map((s) => ({
      step: s,
      state: 'waiting' as 'waiting' | 'running' | 'done',
      at: 0,
      target: 0,
    }));
    for (;;) {
      if (this.failure) throw this.failure;
      if (Date.now() > deadline)
        throw new Error(
          `driver timed out with ${await this.activeCount()} cases active (${JSON.stringify(this.stats)})`,
        );
      // Inbox work first; the list and timer barriers (and the end) are looked at only once it has run dry, which
      // keeps the driver's own polling from competing with the system it drives.
      let acted = await this.workInboxes();
      if (acted || this.busy.size > 0) {
        await sleep(500);
        continue;
      }
      const active = await this.activeCount();
      if (active === 0) break;

      for (const l of lists) {
        if (l.state === 'done') continue;
        const at = await this.casesAt(l.step.waitAt);
        if (l.state === 'waiting') {
          if (at.length === 0 || at.length < active) continue;
          l.state = 'running';
          l.target = at;
        }
        const still = at.filter((id) => l.target.includes(id));
        if (still.length === 0) {
          l.state = 'done';
          continue;
        }
        if (l.tries > 0) await sleep(1000); // let a half-finished batch settle before repeating it
        const again = (await this.casesAt(l.step.waitAt)).filter((id) => l.target.includes(id));
        if (again.length === 0) {
          l.state = 'done';
          continue;
        }
        if (++l.tries > 20)
          throw new Error(`batch at ${l.step.waitAt} keeps failing for ${again.length} cases`);
        const res = await this.o.api.request('POST', '/batches', {
          user: l.step.user,
          body: { title: l.step.title, caseIds: again, action: l.step.action },
          timeoutMs: 600_000,
        });
        if (res.status !== 201)
          throw new Error(`batch ${l.step.title}: ${res.status} ${JSON.stringify(res.body)}`);
        const items = res.body.items as { caseId: string; status: string; error?: string }[];
        const ok = items.filter((i) => i.status === 'done').length;
        this.stats.batches += 1;
        this.stats.batchItemsDone += ok;
        this.act(ok);
        const failed = items.filter((i) => i.status !== 'done');
        if (failed.length)
          this.o.log?.(
            `batch ${l.step.title}: ${ok} done, ${failed.length} to repeat (${failed[0]?.error ?? ''})`,
          );
        acted = true;
      }

      for (const t of timers) {
        if (t.state === 'done') continue;
        const at = await this.casesAt(t.step.waitAt);
        if (t.state === 'waiting') {
          if (at.length === 0 || at.length < active || this.busy.size > 0) continue;
          await this.o.beforeAdvance?.();
          t.state = 'running';
          t.target = at.length;
          t.at = Date.now();
          await this.o.advance(t.step.advance);
          this.stats.advances += 1;
          this.act(at.length);
          acted = true;
          continue;
        }
        if (at.length === 0) t.state = 'done';
        else if (Date.now() - t.at > 20_000) {
          // Cases still parked long after the advance: move time again (a restart may have left the clock behind).
          const sample = await this.o.api.request('GET', `/cases/${at[0]}/history`, { user: 'admin' });
          const tail = Array.isArray(sample.body)
            ? (sample.body as { type: string; elementId?: string }[]).slice(-4)
            : sample.body;
          this.o.log?.(
            `${at.length} cases still at ${t.step.waitAt}: advancing again (one ends ${JSON.stringify(tail)})`,
          );
          t.at = Date.now();
          await this.o.advance(t.step.advance);
          this.stats.advances += 1;
        }
      }
      if (!acted) await sleep(1000);
    }
    while (this.busy.size > 0) await sleep(50);
    if (this.failure) throw this.failure;
    return this.caseIds;
  }

  private async createAll(): Promise<void> {
    const p = this.o.playbook;
    let next = 0;
    const lane = async () => {
      while (next < this.o.cases) {
        const i = next++;
        const businessKey = `${this.o.prefix}-${i}`;
        const res = await this.o.api.request('POST', '/cases', {
          user: p.creator,
          body: { processKey: p.processKey, businessKey, variables: p.variables(i) },
        });
        if (res.status === 201) {
          this.caseIds[i] = res.body.id as string;
          this.indexOf.set(res.body.id as string, i);
        } else if (res.status !== 409) {
          throw new Error(`create ${businessKey}: ${res.status} ${JSON.stringify(res.body)}`);
        }
        this.stats.created += 1;
        this.act();
      }
    };
    await Promise.all(Array.from({ length: this.o.concurrency ?? 8 }, lane));
    // A create retried after a lost answer gets 409: its id comes from the list.
    if (this.indexOf.size < this.o.cases) {
      for (const c of await this.listCases('')) {
        const i = Number(/-(\d+)$/.exec(c.businessKey)?.[1]);
        if (c.businessKey === `${this.o.prefix}-${i}`) {
          this.caseIds[i] = c.id;
          this.indexOf.set(c.id, i);
        }
      }
    }
    if (this.indexOf.size !== this.o.cases)
      throw new Error(`created ${this.indexOf.size} of ${this.o.cases} cases`);
  }

  private async listCases(query: string): Promise<{ id: string; businessKey: string }[]> {
    const out: { id: string; businessKey: string }[] = [];
    for (let page = 1; ; page++) {
      const res = await this.o.api.request(
        'GET',
        `/cases?processKey=${this.o.playbook.processKey}${query}&pageSize=200&page=${page}`,
        { user: 'admin' },
      );
      if (res.status !== 200) throw new Error(`list cases: ${res.status} ${JSON.stringify(res.body)}`);
      const items = res.body.items as { id: string; businessKey: string }[];
      out.push(...items);
      if (items.length < 200) return out.filter((c) => c.businessKey.startsWith(`${this.o.prefix}-`));
    }
  }

  private async activeCount(): Promise<number> {
    return (await this.listCases('&status=active')).length;
  }

  private async casesAt(elementId: string): Promise<string[]> {
    return (await this.listCases(`&status=active&elementId=${encodeURIComponent(elementId)}`)).map(
      (c) => c.id,
    );
  }

  /** One sweep over every user's inbox; completions run in the background, at most `concurrency` at once. */
  private async workInboxes(): Promise<boolean> {
    const byUser = new Map<string, TaskStep[]>();
    for (const s of this.o.playbook.tasks) byUser.set(s.user, [...(byUser.get(s.user) ?? []), s]);
    let started = false;
    for (const [user, steps] of byUser) {
      for (const row of await this.inbox(user)) {
        const step = steps.find((s) => s.elementId === row.elementId);
        const index = this.indexOf.get(row.caseId);
        if (!step || index === undefined || this.done.has(row.id) || this.busy.has(row.id)) continue;
        while (this.busy.size >= (this.o.concurrency ?? 8)) await sleep(20);
        this.busy.add(row.id);
        started = true;
        void this.complete(user, row, step.variables(index))
          .catch((err: unknown) => {
            this.failure ??= err instanceof Error ? err : new Error(String(err));
          })
          .finally(() => this.busy.delete(row.id));
      }
    }
    return started;
  }

  private async inbox(user: string): Promise<TaskRow[]> {
    const out: TaskRow[] = [];
    for (let page = 1; page <= 10; page++) {
      const res = await this.o.api.request(
        'GET',
        `/tasks?processKey=${this.o.playbook.processKey}&state=open&pageSize=200&page=${page}`,
        { user },
      );
      if (res.status !== 200) throw new Error(`inbox ${user}: ${res.status} ${JSON.stringify(res.body)}`);
      const items = res.body.items as TaskRow[];
      out.push(...items);
      if (items.length < 200) break;
    }
    return out;
  }

  private async complete(user: string, task: TaskRow, variables: Vars): Promise<void> {
    let key = `drive-${task.id}`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await this.o.api.request('POST', `/tasks/${task.id}/complete`, {
        user,
        body: { variables, comment: 'driven' },
        idempotencyKey: key,
      });
      if (res.status === 200) {
        this.done.add(task.id);
        this.stats.completions += 1;
        this.act();
        return;
      }
      const message = String(res.body?.message ?? '');
      if (res.status === 409) {
        // Either a retry of a completion that went through, or a key left reserved by an API that died mid-request.
        if (/in progress/i.test(message)) this.o.api.stats.strandedKeys += 1;
        else this.o.api.stats.replayed409 += 1;
        if (await this.completedBy(user, task)) {
          this.done.add(task.id);
          this.stats.completions += 1;
          this.act();
          return;
        }
        if (/in progress/i.test(message)) {
          key = `${key}-again`; // the stranded reservation never clears; the workflow still refuses a second completion
          continue;
        }
        // Completed by nobody we know and no longer open: let the next inbox sweep decide.
        return;
      }
      throw new Error(
        `complete ${task.elementId} ${task.id} as ${user}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    throw new Error(`complete ${task.id}: still refused after 5 attempts`);
  }

  private async completedBy(user: string, task: TaskRow): Promise<boolean> {
    const res = await this.o.api.request('GET', `/tasks?caseId=${task.caseId}&state=completed&pageSize=200`, {
      user,
    });
    return res.status === 200 && (res.body.items as TaskRow[]).some((t) => t.id === task.id);
  }
}
