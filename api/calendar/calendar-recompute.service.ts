// Contract §1: a deadline computed without its year's calendar data is recomputed when that data is loaded.
// PUT /calendar/years/:year queues one job per open provisional case (same transaction as the data); this loop sends
// each case's workflow the recomputeDeadlines update until the job is done, at start, after each PUT and periodically,
// so a crash in between only delays it. The update is idempotent: a timer already recomputed is no longer provisional.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  type RecomputeJob,
  enqueueMissedCalendarRecomputes,
  failCalendarRecompute,
  finishCalendarRecompute,
  pendingCalendarRecomputes,
} from '../../db/calendar-recompute.repository';
import { recomputeDeadlinesUpdate } from '../../workflows/messages';
import { caseWorkflowId } from '../cases/workflow-errors';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { withTryAdvisoryLock } from '../../db/advisory-locks.repository';
import { BackgroundRounds } from '../common/background-rounds';

/** One worker of the queue at a time across API processes (pg_try_advisory_lock key). */
const LOCK_KEY = 'reviewflow:calendar-recompute';
const BATCH = 100;
/** A job failing this often (an unreachable case) is given up, with its last error kept. */
export const RECOMPUTE_MAX_ATTEMPTS = 20;
/** One case's answer is awaited at most this long (a case without a worker must not hold up shutdown). */
const UPDATE_DEADLINE_MS = 30_000;

@Injectable()
export class CalendarRecomputeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CalendarRecompute');
  private readonly rounds = new BackgroundRounds(() => this.drain(), this.logger, 'calendar recompute');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.rounds.start(this.config.caseReconcileIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.rounds.stop();
  }

  /** Works off the queue in the background (a kick while a round runs makes it go round once more). */
  kick(): void {
    this.rounds.kick();
  }

  /** Waits for the round in progress (tests, shutdown). */
  async idle(): Promise<void> {
    await this.rounds.idle();
  }

  /** Processes pending jobs until none is left; returns how many were finished. Empty when another process works. */
  async drain(): Promise<number> {
    const round = await withTryAdvisoryLock(this.dataSource, LOCK_KEY, () => this.drainLocked());
    return round.locked ? round.value : 0;
  }

  private async drainLocked(): Promise<number> {
    await enqueueMissedCalendarRecomputes(this.dataSource.manager);
    let finished = 0;
    const seen = new Set<string>();
    for (;;) {
      const jobs = (await pendingCalendarRecomputes(this.dataSource.manager, BATCH)).filter(
        (j) => j.attempts < RECOMPUTE_MAX_ATTEMPTS && !seen.has(`${j.year}:${j.caseId}:${j.generation}`),
      );
      for (const j of jobs) seen.add(`${j.year}:${j.caseId}:${j.generation}`);
      if (jobs.length === 0) return finished;
      let progressed = false;
      for (const job of jobs) {
        if (this.rounds.stopping) return finished;
        if (!(await this.runJob(job))) continue;
        finished += 1;
        progressed = true;
      }
      if (!progressed) return finished; // only failures this round: the next round retries them
    }
  }

  private async runJob(job: RecomputeJob): Promise<boolean> {
    const manager = this.dataSource.manager;
    try {
      const res = await this.temporal.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        this.temporal.workflow.getHandle(caseWorkflowId(job.caseId)).executeUpdate(
          recomputeDeadlinesUpdate,
          // one update per job generation: a retry after a lost answer is applied once
          { updateId: `calendar-${job.year}-${job.caseId}-${job.generation}`, args: [{}] },
        ),
      );
      this.logger.log(
        { caseId: job.caseId, year: job.year, recomputed: res.recomputed },
        'deadlines recomputed',
      );
      await finishCalendarRecompute(manager, job);
      return true;
    } catch (err) {
      // An ended case has no deadline left to move.
      if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError) {
        await finishCalendarRecompute(manager, job, String(err));
        return true;
      }
      const attempts = job.attempts + 1;
      this.logger.warn(
        { caseId: job.caseId, year: job.year, attempts, err: String(err) },
        'recompute failed',
      );
      await failCalendarRecompute(manager, job, String(err));
      return false;
    }
  }
}
