// Publishes a message to every running case with an open subscription of that name and key.
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { correlateMessageUpdate } from '../../workflows/messages';
import type { AuthUser } from '../auth/auth-user';
import { districtScope } from '../auth/district-scope';
import { caseWorkflowId, workflowRefusal } from '../cases/workflow-errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';

export interface MessageBody {
  name: string;
  correlationKey: string;
  variables: Record<string, unknown>;
}

@Injectable()
export class MessagesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /**
   * Candidate cases are the active ones whose business key, or a top-level variable, equals the correlation key
   * (correlation keys are FEEL over case variables); each workflow then decides whether a subscription matches.
   */
  async publish(m: MessageBody, user: AuthUser): Promise<{ correlated: number }> {
    const scope = districtScope(user);
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM cases c
        WHERE c.status = 'active'
          AND ($2::text IS NULL OR c.district = $2)
          AND (c.business_key = $1
               OR EXISTS (SELECT 1 FROM jsonb_each(c.variables) v
                           WHERE v.value = to_jsonb($1::text) OR v.value::text = $1))`,
      [m.correlationKey, scope ?? null],
    );
    let correlated = 0;
    for (const { id } of rows) correlated += await this.toCase(id, m);
    return { correlated };
  }

  /** Sends the message to one case; 0 when the case has no matching subscription or no longer runs. */
  async toCase(caseId: string, m: MessageBody): Promise<number> {
    try {
      const res = await this.temporal.workflow
        .getHandle(caseWorkflowId(caseId))
        .executeUpdate(correlateMessageUpdate, { args: [m] });
      return res.correlated;
    } catch (err) {
      if (workflowRefusal(err, 'message')) return 0;
      throw err;
    }
  }
}
