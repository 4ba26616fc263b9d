import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodParams, zodQuery } from '../common/zod-validation.pipe';
import { ElementStatsDto, ProgrammeStatsDto, WeeklyStatsDto } from './stats.dto';
import { OVERVIEW_ROLES, StatsService } from './stats.service';

const key = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const scopeQuery = z.object({ district: key.optional(), processKey: key.optional() }).strict();
const weeklyQuery = scopeQuery.extend({
  weeks: z.coerce
    .number({ error: 'must be an integer from 1 to 104' })
    .int('must be an integer from 1 to 104')
    .min(1, 'must be an integer from 1 to 104')
    .max(104, 'must be an integer from 1 to 104')
    .default(12),
});
const elementParams = z.object({ processKey: key });
const elementQuery = z.object({ district: key.optional() }).strict();

const ROLES_NOTE =
  'Admin, org-department and city reviewers see every district (district= narrows); a district reviewer sees ' +
  'only their own (another district: 403 DISTRICT_OUT_OF_SCOPE); other roles 403.';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
@Roles(...OVERVIEW_ROLES)
export class StatsController {
  constructor(@Inject(StatsService) private readonly stats: StatsService) {}

  @Get('programmes')
  @ApiOperation({
    summary: 'Case counts per programme and status, with the overdue active cases',
    description: ROLES_NOTE,
  })
  @ApiOkResponse({ type: ProgrammeStatsDto })
  programmes(
    @Query(zodQuery(scopeQuery)) q: z.infer<typeof scopeQuery>,
    @CurrentUser() user: AuthUser,
  ): Promise<ProgrammeStatsDto> {
    return this.stats.programmes(user, q);
  }

  @Get('programmes/:processKey/elements')
  @ApiOperation({
    summary: 'Per element of one programme: active cases waiting, incidents (failed cases), overdue cases',
    description: `Elements without cases are left out. ${ROLES_NOTE}`,
  })
  @ApiOkResponse({ type: ElementStatsDto })
  elements(
    @Param(zodParams(elementParams)) p: z.infer<typeof elementParams>,
    @Query(zodQuery(elementQuery)) q: z.infer<typeof elementQuery>,
    @CurrentUser() user: AuthUser,
  ): Promise<ElementStatsDto> {
    return this.stats.elements(user, p.processKey, q);
  }

  @Get('weekly')
  @ApiOperation({
    summary: 'Cases started and finished per week (Monday-Sunday, Asia/Shanghai), the last `weeks` weeks',
    description: `weeks 1-104, default 12. ${ROLES_NOTE}`,
  })
  @ApiOkResponse({ type: WeeklyStatsDto })
  weekly(
    @Query(zodQuery(weeklyQuery)) q: z.infer<typeof weeklyQuery>,
    @CurrentUser() user: AuthUser,
  ): Promise<WeeklyStatsDto> {
    return this.stats.weekly(user, q);
  }
}
