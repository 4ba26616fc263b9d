// Camunda Modeler's own deploy checks: bpmnlint with bpmnlint-plugin-camunda-compat for the Camunda 8 version we
// match, run beside our dialect rules (compile-bpmn.ts). Node only (rules are loaded with require), API process
// only: compileBpmn runs it when asked ({ lint: true }), which the deploy endpoint and the corpus bench do.
import { Linter, type LintReport } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver';

/** The Camunda 8 minor reviewflow's dialect matches (docs/bpmn-dialect.md; fixtures declare it too). */
export const CAMUNDA_VERSION = '8.6';

/**
 * Findings that stay warnings although the plugin calls them errors, because reviewflow deliberately accepts
 * more: embedded forms on Camunda user tasks (reviewflow renders them; Camunda 8.6 wants formId there).
 */
const DIALECT_EXTENSIONS = new Set(['camunda-compat/user-task-form']);

/** Not said at all: a user task without a form is ordinary in reviewflow (rf:decisions, rf:writes). */
const SILENCED = new Set(['camunda-compat/user-task-definition']);

export interface LintFinding {
  elementId?: string;
  message: string;
  rule: string;
}

let linter: Linter | undefined;

interface Di {
  bpmnElement?: unknown;
}
interface Diagrams {
  diagrams?: { plane?: Di & { planeElement?: Di[] } }[];
}

/**
 * Runs `lint` with the diagram parts that name no element (a plane, a shape or an edge) left out, then puts them
 * back. Modeler files with such parts are common and deploy on Zeebe, but camunda-compat rules crash on them (and
 * bpmnlint prints each crash to stderr); a part without its element says nothing a rule checks.
 */
export async function withoutDanglingPlanes<T>(definitions: unknown, lint: () => Promise<T>): Promise<T> {
  const defs = definitions as Diagrams;
  const restore: (() => void)[] = [];
  const all = defs.diagrams;
  if (all) {
    const kept = all.filter((d) => d.plane?.bpmnElement !== undefined);
    for (const d of kept) {
      const plane = d.plane;
      const parts = plane?.planeElement;
      if (!plane || !parts || parts.every((e) => e.bpmnElement !== undefined)) continue;
      plane.planeElement = parts.filter((e) => e.bpmnElement !== undefined);
      restore.push(() => (plane.planeElement = parts));
    }
    if (kept.length !== all.length) {
      defs.diagrams = kept;
      restore.push(() => (defs.diagrams = all));
    }
  }
  try {
    return await lint();
  } finally {
    for (const undo of restore) undo();
  }
}

/**
 * Lints parsed definitions. Errors: what Camunda 8.6 refuses and we do not already report (`reported` ids:
 * one error per element is enough). Warnings: the plugin's warnings, features of a newer Camunda than 8.6
 * (our compiler decides whether reviewflow runs them) and our dialect's extensions.
 */
export async function lintCamunda(
  definitions: unknown,
  reported: ReadonlySet<string>,
): Promise<{ errors: LintFinding[]; warnings: LintFinding[] }> {
  const errors: LintFinding[] = [];
  const warnings: LintFinding[] = [];
  let results: Record<string, LintReport[]>;
  try {
    linter ??= new Linter({
      config: { extends: `plugin:camunda-compat/camunda-cloud-${CAMUNDA_VERSION.replace('.', '-')}` },
      resolver: new NodeResolver(),
    });
    const lint = linter;
    results = await withoutDanglingPlanes(definitions, () => lint.lint(definitions));
  } catch (err) {
    // the lint is advice beside our own rules: it never makes a deploy fail by failing itself
    const why = err instanceof Error ? err.message : String(err);
    return { errors, warnings: [{ message: `Camunda lint could not run: ${why}`, rule: 'bpmnlint' }] };
  }
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports as LintReport[]) {
      // rule-error: the rule itself failed on this file, nothing to tell the user
      if (r.category === 'rule-error' || SILENCED.has(rule)) continue;
      const finding: LintFinding = {
        ...(r.id ? { elementId: r.id } : {}),
        message: `${r.message.replace(/<([^>]+)>/g, '$1')} (Camunda ${CAMUNDA_VERSION}: ${rule})`,
        rule,
      };
      const versionGated = r.data?.allowedVersion !== undefined || /requires Camunda >=/.test(r.message);
      if (r.category !== 'error' || versionGated || DIALECT_EXTENSIONS.has(rule)) warnings.push(finding);
      else if (!(r.id && reported.has(r.id))) errors.push(finding);
    }
  }
  return { errors, warnings };
}
