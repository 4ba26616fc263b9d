// User administration beyond the demo seed: revoking every token of a user.
import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiError } from '../common/error-body';
import { zodParams } from '../common/zod-validation.pipe';
import { isBadText } from '../../db/pg-text';
import { Roles } from './auth.decorators';
import { AuthService } from './auth.service';

const usernameParams = z.object({
  username: z
    .string()
    .min(1)
    .max(200)
    .refine((s) => !isBadText(s), 'must be valid text without NUL characters'),
});

@ApiTags('auth')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post(':username/revoke-tokens')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      '{username, tokenVersion}: every access token of the user issued before is refused from now on (401 ' +
      'TOKEN_REVOKED; other API processes within 5 s)',
  })
  async revokeTokens(
    @Param(zodParams(usernameParams)) params: z.infer<typeof usernameParams>,
  ): Promise<{ username: string; tokenVersion: number }> {
    const revoked = await this.auth.revokeTokens(params.username);
    if (!revoked) throw new ApiError(404, `User ${params.username} not found`, undefined, 'USER_NOT_FOUND');
    return revoked;
  }
}
