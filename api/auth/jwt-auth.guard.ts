// Global guard: a valid, unexpired bearer token of a user who still exists, is enabled and has not had their tokens
// revoked since, on every route not marked @Public().
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ApiError } from '../common/error-body';
import { IS_PUBLIC_KEY } from './auth.decorators';
import { type AuthUser, type JwtClaims, fromClaims } from './auth-user';
import {
  JOB_CLIENT_ROUTE_KEY,
  type JobClient,
  JobClientTokens,
  isJobClientClaims,
} from './job-client-tokens';
import { TokenSubjects } from './token-subjects';

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(TokenSubjects) private readonly subjects: TokenSubjects,
    @Inject(JobClientTokens) private readonly jobClients: JobClientTokens,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (isPublic) return true;
    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser; jobClient?: JobClient }>();
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1])
      throw new ApiError(
        401,
        'Missing bearer token: send Authorization: Bearer <accessToken> from POST /api/v1/auth/login',
      );
    let claims: JwtClaims;
    try {
      claims = await this.jwt.verifyAsync<JwtClaims & object>(match[1]);
    } catch {
      throw new ApiError(401, 'Invalid or expired access token', undefined, 'TOKEN_INVALID');
    }
    // Signed tokens lacking `exp` come only from an older signer: refused, a token must end.
    if (typeof claims.exp !== 'number')
      throw new ApiError(401, 'Invalid or expired access token', undefined, 'TOKEN_INVALID');
    if (isJobClientClaims(claims)) {
      // A job worker's token: the job API only, and only while its client is not revoked.
      const jobRoute = this.reflector.getAllAndOverride<boolean>(JOB_CLIENT_ROUTE_KEY, [
        ctx.getHandler(),
        ctx.getClass(),
      ]);
      if (!jobRoute)
        throw new ApiError(
          403,
          'A job worker client may only use the job API',
          undefined,
          'CLIENT_NOT_ALLOWED',
        );
      const client = await this.jobClients.active(claims);
      if (!client)
        throw new ApiError(401, 'The job worker client is revoked or gone', undefined, 'TOKEN_REVOKED');
      req.jobClient = client;
      return true;
    }
    const subject = await this.subjects.get(String(claims.sub));
    if (!subject || subject.disabled || subject.tokenVersion !== (claims.tv ?? 0))
      throw new ApiError(
        401,
        'Access token revoked, or its user is disabled or gone: log in again',
        undefined,
        'TOKEN_REVOKED',
      );
    req.user = fromClaims(claims);
    return true;
  }
}
