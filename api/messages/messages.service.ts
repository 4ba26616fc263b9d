// Publishes a message to every running case with an open subscription of that name and key.
import { startCaseWorkflow } from '../temporal/case-workflow-start';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { correlateMessageUpdate } from '../../workflows/messages';
import type { AuthUser } from '../auth/auth-user';
import { districtScope } from '../auth/district-scope';
import type { ProcessGraph } from '../../bpmn/graph.types';
import { OBJECTION_MESSAGE, maySend } from '../cases/bpmn-permissions';
import { caseWorkflowId, workflowRefusal } from '../cases/workflow-errors';
import { ApiError } from '../common/error-body';
import { eachLimited } from '../common/each-limited';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import {
  deleteCaseRow,
  insertMessageStartedCase,
  messageStartTargets,
} from '../../db/message-starts.repository';
import { messageTargets, openCorrelationKeys } from '../../db/message-subscriptions.repository';
import {
  caseMessageSenders,
  countDefinitionsWithSender,
  requiredMessageVariables,
} from '../../db/process-definitions.repository';

export interface MessageBody {
  name: string;
  correlationKey: string;
  variables: Record<string, unknown>;
  /** the instant the triggered transition counts from (see MessageInput.at) */
  at?: string;
  /** who published it (recorded in the case history) */
  sender?: string;
}

/**
 * One instant for a whole publication: the first case that accepts the message fixes it (the workflow's own clock,
 * so API and Temporal clocks need not agree), every later one is sent with it.
 */
export class SharedInstant {
  at: string | undefined;
  /** a case accepted the message (a worker too old to answer `at` leaves it undefined) */
  settled = false;

  stamp(m: MessageBody): MessageBody {
    return this.at ? { ...m, at: this.at } : m;
  }

  settle(at: string | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.at = at;
  }

  /** Runs `fn` over items, one by one until the instant is fixed, then `limit` at a time. */
  async each<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
    let i = 0;
    while (i < items.length && !this.settled) await fn(items[i++] as T);
    await eachLimited(items.slice(i), limit, fn);
  }
}

export const notSender = (message: string) =>
  new ApiError(403, message, [{ field: 'name', message }], 'NOT_SENDER');

/** POST /messages answer. */
export interface PublishResult {
  correlated: number;
  startedCases?: string[];
}

