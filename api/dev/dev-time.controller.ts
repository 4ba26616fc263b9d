// Time travel for demos and acceptance tests: mounted only on a Temporal with a TestService and never in
// production (see AppModule); moved by admins only, one bounded ISO-8601 step per call.
import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/auth.decorators';
import { ApiError } from '../common/error-body';
import { zodDetails } from '../common/zod-validation.pipe';
import { DEV_CLOCK, type DevClock } from '../temporal/temporal.tokens';
import { MAX_ADVANCE_MS, parseDurationMs } from './duration';

const advanceSchema = z.object({
  duration: z.string('must be an ISO-8601 duration string such as P3D or PT2H').max(64),
});

/** 400 INVALID_DURATION naming `duration`, or the step in milliseconds. */
function advanceMs(body: unknown): number {
  const parsed = advanceSchema.safeParse(body ?? {});
  if (!parsed.success)
    throw new ApiError(400, 'Invalid request body: duration', zodDetails(parsed.error), 'INVALID_DURATION');
  const ms = parseDurationMs(parsed.data.duration);
  if (ms === undefined)
    throw new ApiError(
      400,
      'Invalid request body: duration',
      [
        {
          field: 'duration',
          message:
            'must be a positive ISO-8601 duration in weeks, days, hours, minutes or seconds (P3D, PT2H)',
        },
      ],
      'INVALID_DURATION',
    );
  if (ms > MAX_ADVANCE_MS)
    throw new ApiError(
      400,
      'Invalid request body: duration',
      [{ field: 'duration', message: 'must be at most 10 years (P3652D) per call' }],
      'DURATION_TOO_LONG',
    );
  return ms;
}

/** The clock stays within four-digit years. */
const LATEST_CLOCK_MS = Date.UTC(9999, 11, 31, 0, 0, 0);

async function nowIso(clock: DevClock): Promise<string> {
  const now = await clock.now();
  return new Date(now).toISOString();
}

@ApiTags('dev')
@ApiBearerAuth()
@Controller('dev/time')
export class DevTimeController {
  constructor(@Inject(DEV_CLOCK) private readonly clock: DevClock) {}

  @Get()
  async now(): Promise<{ now: string }> {
    return { now: await nowIso(this.clock) };
  }

  // Reading the clock is for everyone (the UI's countdowns); moving it is for administrators.
  @Post('advance')
  @Roles('admin')
  @HttpCode(200)
  async advance(@Body() body: unknown): Promise<{ now: string }> {
    const ms = advanceMs(body);
    // Repeated steps must not leave the dates every deadline computation can handle either.
    if (new Date(await this.clock.now()).getTime() + ms > LATEST_CLOCK_MS)
      throw new ApiError(
        400,
        'Invalid request body: duration',
        [{ field: 'duration', message: 'would move the clock past 9999-12-31' }],
        'DURATION_TOO_LONG',
      );
    await this.clock.advance(ms);
    return { now: await nowIso(this.clock) };
  }
}
