// Process-level timer start events (Camunda 8): deploying a version starts one timer-start workflow per timer start
// event and cancels the schedules of the versions before it. At API start every latest version's schedules are
// started again if missing (a deploy whose start was lost, the programme files deployed at boot); the workflow
// resumes from its row in timer_start_schedules, so starting it again never fires twice.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { ProcessGraph } from '../../bpmn/graph.types';
import { firstFire } from '../../bpmn/timers/timer-start-schedule';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import {
  latestTimerStartDefinitions,
  openTimerSchedules,
  timerSchedulesOf,
} from '../../db/timer-starts.repository';
import { ProcessDefinitionEntity } from '../../db/entities/process-definition.entity';
import { TIMER_START_WORKFLOW, type TimerStartInput, timerStartWorkflowId } from '../../workflows/messages';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';

type TimerStarts = NonNullable<ProcessGraph['timerStarts']>;

export interface TimerStartView {
  elementId: string;
  /** ISO; null: the schedule has no fire left */
  nextFireAt: string | null;
}

/** When each timer start of a graph deployed at `now` first fires (the deploy answer). */
export function firstFires(graph: ProcessGraph, now: number): TimerStartView[] {
  return (graph.timerStarts ?? []).map((t) => {
    const f = firstFire(t.schedule, now);
    return { elementId: t.elementId, nextFireAt: f ? new Date(f.at).toISOString() : null };
  });
}

@Injectable()
export class TimerStartsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TimerStarts');
  private syncing: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // in the background: Temporal may still be coming up, and a deploy or the next start tries again
    this.syncing = this.syncAll().catch((err: unknown) =>
      this.logger.warn(
        { err: String(err) },
        'timer start schedules not synchronised; the next API start retries',
      ),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.syncing;
  }

  /** Every latest version's schedules running, every older one's cancelled. */
  async syncAll(): Promise<void> {
    for (const d of await latestTimerStartDefinitions(this.dataSource)) {
      await this.start(d.key, d.version, d.timerStarts as TimerStarts);
      await this.cancelOlder(d.key, d.version);
    }
  }

  /**
   * After a deploy: the version's schedules start (again, for an identical redeploy: a no-op when they run), and a
   * new version cancels those of the versions before it, with or without timer starts of its own (as in Zeebe).
   * Returns a warning per schedule that could not be started or cancelled (the deploy itself stands).
   */
  async afterDeploy(
    def: ProcessDefinitionEntity,
    created: boolean,
  ): Promise<{ elementId?: string; message: string }[]> {
    const warnings: { elementId?: string; message: string }[] = [];
    const graph = def.graph as ProcessGraph;
    try {
      if (created) await this.cancelOlder(def.key, def.version);
    } catch (err) {
      warnings.push({
        message: `the schedules of older versions of ${def.key} could not be cancelled now (${String(err)}); their next fire ends them`,
      });
    }
    try {
      await this.start(def.key, def.version, graph.timerStarts ?? []);
    } catch (err) {
      for (const t of graph.timerStarts ?? [])
        warnings.push({
          elementId: t.elementId,
          message: `the timer start schedule could not be started now (${String(err)}); it starts with the next API start or an identical redeploy`,
        });
    }
    return warnings;
  }

  /** Open schedules of these keys (latest versions first): what GET /process-definitions shows admins. */
  async openSchedules(keys: string[]): Promise<Map<string, TimerStartView[]>> {
    const out = new Map<string, TimerStartView[]>();
    const latest = new Map<string, number>();
    for (const r of await openTimerSchedules(this.dataSource, keys)) {
      // rows come newest version first: an older one still open is being cancelled
      if ((latest.get(r.processKey) ?? r.processVersion) !== r.processVersion) continue;
      latest.set(r.processKey, r.processVersion);
      const list = out.get(r.processKey) ?? [];
      list.push({ elementId: r.elementId, nextFireAt: r.nextFireAt });
      out.set(r.processKey, list);
    }
    return out;
  }

  private async start(key: string, version: number, starts: TimerStarts): Promise<void> {
    if (starts.length === 0) return;
    const ended = new Set(
      (await timerSchedulesOf(this.dataSource, key)).filter((r) => r.endedAt).map((r) => r.workflowId),
    );
    for (const t of starts) {
      const workflowId = timerStartWorkflowId(key, version, t.elementId);
      if (ended.has(workflowId)) continue; // exhausted or superseded: never again
      const input: TimerStartInput = {
        processKey: key,
        processVersion: version,
        elementId: t.elementId,
        schedule: t.schedule,
      };
      try {
        await this.temporal.workflow.start(TIMER_START_WORKFLOW, {
          taskQueue: this.config.taskQueue,
          workflowId,
          args: [input],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
  }

  private async cancelOlder(key: string, version: number): Promise<void> {
    const rows = await timerSchedulesOf(this.dataSource, key);
    const known = new Set(rows.map((r) => r.workflowId));
    const ids = new Set(
      rows.filter((r) => r.processVersion < version && !r.endedAt).map((r) => r.workflowId),
    );
    // the version just before may not have written its row yet (its workflow had not run)
    const previous = await this.dataSource
      .getRepository(ProcessDefinitionEntity)
      .findOneBy({ key, version: version - 1 });
    for (const t of (previous?.graph as ProcessGraph | undefined)?.timerStarts ?? []) {
      const id = timerStartWorkflowId(key, version - 1, t.elementId);
      if (!known.has(id)) ids.add(id);
    }
    for (const id of ids) {
      try {
        await this.temporal.workflow.getHandle(id).cancel();
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
  }
}
