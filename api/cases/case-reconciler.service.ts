// Starts the workflow of any active case that has none (an API died between the case row insert and the start).
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseEntity } from '../../db/entities/case.entity';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CasesService } from './cases.service';
import { withTryAdvisoryLock } from '../../db/advisory-locks.repository';
import { BackgroundRounds } from '../common/background-rounds';

/** A create in flight is never younger than this when looked at: its own start is not raced. */
export const ORPHAN_MIN_AGE_MS = 60_000;
/** One reconciler at a time across API processes (pg_try_advisory_lock key). */
const LOCK_KEY = 'reviewflow:case-reconciler';
const BATCH = 100;

@Injectable()
export class CaseReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CaseReconciler');
  private readonly rounds = new BackgroundRounds(
    () => this.reconcileOnce(),
    this.logger,
    'case reconciliation',
  );

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.rounds.start(this.config.caseReconcileIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.rounds.stop();
  }

  /** One round: the ids of the cases whose workflow it started; empty when another process holds the lock. */
  async reconcileOnce(minAgeMs = ORPHAN_MIN_AGE_MS): Promise<string[]> {
    const round = await withTryAdvisoryLock(this.dataSource, LOCK_KEY, () => this.startMissing(minAgeMs));
    return round.locked ? round.value : [];
  }

  private async startMissing(minAgeMs: number): Promise<string[]> {
    // Cheap superset of the orphans: a case whose workflow never ran has no active element and no history.
    const candidates = await this.dataSource
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where(`c.status = 'active'`)
      .andWhere(`c.createdAt < now() - make_interval(secs => :secs)`, { secs: minAgeMs / 1000 })
      .andWhere(`cardinality(c.activeElements) = 0`)
      .andWhere(`NOT EXISTS (SELECT 1 FROM history_events h WHERE h.case_id = c.id)`)
      .orderBy('c.createdAt', 'ASC')
      .limit(BATCH)
      .getMany();
    const started: string[] = [];
    for (const row of candidates) {
      if (await this.cases.workflowExists(row.id)) continue;
      // The row holds the client's variables plus businessKey, which the workflow adds back itself.
      const { businessKey: _added, ...variables } = row.variables;
      await this.cases.startWorkflow(row, variables);
      this.logger.warn({ caseId: row.id }, 'started the missing workflow of a case');
      started.push(row.id);
    }
    return started;
  }
}
