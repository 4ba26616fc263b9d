import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { zodBody } from '../common/zod-validation.pipe';
import { Public } from './auth.decorators';
import { AuthService, type LoginResult } from './auth.service';

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
  @ApiOkResponse({
    description:
      '{accessToken, user: {id, username, roles, district, affiliation}, devClock}; devClock is true only when ' +
      'GET /dev/time exists (in-process temporal-lite), so clients call it only then',
  })
  login(@Body(zodBody(loginSchema)) body: z.infer<typeof loginSchema>): Promise<LoginResult> {
    return this.auth.login(body.username, body.password);
  }
}
