// The activity registry: every activity the worker exposes, built from injected dependencies.
import type { DataSource } from 'typeorm';
import { createCaseActivities } from './case/case.activities';
import { createTimerStartActivities } from './case/timer-start.activities';
import { createSmokeActivities } from './smoke.activities';
import { createSqlSmokeStore } from './smoke.store';

export interface ActivityDeps {
  dataSource: DataSource;
  /** MAX_OPEN_TASKS_PER_CASE for the cases activities start (signal and timer start events) */
  maxOpenTasksPerCase?: number;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createSmokeActivities(createSqlSmokeStore(deps.dataSource)),
    ...createCaseActivities({ dataSource: deps.dataSource, maxOpenTasksPerCase: deps.maxOpenTasksPerCase }),
    ...createTimerStartActivities({
      dataSource: deps.dataSource,
      maxOpenTasksPerCase: deps.maxOpenTasksPerCase,
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
