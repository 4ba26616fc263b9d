// POST /signals/broadcast: a signal reaches every case waiting for it and starts a case of each latest definition
// with a signal start event of that name (Camunda 8 /v2/signals/broadcast).
import { startCaseWorkflow } from '../temporal/case-workflow-start';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { signalSubscriptionName } from '../../bpmn/elements/signal/signal.compile';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { signalStartTargets, signalWaitingCases } from '../../db/signals.repository';
import type { AuthUser } from '../auth/auth-user';
import { eachLimited } from '../common/each-limited';
import { MessagesService } from '../messages/messages.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';

export interface BroadcastResult {
  /** this broadcast's id (the update id prefix of its deliveries) */
  signalKey: string;
  /** waiting catch events reached, summed over the cases */
  correlated: number;
  /** ids of the cases its signal start events started */
  startedCases: string[];
}

@Injectable()
export class SignalsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MessagesService) private readonly messages: MessagesService,
  ) {}

  async broadcast(
    signalName: string,
    variables: Record<string, unknown>,
    user: AuthUser,
  ): Promise<BroadcastResult> {
    const signalKey = randomUUID();
    const name = signalSubscriptionName(signalName);
    let correlated = 0;
    await eachLimited(
      await signalWaitingCases(this.dataSource, name),
      this.config.batchConcurrency,
      async (caseId) => {
        // read the sum after the await: `correlated += await …` would add to a stale value
        const reached = await this.messages.toCase(
          caseId,
          { name, correlationKey: '', variables, sender: user.username },
          undefined,
          `signal:${signalKey}:${caseId}`,
        );
        correlated += reached;
      },
    );
    const startedCases: string[] = [];
    for (const t of await signalStartTargets(this.dataSource, signalName)) {
      const caseId = randomUUID();
      // the workflow inserts the case row (ensureCase)
      await startCaseWorkflow(this.temporal, this.config, {
        caseId,
        processKey: t.processKey,
        processVersion: t.processVersion,
        businessKey: caseId,
        variables,
        startEvent: t.elementId,
      });
      startedCases.push(caseId);
    }
    return { signalKey, correlated, startedCases };
  }
}