@Injectable()
export class MessagesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Targets are the active cases with an open subscription of this name and key in the read model (written by the
   * workflow), plus those whose business key equals the key (cases whose subscriptions predate that table). Each
   * workflow then decides; `correlated` is the total they report.
   */
  async publish(m: MessageBody, user: AuthUser): Promise<PublishResult> {
    await this.assertMaySend(m.name, user);
    await this.assertRequiredVariables(m.name, m.variables);
    const scope = districtScope(user) ?? null;
    const targets = await messageTargets(this.dataSource, {
      name: m.name,
      correlationKey: m.correlationKey,
      district: scope,
      admin: user.roles.includes('admin'),
      roles: user.roles,
    });
    const rows = targets.filter((r) => r.allowed);
    // every case waiting for it is of a process whose rf:senders leave the caller out
    if (rows.length === 0 && targets.some((r) => r.waiting))
      throw notSender(`${user.username} may not send '${m.name}' to the cases waiting for it (rf:senders)`);
    let correlated = 0;
    const instant = new SharedInstant();
    await instant.each(
      rows.map((r) => r.id),
      this.config.batchConcurrency,
      async (id) => {
        // read the sum after the await: `correlated += await …` adds to a value read before it
        const reached = await this.toCase(id, instant.stamp({ ...m, sender: user.username }), instant);
        correlated += reached;
      },
    );
    if (correlated > 0 || targets.some((r) => r.waiting)) return { correlated };
    // nobody waits: a process-level message start event starts a case (Camunda 8)
    const startedCases = await this.startByMessage(m, user);
    return startedCases.length ? { correlated, startedCases } : { correlated };
  }

  /**
   * Starts a case of each latest definition whose top-level message start event takes `name`, where the caller is
   * one of the message's rf:senders. The correlation key becomes the business key, so a key starts at most one case
   * per process (a case with that key, running or ended, means none is started).
   */
  private async startByMessage(m: MessageBody, user: AuthUser): Promise<string[]> {
    const started: string[] = [];
    for (const t of await messageStartTargets(this.dataSource, m.name)) {
      if (!maySend({ messageSenders: t.messageSenders ?? undefined }, m.name, user)) continue;
      const id = randomUUID();
      const businessKey = m.correlationKey === '' ? id : m.correlationKey;
      const row = { id, processKey: t.processKey, processVersion: t.processVersion, businessKey };
      const variables = { ...m.variables, businessKey };
      if (!(await insertMessageStartedCase(this.dataSource, { ...row, variables, createdBy: user.username })))
        continue;
      try {
        await startCaseWorkflow(this.temporal, this.config, {
          caseId: id,
          processKey: t.processKey,
          processVersion: t.processVersion,
          businessKey,
          variables: m.variables,
          startEvent: t.elementId,
        });
      } catch (err) {
        await deleteCaseRow(this.dataSource, id); // no workflow, no case: the key is free again
        throw err;
      }
      started.push(id);
    }
    return started;
  }

  /**
   * 403 NOT_SENDER unless some deployed definition lets the caller publish `name` (rf:senders, default admin); the
   * objection message never (POST /cases/:id/objections publishes it). Each case then checks its own version.
   */
  async assertMaySend(name: string, user: AuthUser): Promise<void> {
    if (name === OBJECTION_MESSAGE)
      throw notSender(`'${OBJECTION_MESSAGE}' is published by POST /cases/:id/objections only`);
    if (maySend(null, name, user)) return;
    if ((await countDefinitionsWithSender(this.dataSource, name, user.roles)) === 0)
      throw notSender(
        `${user.username} may not send '${name}': no process names their roles in its rf:senders`,
      );
  }

  /**
   * 400 MESSAGE_VARIABLE_REQUIRED naming each variable a deployed process requires with this message (rf:requires)
   * that is missing, null or blank: e.g. a revocation is never sent without its reason.
   */
  async assertRequiredVariables(name: string, variables: Record<string, unknown> | undefined): Promise<void> {
    const missing = (await requiredMessageVariables(this.dataSource, name)).filter((v) => {
      const value = variables?.[v];
      return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    });
    if (missing.length > 0)
      throw new ApiError(
        400,
        `'${name}' needs ${missing.join(', ')}`,
        missing.map((v) => ({ field: `variables.${v}`, message: `'${name}' is not sent without ${v}` })),
        'MESSAGE_VARIABLE_REQUIRED',
      );
  }

  /** Of these cases, those whose definition version lets the caller publish `name`. */
  async senderCases(caseIds: string[], name: string, user: AuthUser): Promise<Set<string>> {
    const rows = await caseMessageSenders<ProcessGraph>(this.dataSource, caseIds);
    return new Set(rows.filter((r) => maySend(r.graph, name, user)).map((r) => r.id));
  }

  /** The keys the case's open subscriptions to `name` wait for (none when the read model has no row). */
  async openKeys(caseId: string, name: string): Promise<string[]> {
    return openCorrelationKeys(this.dataSource, caseId, name);
  }

  /**
   * Sends the message to one case; 0 when the case has no matching subscription or no longer runs. A case that
   * accepts it fixes `instant` when it is still open.
   */
  /** `updateId`: a batch's deterministic id, so a resumed batch never applies the message twice. */
  async toCase(caseId: string, m: MessageBody, instant?: SharedInstant, updateId?: string): Promise<number> {
    try {
      const res = await this.temporal.workflow
        .getHandle(caseWorkflowId(caseId))
        .executeUpdate(correlateMessageUpdate, { ...(updateId ? { updateId } : {}), args: [m] });
      if (instant && res.correlated > 0) instant.settle(res.at);
      return res.correlated;
    } catch (err) {
      if (workflowRefusal(err, 'message')) return 0;
      throw err;
    }
  }
}
