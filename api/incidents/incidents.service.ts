// Incidents and case operations for administrators (issue 14): the open incidents of all cases, retry after editing
// variables, process-instance modification and the case's active element instances. Every change goes through the
// case workflow (an update), which records the actor in the case history.
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { ProcessGraph } from '../../bpmn/graph.types';
import { listOpenIncidents } from '../../db/incidents.repository';
import {
  type ModifyCaseInput,
  caseStateQuery,
  modifyCaseUpdate,
  retryIncidentUpdate,
} from '../../workflows/messages';
import type { AuthUser } from '../auth/auth-user';
import { CasesService } from '../cases/cases.service';
import { caseWorkflowId, workflowRefusal } from '../cases/workflow-errors';
import { ApiError } from '../common/error-body';
import { DefinitionsService } from '../definitions/definitions.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { incidentCause } from './incident-causes';
import type { ElementInstanceDto, IncidentPageDto } from './incident.dto';

export interface IncidentQuery {
  processKey?: string;
  caseId?: string;
  page: number;
  pageSize: number;
}

const conflict = (code: string, message: string) => new ApiError(409, message, undefined, code);

@Injectable()
export class IncidentsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(DefinitionsService) private readonly definitions: DefinitionsService,
  ) {}

  async list(q: IncidentQuery, user: AuthUser): Promise<IncidentPageDto> {
    if (q.caseId) await this.cases.visible(q.caseId, user);
    const { items, total } = await listOpenIncidents(this.dataSource, q);
    return {
      total,
      items: items.map((i) => ({
        caseId: i.caseId,
        businessKey: i.businessKey,
        processKey: i.processKey,
        processVersion: i.processVersion,
        processName: i.processName,
        district: i.district,
        incidentKey: i.incidentKey ?? 'shell',
        elementId: i.elementId,
        elementName: i.elementName,
        cause: incidentCause(i.reason, i.incidentKey === null, i.code),
        reason: i.reason,
        raisedAt: i.raisedAt.toISOString(),
      })),
    };
  }

  /** Resolves the incident `key` ('shell': the workflow shell's) after setting `variables` on the case. */
  async retry(id: string, key: string, variables: Record<string, unknown>, user: AuthUser) {
    const row = await this.cases.visible(id, user);
    if (row.status !== 'failed')
      throw conflict('NO_INCIDENT', `Case ${id} is ${row.status}; it has no open incident`);
    try {
      await this.temporal.workflow.getHandle(caseWorkflowId(id)).executeUpdate(retryIncidentUpdate, {
        args: [{ ...(key === 'shell' ? {} : { incidentKey: key }), variables, by: user.username }],
      });
    } catch (err) {
      throw workflowRefusal(err, 'Retry refused') ?? err;
    }
    return this.cases.detail(id, user, false);
  }

  async modify(id: string, modification: Omit<ModifyCaseInput, 'by'>, user: AuthUser) {
    const row = await this.cases.visible(id, user);
    if (row.status !== 'active' && row.status !== 'failed')
      throw conflict('CASE_NOT_ACTIVE', `Case ${id} is ${row.status}; only a running case can be modified`);
    try {
      await this.temporal.workflow
        .getHandle(caseWorkflowId(id))
        .executeUpdate(modifyCaseUpdate, { args: [{ ...modification, by: user.username }] });
    } catch (err) {
      throw workflowRefusal(err, 'Modification refused') ?? err;
    }
    return this.cases.detail(id, user, false);
  }

  /** The case's active element instances (what a modification may terminate), named from its definition. */
  async elementInstances(id: string, user: AuthUser): Promise<ElementInstanceDto[]> {
    const row = await this.cases.visible(id, user);
    if (row.status !== 'active' && row.status !== 'failed') return [];
    let state;
    try {
      state = await this.temporal.workflow.getHandle(caseWorkflowId(id)).query(caseStateQuery);
    } catch (err) {
      throw workflowRefusal(err, 'Case state unavailable') ?? err;
    }
    const graph = await this.graphOf(row.processKey, row.processVersion);
    return state.tokens
      .filter((t) => t.type === 'element' || t.type === 'mi-body')
      .map((t) => ({
        key: t.key,
        elementId: t.elementId,
        elementName: graph?.nodes[t.elementId]?.name ?? null,
        kind: graph?.nodes[t.elementId]?.kind ?? null,
        parentKey: t.parent,
        incident: t.incident !== undefined,
      }));
  }

  private async graphOf(key: string, version: number): Promise<ProcessGraph | undefined> {
    try {
      return (await this.definitions.get(key, version)).graph as ProcessGraph;
    } catch {
      return undefined; // the names are a courtesy: the instances are listed without them
    }
  }
}
