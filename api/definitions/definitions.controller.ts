import { Body, Controller, Get, Headers, HttpStatus, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { APP_CLOCK, type AppClock } from '../common/app-clock';
import { parseSort, sortParam } from '../common/paging';
import { xmlBodyOf } from '../common/xml-body';
import { zodParams, zodQuery } from '../common/zod-validation.pipe';
import { DefinitionSummaryDto, DefinitionVersionDto, DeployResponseDto } from './definition.dto';
import { DefinitionsService } from './definitions.service';
import { TimerStartsService } from './timer-starts.service';

const versionParams = z.object({
  key: z.string().min(1),
  version: z.coerce
    .number({ error: 'must be a positive integer' })
    .int('must be a positive integer')
    .min(1, 'must be a positive integer')
    .max(2_147_483_647, 'must be at most 2147483647'),
});

const listQuery = z.object({
  startable: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  // optional paging: the answer stays the contract's array, the count before paging goes in X-Total-Count
  page: z.coerce
    .number({ error: 'must be a positive integer' })
    .int('must be a positive integer')
    .min(1, 'must be a positive integer')
    .max(1_000_000, 'must be at most 1000000')
    .optional(),
  pageSize: z.coerce
    .number({ error: 'must be an integer from 1 to 200' })
    .int('must be an integer from 1 to 200')
    .min(1, 'must be an integer from 1 to 200')
    .max(200, 'must be an integer from 1 to 200')
    .optional(),
  sort: sortParam,
});
const DEFINITION_SORT_FIELDS = ['key', 'name', 'latestVersion'] as const;

@ApiTags('process-definitions')
@ApiBearerAuth()
@Controller('process-definitions')
export class DefinitionsController {
  constructor(
    @Inject(DefinitionsService) private readonly definitions: DefinitionsService,
    @Inject(TimerStartsService) private readonly timerStarts: TimerStartsService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Deploy a BPMN process (Camunda 8 dialect)',
    description:
      "Compiles with our dialect rules and Camunda Modeler's lint (camunda-compat, Camunda 8.6). 400: details lists every error with its elementId (and warnings beside it). 201/200: warnings lists what was ignored or only linted, each with its elementId; absent when none.",
  })
  @ApiConsumes('application/xml')
  @ApiBody({ schema: { type: 'string', description: 'BPMN 2.0 XML (Camunda 8 dialect)' } })
  @ApiCreatedResponse({ type: DeployResponseDto, description: '201 a new version; 200 the same XML again' })
  async deploy(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const xml = xmlBodyOf(body, contentType, 'BPMN');
    const now = (await this.clock.now()).getTime();
    // timer start events: this version's schedules start, the older versions' end (Camunda 8)
    const { created, definition, warnings, timerStarts } = await this.definitions.deploy(
      xml,
      user.username,
      now,
    );
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return {
      id: definition.id,
      key: definition.key,
      version: definition.version,
      name: definition.name,
      // what Zeebe would ignore, and Camunda Modeler's lint warnings, each with its elementId (absent: none)
      ...(warnings.length ? { warnings } : {}),
      // when each timer start event first fires (absent: the process has none)
      ...(timerStarts.length ? { timerStarts } : {}),
    };
  }

  @Get()
  @ApiOperation({
    summary: 'Deployed processes at their latest version',
    description: 'startable=true: only the programmes the caller may start (rf:startableBy; admin: all).',
  })
  @ApiQuery({ name: 'startable', required: false, enum: ['true', 'false'] })
  @ApiQuery({
    name: 'sort',
    required: false,
    description: 'key (default), name, latestVersion; -field descending',
  })
  @ApiQuery({
    name: 'page',
    required: false,
    description: 'with pageSize: one page; X-Total-Count has the total',
  })
  @ApiQuery({ name: 'pageSize', required: false, description: '1-200' })
  @ApiOkResponse({ type: [DefinitionSummaryDto] })
  async list(
    @Query(zodQuery(listQuery)) q: z.infer<typeof listQuery>,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const sort = parseSort(q.sort, DEFINITION_SORT_FIELDS, { field: 'key', dir: 'ASC' });
    const all = await this.definitions.list(q.startable === 'true' ? user : undefined);
    const value = (d: (typeof all)[number]) => d[sort.field] ?? '';
    const sorted = [...all].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const c =
        typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      return (sort.dir === 'ASC' ? c : -c) || a.key.localeCompare(b.key);
    });
    res.setHeader('X-Total-Count', String(sorted.length));
    const size = q.pageSize ?? 20;
    const page =
      q.page === undefined && q.pageSize === undefined
        ? sorted
        : sorted.slice(((q.page ?? 1) - 1) * size, (q.page ?? 1) * size);
    if (!user.roles.includes('admin')) return page;
    // admins see when each running timer start schedule fires next
    const schedules = await this.timerStarts.openSchedules(page.map((d) => d.key));
    return page.map((d) => {
      const timerStarts = schedules.get(d.key);
      return timerStarts ? { ...d, timerStarts } : d;
    });
  }

  @Get(':key/versions/:version')
  @ApiOkResponse({ type: DefinitionVersionDto })
  async get(@Param(zodParams(versionParams)) p: z.infer<typeof versionParams>) {
    const d = await this.definitions.get(p.key, p.version);
    return { key: d.key, version: d.version, name: d.name, xml: d.xml };
  }
}
