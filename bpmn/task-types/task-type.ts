// One interface for every task type of a service, send or job-worker script task (and message throw events): the
// built-ins reviewflow's activities serve, and external jobs. A type keeps its parameter checks here — static ones
// at deploy, computed ones in the engine — and its activity in activities/case/service-tasks.ts (built-ins) or
// activities/case/jobs.activities.ts (jobs), registered under the same name. Pure: the engine imports it.
import type { Variables } from '../engine/engine.types';
import type { IoMapping } from '../graph.types';

/** A task's static parameters as drawn: its input mappings (FEEL or literals) and headers. */
export interface TaskParameters {
  inputs: IoMapping[];
  headers: Record<string, string>;
}

export interface TaskType {
  /** the `zeebe:taskDefinition type` */
  readonly name: string;
  /** true: an external job that workers do through the API; false: a built-in activity */
  readonly job: boolean;
  /** deploy time: every problem with the static parameters (reported on the element) */
  check(params: TaskParameters): string[];
  /** run time, in the engine, on the evaluated inputs: the problem (an incident), or undefined */
  checkInputs?(inputs: Variables): string | undefined;
}

/** Required headers and inputs, in the messages the deploy answer has always used. */
export function requireParameters(
  name: string,
  params: TaskParameters,
  needs: { headers?: string[]; inputs?: string[] },
): string[] {
  const problems: string[] = [];
  for (const h of needs.headers ?? [])
    if (!params.headers[h]) problems.push(`task type '${name}' needs the header '${h}'`);
  for (const i of needs.inputs ?? [])
    if (!params.inputs.some((m) => m.target === i))
      problems.push(`task type '${name}' needs the input '${i}'`);
  return problems;
}

/** The source of the input mapping to `target`, trimmed. */
export const inputSource = (params: TaskParameters, target: string): string | undefined =>
  params.inputs.find((i) => i.target === target)?.source.trim();
