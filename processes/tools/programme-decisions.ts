// The DMN decisions of processes/decisions/, compiled, as a BPMN compile option: lets specs and tools compile the
// programme files without a database (each decision at version 1, as a fresh installation deploys them).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolveDecision } from '../../bpmn/elements/business-rule-task/business-rule-task.compile';
import { compileDmn, decisionClosure } from '../../bpmn/compile/compile-dmn';
import type { DecisionDef } from '../../bpmn/dmn/dmn.types';

export const DECISIONS_DIR = join(__dirname, '..', 'decisions');

/** Every decision of every `*.dmn` in `dir`, by decision id; throws on a file that does not compile. */
export async function programmeDecisions(dir = DECISIONS_DIR): Promise<Record<string, DecisionDef>> {
  const all: Record<string, DecisionDef> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.dmn'))
    .sort()) {
    const r = await compileDmn(readFileSync(join(dir, file), 'utf8'));
    if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.errors)}`);
    Object.assign(all, r.decisions);
  }
  return all;
}

export async function programmeDecisionResolver(dir = DECISIONS_DIR): Promise<ResolveDecision> {
  const all = await programmeDecisions(dir);
  return (decisionId) =>
    Promise.resolve(
      all[decisionId] ? { version: 1, decisions: decisionClosure(all, decisionId) } : undefined,
    );
}
