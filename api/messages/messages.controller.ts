import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { SIGNAL_SUBSCRIPTION_PREFIX } from '../../bpmn/elements/signal/signal.compile';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodBody } from '../common/zod-validation.pipe';
import { PublishResultDto } from './message.dto';
import { MessagesService } from './messages.service';

const messageBody = z
  .object({
    name: z
      .string()
      .min(1, 'is required')
      .refine(
        (n) => !n.startsWith(SIGNAL_SUBSCRIPTION_PREFIX),
        'starts like a signal (use POST /signals/broadcast)',
      ),
    correlationKey: z.union([z.string().min(1), z.number().transform(String)], { error: 'is required' }),
    variables: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

@ApiTags('messages')
@ApiBearerAuth()
@Controller('messages')
export class MessagesController {
  constructor(@Inject(MessagesService) private readonly messages: MessagesService) {}

  // Publishing is an official act (publicity, revocation); applicants object through /cases/:id/objections.
  @Post()
  @Roles('district-reviewer', 'city-reviewer', 'org-department', 'finance', 'admin')
  @ApiOperation({
    summary: 'Publish a message to the cases waiting for it',
    description:
      'Only roles named by the message rf:senders (default admin) may send it: 403 NOT_SENDER otherwise, and ' +
      'always for objection (POST /cases/:id/objections publishes it). Its variables reach a case only through ' +
      'the catching event zeebe:output mappings.',
  })
  @ApiOkResponse({ type: PublishResultDto })
  publish(
    @Body(zodBody(messageBody)) body: z.infer<typeof messageBody>,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.status(200);
    return this.messages.publish(body, user);
  }
}
