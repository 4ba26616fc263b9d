// What a completion or a case start may write (contract §1, data contract of a step), checked by the API before the
// workflow checks it again: the same pure validator, over the graph the case runs.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ProcessGraph } from '../../bpmn/graph.types';
import {
  type FieldProblem,
  problemsCode,
  validateFormValues,
  validateWrites,
} from '../../bpmn/forms/form-validation';
import { ApiError } from '../common/error-body';
import { caseDefinitionRef, definitionGraph } from '../../db/process-definitions.repository';
import { formSchemaOf } from '../../db/forms.repository';

/** Case variables with a meaning of their own (contract §1, Variables): a start form need not list them. */
export const CASE_KEYS: readonly string[] = ['businessKey', 'district', 'applicantId', 'employerId'];

const MAX_CACHED_GRAPHS = 200;

/** 400 with the code (FIELD_NOT_WRITABLE, else FIELD_INVALID) and one detail per field problem. */
export function fieldProblemsError(what: string, problems: FieldProblem[]): ApiError {
  return new ApiError(
    400,
    `${what}: ${problems.map((p) => p.message).join('; ')}`,
    problems.map((p) => ({ field: `variables.${p.field}`, code: p.code, message: p.message })),
    problemsCode(problems),
  );
}

/** Problems of a start's variables against the process's start form; none when it has no start form. */
export function startFormProblems(graph: ProcessGraph, variables: Record<string, unknown>): FieldProblem[] {
  if (!graph.startForm) return [];
  return validateFormValues(graph.startForm.fields, variables, CASE_KEYS);
}

@Injectable()
export class WriteContractsService {
  /** deployed graphs never change: cached by key and version */
  private readonly graphs = new Map<string, ProcessGraph>();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private async graphOfCase(caseId: string): Promise<ProcessGraph | undefined> {
    const row = await caseDefinitionRef(this.dataSource, caseId);
    if (!row) return undefined;
    const cacheKey = `${row.key}\u0000${row.version}`;
    const cached = this.graphs.get(cacheKey);
    if (cached) return cached;
    const graph = await definitionGraph<ProcessGraph>(this.dataSource, row.key, row.version);
    if (!graph) return undefined;
    if (this.graphs.size >= MAX_CACHED_GRAPHS) this.graphs.clear();
    this.graphs.set(cacheKey, graph);
    return graph;
  }

  /**
   * The data contract of a task's step, for clients that render it: the form's field specs (and, for a linked form,
   * its JSON as deployed), else the rf:writes list; decision and comment are always writable.
   */
  async contractOf(task: { caseId: string; elementId: string }) {
    const graph = await this.graphOfCase(task.caseId);
    const node = graph?.nodes[task.elementId];
    const form = node?.kind === 'userTask' ? node.form : undefined;
    let schema: unknown = form?.embedded ? (form.schema ?? null) : null;
    if (form && !form.embedded && form.version !== undefined) {
      schema = await formSchemaOf(this.dataSource, form.formId, form.version);
    }
    return {
      elementId: task.elementId,
      decisions: node?.kind === 'userTask' ? (node.decisions ?? null) : null,
      form: form ? { ...form, schema } : null,
      writes: node?.kind === 'userTask' && !form ? (node.writes ?? []) : null,
    };
  }

  /** Refuses (400) variables the task's step may not write, or that its form refuses; nothing is sent then. */
  async assertCompletion(
    task: { id: string; caseId: string; elementId: string },
    variables: Record<string, unknown>,
  ): Promise<void> {
    const graph = await this.graphOfCase(task.caseId);
    const node = graph?.nodes[task.elementId];
    if (node?.kind !== 'userTask') return; // the workflow decides
    const problems = validateWrites({ form: node.form, writes: node.writes }, variables);
    if (problems.length) throw fieldProblemsError(`Task ${task.id} cannot be completed`, problems);
  }
}
