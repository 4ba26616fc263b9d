// DMN decisions deployed on their own and versioned per decision id: identical compiled content keeps its version.
// A BPMN deploy binds each business rule task to the latest version of its decision (resolve).
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { DeployedDecision } from '../../bpmn/elements/business-rule-task/business-rule-task.compile';
import { canonicalJson } from '../../bpmn/compile/canonical-json';
import { type DecisionDef, MAX_DMN_BYTES, compileDmn, decisionClosure } from '../../bpmn/compile/compile-dmn';
import type { DecisionEntity } from '../../db/entities/decision.entity';
import { findDecision, listDecisionVersions, saveDecisionVersions } from '../../db/decisions.repository';
import { ApiError, notFound } from '../common/error-body';

export interface DeployedDecisionVersion {
  id: string;
  decisionId: string;
  name: string | null;
  version: number;
  created: boolean;
}

export const decisionView = (d: DecisionEntity) => {
  const decisions = d.decisions as Record<string, DecisionDef>;
  return {
    id: d.id,
    decisionId: d.decisionId,
    name: d.name,
    version: d.version,
    definitionsId: d.definitionsId,
    deployedAt: d.deployedAt.toISOString(),
    /** the compiled decision: hit policy, inputs, outputs and rules (or the literal expression) */
    decision: decisions[d.decisionId],
    /** the decisions it requires, compiled the same way */
    requiredDecisions: Object.values(decisions).filter((x) => x.id !== d.decisionId),
    xml: d.xml,
  };
};

@Injectable()
export class DecisionsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Compiles a DMN document and stores each of its decisions; 400 INVALID_DMN lists every problem by element. */
  async deploy(
    xml: string,
    deployedBy: string,
  ): Promise<{ created: boolean; decisions: DeployedDecisionVersion[] }> {
    if (Buffer.byteLength(xml, 'utf8') > MAX_DMN_BYTES)
      throw new ApiError(
        413,
        `DMN document is larger than ${MAX_DMN_BYTES} bytes`,
        undefined,
        'DMN_TOO_LARGE',
      );
    const compiled = await compileDmn(xml);
    if (!compiled.ok)
      throw new ApiError(
        400,
        `Invalid DMN: ${compiled.errors.length} problem(s)`,
        compiled.errors.map((e) => ({
          ...(e.elementId ? { elementId: e.elementId } : {}),
          code: e.code,
          message: e.message,
        })),
        'INVALID_DMN',
      );
    const decisions = Object.values(compiled.decisions).map((d) => {
      const closure = decisionClosure(compiled.decisions, d.id);
      return {
        decisionId: d.id,
        name: d.name ?? null,
        decisions: closure as Record<string, unknown>,
        contentHash: createHash('sha256')
          .update(canonicalJson({ decisionId: d.id, decisions: closure }))
          .digest('hex'),
      };
    });
    try {
      const saved = await saveDecisionVersions(this.dataSource, {
        definitionsId: compiled.definitionsId,
        xml,
        deployedBy,
        decisions,
      });
      return {
        created: saved.some((s) => s.created),
        decisions: saved.map(({ created, decision: d }) => ({
          id: d.id,
          decisionId: d.decisionId,
          name: d.name,
          version: d.version,
          created,
        })),
      };
    } catch (err) {
      const constraint =
        err instanceof QueryFailedError
          ? (err.driverError as { constraint?: string } | undefined)?.constraint
          : undefined;
      if (constraint?.startsWith('uq_decisions'))
        throw new ApiError(409, 'A concurrent deploy of the same decision won; retry');
      throw err;
    }
  }

  async get(decisionId: string, version?: number): Promise<DecisionEntity> {
    const d = await findDecision(this.dataSource, decisionId, version);
    if (!d)
      throw notFound(`Decision ${decisionId}${version !== undefined ? ` version ${version}` : ''} not found`);
    return d;
  }

  async versions(decisionId: string) {
    const rows = await listDecisionVersions(this.dataSource, decisionId);
    if (rows.length === 0) throw notFound(`Decision ${decisionId} not found`);
    return rows.map((r) => ({ ...r, deployedAt: r.deployedAt.toISOString() }));
  }

  /** For the BPMN compiler: the latest version of a called decision, with what it requires. */
  resolve = async (decisionId: string): Promise<DeployedDecision | undefined> => {
    const d = await findDecision(this.dataSource, decisionId);
    return d ? { version: d.version, decisions: d.decisions as Record<string, DecisionDef> } : undefined;
  };
}
