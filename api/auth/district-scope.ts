// District scoping: a district-bound user sees only its own district; anything else is reported as absent (404),
// so object ids in other districts are not even confirmed to exist.
import { ApiError } from '../common/error-body';
import type { AuthUser } from './auth-user';

/** The district the caller is confined to, or undefined when the caller sees every district. */
export function districtScope(user: AuthUser): string | undefined {
  return user.district ?? undefined;
}

export function canSeeDistrict(user: AuthUser, objectDistrict: string | null | undefined): boolean {
  const scope = districtScope(user);
  return scope === undefined || scope === objectDistrict;
}

/** Throws 404 `${what} ${id} not found` when the object lies outside the caller's district. */
export function assertDistrictVisible(
  user: AuthUser,
  objectDistrict: string | null | undefined,
  what: string,
  id: string,
): void {
  if (!canSeeDistrict(user, objectDistrict)) throw new ApiError(404, `${what} ${id} not found`);
}
