// The contract's demo users (password `demo`), seeded idempotently on the embedded default only.
import { hash } from 'bcryptjs';
import type { DataSource } from 'typeorm';
import { UserEntity } from '../../db/entities/user.entity';
import type { Role } from './auth-user';

export const DEMO_PASSWORD = 'demo';

export interface DemoUser {
  username: string;
  roles: Role[];
  district?: string;
  affiliation?: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'applicant1', roles: ['applicant'] },
  { username: 'employer1', roles: ['employer'], affiliation: 'org-1' },
  { username: 'lixia-reviewer', roles: ['district-reviewer'], district: 'lixia' },
  { username: 'shizhong-reviewer', roles: ['district-reviewer'], district: 'shizhong' },
  { username: 'city-reviewer1', roles: ['city-reviewer'] },
  { username: 'expert1', roles: ['expert'], affiliation: 'org-1' },
  { username: 'expert2', roles: ['expert'] },
  { username: 'expert3', roles: ['expert'] },
  { username: 'expert4', roles: ['expert'] },
  { username: 'expert5', roles: ['expert'] },
  { username: 'orgdept1', roles: ['org-department'] },
  { username: 'finance1', roles: ['finance'] },
  { username: 'admin', roles: ['admin'] },
];

export const DEMO_USERNAMES: ReadonlySet<string> = new Set(DEMO_USERS.map((u) => u.username));

/** Inserts missing demo users; existing rows (possibly edited by an operator) are left alone. */
export async function seedDemoUsers(dataSource: DataSource): Promise<number> {
  const repo = dataSource.getRepository(UserEntity);
  const existing = new Set((await repo.find({ select: { username: true } })).map((u) => u.username));
  const missing = DEMO_USERS.filter((u) => !existing.has(u.username));
  if (missing.length === 0) return 0;
  // One hash for all: they share the published password anyway, and bcrypt is slow in pure JS.
  const passwordHash = await hash(DEMO_PASSWORD, 10);
  await repo
    .createQueryBuilder()
    .insert()
    .values(
      missing.map((u) => ({
        username: u.username,
        passwordHash,
        roles: u.roles,
        district: u.district ?? null,
        affiliation: u.affiliation ?? null,
      })),
    )
    .orIgnore()
    .execute();
  return missing.length;
}

export function describeDemoLogins(): string[] {
  return DEMO_USERS.map((u) => {
    const extra = [
      u.district ? `district ${u.district}` : '',
      u.affiliation ? `affiliation ${u.affiliation}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `  ${u.username.padEnd(18)} ${u.roles.join(',')}${extra ? ` (${extra})` : ''}`;
  });
}
