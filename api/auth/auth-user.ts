// The authenticated caller as carried in the JWT and on the request.
export const ROLES = [
  'applicant',
  'employer',
  'district-reviewer',
  'city-reviewer',
  'expert',
  'org-department',
  'finance',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface AuthUser {
  id: string;
  username: string;
  roles: string[];
  district: string | null;
  affiliation: string | null;
}

export interface JwtClaims {
  sub: string;
  username: string;
  roles: string[];
  district: string | null;
  affiliation: string | null;
  /** The user's token version when issued (absent in tokens from before versions: 0). */
  tv?: number;
  /** Set by the signer from JWT_TTL. */
  exp?: number;
}

export function toClaims(user: AuthUser, tokenVersion: number): JwtClaims {
  return {
    sub: user.id,
    username: user.username,
    roles: user.roles,
    district: user.district,
    affiliation: user.affiliation,
    tv: tokenVersion,
  };
}

export function fromClaims(claims: JwtClaims): AuthUser {
  return {
    id: claims.sub,
    username: claims.username,
    roles: Array.isArray(claims.roles) ? claims.roles : [],
    district: claims.district ?? null,
    affiliation: claims.affiliation ?? null,
  };
}
