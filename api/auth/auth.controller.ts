import { Body, Controller, HttpCode, Inject, Ip, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { zodBody } from '../common/zod-validation.pipe';
import { Public } from './auth.decorators';
import { LoginResponseDto } from './auth.dto';
import { AuthService, type LoginResult, LoginThrottledError } from './auth.service';

const loginSchema = z.object({
  username: z.string().trim().min(1, 'username is required').max(200),
  password: z.string().min(1, 'password is required').max(200),
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['username', 'password'],
      properties: { username: { type: 'string' }, password: { type: 'string' } },
    },
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({
    description:
      'TOO_MANY_LOGIN_FAILURES: the username or the client address is locked after repeated failures; Retry-After ' +
      'gives the seconds left',
  })
  async login(
    @Body(zodBody(loginSchema)) body: z.infer<typeof loginSchema>,
    @Ip() ip: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResult> {
    try {
      return await this.auth.login(body.username, body.password, ip ?? 'unknown');
    } catch (err) {
      if (err instanceof LoginThrottledError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  }
}
