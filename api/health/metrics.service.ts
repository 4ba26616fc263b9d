// One Prometheus registry per app instance, so several apps in one process (tests) never collide.
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { countPendingNotifications } from '../../db/notifications.repository';

@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'reviewflow_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'reviewflow_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly taskCompletions = new Counter({
    name: 'reviewflow_task_completions_total',
    help: 'Tasks completed through the API, by decision (none when the task has no decision)',
    labelNames: ['decision'] as const,
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'reviewflow_batch_size',
    help: 'Cases per batch request',
    labelNames: ['action'] as const,
    buckets: [1, 5, 10, 50, 100, 500, 1000, 5000],
    registers: [this.registry],
  });
  readonly workflowStarts = new Counter({
    name: 'reviewflow_workflow_starts_total',
    help: 'Case workflows started, by process key',
    labelNames: ['process_key'] as const,
    registers: [this.registry],
  });

  constructor(@Inject(DataSource) dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'reviewflow_' });
    new Gauge({
      name: 'reviewflow_outbox_backlog',
      help: 'Notifications waiting in the outbox (status pending), read at scrape time',
      registers: [this.registry],
      async collect() {
        this.set(await countPendingNotifications(dataSource));
      },
    });
  }

  /** Decision labels come from user input: only short word-like values are kept, so cardinality stays bounded. */
  recordCompletion(variables: Record<string, unknown>): void {
    const d = variables.decision;
    const decision = typeof d === 'string' && /^[\w-]{1,32}$/.test(d) ? d : 'none';
    this.taskCompletions.inc({ decision });
  }
}

export function metricsMiddleware(metrics: MetricsService): NestMiddleware['use'] {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // The matched route pattern keeps label cardinality bounded; unmatched paths share one label.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const status = String(res.statusCode);
      metrics.httpRequests.inc({ method: req.method, route, status });
      end({ method: req.method, route, status });
    });
    next();
  };
}
