// "Now" for judging deadlines (overdue): the dev clock when one is mounted (time moved on temporal-lite), else the
// wall clock. Due dates are written in workflow time, so they must be compared against the same clock.
import type { DevClock } from '../temporal/temporal.tokens';

export const APP_CLOCK = Symbol('APP_CLOCK');

export interface AppClock {
  now(): Promise<Date>;
}

export function appClock(devClock: DevClock | undefined): AppClock {
  return {
    async now() {
      if (!devClock) return new Date();
      return new Date(await devClock.now());
    },
  };
}
