// The activity registry: every activity the worker exposes, built from injected dependencies.
import type { DataSource } from 'typeorm';
import { createCaseActivities } from './case/case.activities';
import { createTimerStartActivities } from './case/timer-start.activities';
import { createSmokeActivities } from './smoke.activities';
import { createSqlSmokeStore } from './smoke.store';

export interface ActivityDeps {
  dataSource: DataSource;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createSmokeActivities(createSqlSmokeStore(deps.dataSource)),
    ...createCaseActivities({ dataSource: deps.dataSource }),
    ...createTimerStartActivities({ dataSource: deps.dataSource }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
