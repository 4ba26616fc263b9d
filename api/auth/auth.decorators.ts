// @Public, @Roles and @CurrentUser: the only auth vocabulary controllers need.
import { type ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { AuthUser, Role } from './auth-user';

export const IS_PUBLIC_KEY = 'rf:isPublic';
export const ROLES_KEY = 'rf:roles';

/** Skips the bearer-token requirement. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!req.user) throw new Error('CurrentUser used on a route without authentication');
  return req.user;
});
