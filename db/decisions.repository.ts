// SQL of the decisions table: versions are allocated per decision id under an advisory lock, so they stay gap-free.
// As in Zeebe, content equal to the latest version keeps it; content equal to an older one (a table put back as it
// was) becomes the newest version, so a BPMN deploy binds it.
import type { DataSource, EntityManager } from 'typeorm';
import { DecisionEntity } from './entities/decision.entity';

const DECISION_LOCK_CLASS = 0x5246444d; // 'RFDM'

export interface DecisionVersionInput {
  decisionId: string;
  name: string | null;
  decisions: Record<string, unknown>;
  contentHash: string;
}

export interface SavedDecision {
  created: boolean;
  decision: DecisionEntity;
}

/** Stores every decision of one DMN document as its next version, unless the latest version has the same content. */
export async function saveDecisionVersions(
  dataSource: DataSource,
  input: { definitionsId: string; xml: string; deployedBy: string; decisions: DecisionVersionInput[] },
): Promise<SavedDecision[]> {
  return dataSource.transaction(async (tx: EntityManager) => {
    // locks in id order: two documents sharing decision ids cannot deadlock
    const ids = [...new Set(input.decisions.map((d) => d.decisionId))].sort();
    for (const id of ids)
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DECISION_LOCK_CLASS, id]);
    const repo = tx.getRepository(DecisionEntity);
    const out: SavedDecision[] = [];
    for (const d of input.decisions) {
      const latest = await repo.findOne({ where: { decisionId: d.decisionId }, order: { version: 'DESC' } });
      if (latest?.contentHash === d.contentHash) {
        out.push({ created: false, decision: latest });
        continue;
      }
      const saved = await repo.save(
        repo.create({
          ...d,
          definitionsId: input.definitionsId,
          xml: input.xml,
          deployedBy: input.deployedBy,
          version: (latest?.version ?? 0) + 1,
        }),
      );
      out.push({ created: true, decision: saved });
    }
    return out;
  });
}

/** The latest version of a decision, or the given one; null when there is none. */
export async function findDecision(
  dataSource: DataSource,
  decisionId: string,
  version?: number,
): Promise<DecisionEntity | null> {
  const repo = dataSource.getRepository(DecisionEntity);
  return version !== undefined
    ? repo.findOneBy({ decisionId, version })
    : repo.findOne({ where: { decisionId }, order: { version: 'DESC' } });
}

/** Every version of a decision, newest first (without the documents). */
export async function listDecisionVersions(
  dataSource: DataSource,
  decisionId: string,
): Promise<{ version: number; name: string | null; deployedAt: Date; deployedBy: string }[]> {
  const rows = await dataSource.getRepository(DecisionEntity).find({
    select: { version: true, name: true, deployedAt: true, deployedBy: true },
    where: { decisionId },
    order: { version: 'DESC' },
    take: 1000,
  });
  return rows.map((r) => ({
    version: r.version,
    name: r.name,
    deployedAt: r.deployedAt,
    deployedBy: r.deployedBy,
  }));
}
