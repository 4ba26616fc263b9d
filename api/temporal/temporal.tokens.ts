import { Inject } from '@nestjs/common';

/** `Client` from @temporalio/client, connected to the configured namespace. */
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const InjectTemporalClient = () => Inject(TEMPORAL_CLIENT);

/** A `Connection` to the same server without retries, for health probes. */
export const TEMPORAL_PROBE = Symbol('TEMPORAL_PROBE');

/** Present only while running on an in-process temporal-lite: lets the dev endpoints move time. */
export const DEV_CLOCK = Symbol('DEV_CLOCK');

export interface DevClock {
  now(): Date | number | string | Promise<Date | number | string>;
  /** Moves time forward by this many milliseconds. */
  advance(ms: number): unknown;
}
