import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodBody } from '../common/zod-validation.pipe';
import { SignalsService } from './signals.service';

const broadcastBody = z
  .object({
    signalName: z.string().trim().min(1, 'is required').max(200, 'has at most 200 characters'),
    variables: z
      .record(z.string(), z.unknown())
      .refine((v) => JSON.stringify(v).length <= 65_536, 'must be at most 64 KiB as JSON')
      .default({}),
  })
  .strict();

@ApiTags('signals')
@ApiBearerAuth()
@Controller('signals')
export class SignalsController {
  constructor(@Inject(SignalsService) private readonly signals: SignalsService) {}

  // A broadcast reaches every case of every programme: an administrative act.
  @Post('broadcast')
  @Roles('admin')
  @ApiOperation({
    summary: 'Broadcast a signal (Camunda 8 /v2/signals/broadcast)',
    description:
      'Every waiting signal catch event, boundary and event subprocess of that name in every running case is ' +
      'triggered with the variables; each latest process definition with a top-level signal start event of that ' +
      'name starts a case. Admin only. Answers {signalKey, correlated, startedCases}.',
  })
  broadcast(
    @Body(zodBody(broadcastBody)) body: z.infer<typeof broadcastBody>,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.status(200);
    return this.signals.broadcast(body.signalName, body.variables, user);
  }
}
