import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodBody } from '../common/zod-validation.pipe';
import { MessagesService } from './messages.service';

const messageBody = z
  .object({
    name: z.string().min(1, 'is required'),
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
  publish(
    @Body(zodBody(messageBody)) body: z.infer<typeof messageBody>,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.status(200);
    return this.messages.publish(body, user);
  }
}
