// Finishes batches whose API process died mid-way (issue 17): without this a batch interrupted by a crash reads
// `running` with `pending` items forever, though part of it reached the cases. At start and then periodically.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { BatchesService, batchLockKey } from './batches.service';
import { withTryAdvisoryLock } from '../../db/advisory-locks.repository';
import { BackgroundRounds } from '../common/background-rounds';
import { listInterruptedBatches } from '../../db/batches.repository';

/** A batch younger than this is left alone: its process may not have taken its lock yet. */
export const INTERRUPTED_MIN_AGE_MS = 5_000;

@Injectable()
export class BatchReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BatchReconciler');
  private readonly rounds = new BackgroundRounds(
    () => this.reconcileOnce(),
    this.logger,
    'batch reconciliation',
  );

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(BatchesService) private readonly batches: BatchesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.rounds.start(this.config.caseReconcileIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.rounds.stop();
  }

  /** One round: the ids of the interrupted batches it finished. A batch whose process lives holds its lock. */
  async reconcileOnce(minAgeMs = INTERRUPTED_MIN_AGE_MS): Promise<string[]> {
    const rows = await listInterruptedBatches(this.dataSource, minAgeMs);
    const finished: string[] = [];
    for (const { id } of rows) {
      if (this.rounds.stopping) break;
      const round = await withTryAdvisoryLock(this.dataSource, batchLockKey(id), () =>
        this.batches.resume(id),
      );
      if (round.locked) finished.push(id);
    }
    return finished;
  }
}
