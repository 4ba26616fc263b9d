import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Connection } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { TEMPORAL_PROBE } from '../temporal/temporal.tokens';
import { MetricsService } from './metrics.service';
import { pingDatabase } from '../../db/health.repository';

type Part = 'up' | 'down';

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<Part> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_PROBE) private readonly temporal: Connection,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  @Public()
  @Get('health')
  @ApiOkResponse({ description: "{status:'ok', database:'up', temporal:'up'}" })
  @ApiServiceUnavailableResponse({ description: 'names the failing part' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, temporal] = await Promise.all([
      probe(() => pingDatabase(this.dataSource), 3000),
      probe(
        () =>
          this.temporal.withDeadline(Date.now() + 2500, () =>
            this.temporal.workflowService.getSystemInfo({}),
          ),
        3000,
      ),
    ]);
    if (database === 'up' && temporal === 'up') return { status: 'ok', database, temporal };
    const failing = [database === 'down' ? 'database' : '', temporal === 'down' ? 'temporal' : ''].filter(
      Boolean,
    );
    res.status(503);
    return {
      statusCode: 503,
      error: 'Service Unavailable',
      message: `Unavailable: ${failing.join(' and ')}`,
      status: 'degraded',
      database,
      temporal,
    };
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
