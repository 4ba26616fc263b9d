// broadcastSignal: a signal throw or end event of a case reaches every waiting subscription of every case (its own
// too) and starts a case of each latest definition with a signal start event of that name (Camunda 8). Idempotent
// per throwing element instance: deliveries are updates with a fixed id, starts use a fixed workflow id.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { signalStartTargets, signalWaitingCases } from '../../db/signals.repository';
import { signalSubscriptionName } from '../../bpmn/elements/signal/signal.engine';
import { startCaseFromActivity, uuidFrom } from './case-start';

export interface BroadcastSignalInput {
  /** the throwing case's workflow id and element-instance key: the idempotency key of the broadcast */
  workflowId: string;
  key: string;
  signalName: string;
  variables: Record<string, unknown>;
}

export interface BroadcastSignalResult {
  /** subscriptions reached (summed over the cases) */
  correlated: number;
  /** case ids started by signal start events */
  started: string[];
}

export function createSignalActivities(deps: { dataSource: DataSource; maxOpenTasksPerCase?: number }) {
  return {
    async broadcastSignal(input: BroadcastSignalInput): Promise<BroadcastSignalResult> {
      const { client } = Context.current();
      const name = signalSubscriptionName(input.signalName);
      const broadcastId = `${input.workflowId}:${input.key}`;
      let correlated = 0;
      for (const caseId of await signalWaitingCases(deps.dataSource, name)) {
        try {
          const res = await client.workflow
            .getHandle(`case-${caseId}`)
            .executeUpdate<{ correlated: number }, [unknown]>('correlateMessage', {
              updateId: `signal:${broadcastId}:${caseId}`,
              args: [{ name, correlationKey: '', variables: input.variables }],
            });
          correlated += res.correlated;
        } catch (err) {
          // the case ended or refused meanwhile: it is no longer waiting
          if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError) continue;
          throw err;
        }
      }
      const started: string[] = [];
      for (const t of await signalStartTargets(deps.dataSource, input.signalName)) {
        const caseId = uuidFrom(`${broadcastId}:${t.processKey}`);
        await startCaseFromActivity(
          {
            caseId,
            processKey: t.processKey,
            processVersion: t.processVersion,
            businessKey: caseId,
            variables: input.variables,
            startEvent: t.elementId,
          },
          deps.maxOpenTasksPerCase,
        );
        started.push(caseId);
      }
      return { correlated, started };
    },
  };
}
