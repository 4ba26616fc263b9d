// The overview (总览): who sees which counts, and the counts from the read model (db/stats.repository).
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { elementCounts, programmeCounts, type StatsScope, weeklyCounts } from '../../db/stats.repository';
import type { AuthUser } from '../auth/auth-user';
import { APP_CLOCK, type AppClock } from '../common/app-clock';
import { ApiError } from '../common/error-body';

/** Roles that see the overview of every district. */
export const OVERVIEW_ALL_ROLES = ['admin', 'org-department', 'city-reviewer'] as const;
/** Roles allowed at all; a district reviewer sees only their own district. */
export const OVERVIEW_ROLES = [...OVERVIEW_ALL_ROLES, 'district-reviewer'] as const;

@Injectable()
export class StatsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  /**
   * The district the caller's counts are confined to. The all-seeing roles may pick one (or none: all); a district
   * reviewer always gets their own, and asking for another is 403 DISTRICT_OUT_OF_SCOPE.
   */
  scope(user: AuthUser, q: { district?: string; processKey?: string }): StatsScope {
    const all = user.roles.some((r) => (OVERVIEW_ALL_ROLES as readonly string[]).includes(r));
    if (all) return { district: q.district, processKey: q.processKey };
    if (!user.roles.includes('district-reviewer') || !user.district)
      throw new ApiError(403, 'The overview needs a district', undefined, 'OVERVIEW_FORBIDDEN');
    if (q.district !== undefined && q.district !== user.district)
      throw new ApiError(
        403,
        `District ${q.district} is outside your district`,
        [{ field: 'district', message: 'is not your district' }],
        'DISTRICT_OUT_OF_SCOPE',
      );
    return { district: user.district, processKey: q.processKey };
  }

  async programmes(user: AuthUser, q: { district?: string; processKey?: string }) {
    const scope = this.scope(user, q);
    const items = await programmeCounts(this.dataSource.manager, scope, await this.clock.now());
    return { district: scope.district ?? null, items };
  }

  async elements(user: AuthUser, processKey: string, q: { district?: string }) {
    const scope = this.scope(user, { ...q, processKey });
    const items = await elementCounts(
      this.dataSource.manager,
      { ...scope, processKey },
      await this.clock.now(),
    );
    return { processKey, district: scope.district ?? null, items };
  }

  async weekly(user: AuthUser, q: { district?: string; processKey?: string; weeks: number }) {
    const scope = this.scope(user, q);
    const items = await weeklyCounts(this.dataSource.manager, scope, q.weeks, await this.clock.now());
    return { district: scope.district ?? null, items };
  }
}
