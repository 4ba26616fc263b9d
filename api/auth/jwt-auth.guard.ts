// Global guard: a valid bearer token on every route not marked @Public().
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ApiError } from '../common/error-body';
import { IS_PUBLIC_KEY } from './auth.decorators';
import { type AuthUser, type JwtClaims, fromClaims } from './auth-user';

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(JwtService) private readonly jwt: JwtService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (isPublic) return true;
    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1])
      throw new ApiError(
        401,
        'Missing bearer token: send Authorization: Bearer <accessToken> from POST /api/v1/auth/login',
      );
    try {
      const claims = await this.jwt.verifyAsync<JwtClaims & object>(match[1]);
      req.user = fromClaims(claims);
      return true;
    } catch {
      throw new ApiError(401, 'Invalid or expired access token');
    }
  }
}
