// Time travel for demos and acceptance tests; mounted only while running on an in-process temporal-lite.
import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { zodBody } from '../common/zod-validation.pipe';
import { DEV_CLOCK, type DevClock } from '../temporal/temporal.tokens';
import { parseDurationMs } from './duration';

const advanceSchema = z.object({
  duration: z.union([
    z.number().int().positive(),
    z
      .string()
      .refine(
        (s) => parseDurationMs(s) !== undefined,
        'must be an ISO-8601 duration such as PT1H or P5D, or like 90m',
      ),
  ]),
});

async function nowIso(clock: DevClock): Promise<string> {
  const now = await clock.now();
  return new Date(now).toISOString();
}

@ApiTags('dev')
@Controller('dev/time')
export class DevTimeController {
  constructor(@Inject(DEV_CLOCK) private readonly clock: DevClock) {}

  @Get()
  async now(): Promise<{ now: string }> {
    return { now: await nowIso(this.clock) };
  }

  @Post('advance')
  @HttpCode(200)
  async advance(@Body(zodBody(advanceSchema)) body: z.infer<typeof advanceSchema>): Promise<{ now: string }> {
    const ms = typeof body.duration === 'number' ? body.duration : (parseDurationMs(body.duration) ?? 0);
    await this.clock.advance(ms);
    return { now: await nowIso(this.clock) };
  }
}
