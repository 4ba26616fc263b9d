// Compile rules of the job-like elements: service and send tasks, job-worker script tasks and message throw / end
// events (Camunda 8: a job, a worker sends the message). `zeebe:taskDefinition type` names a task type plugin
// (bpmn/task-types): a built-in checks its parameters here, any other type is an external job. FEEL script tasks
// (zeebe:script) are evaluated by the engine (script-task.handler.ts).
import { isFeel } from '../../feel/feel';
import type { ScriptTaskNode, ServiceTaskNode } from '../../graph.types';
import type { ElementCompileContext, NodeBase } from '../../compile/compile-context';
import { type Mod, arr, str } from '../../compile/moddle-read';
import { JOB_TYPE_PATTERN, isBuiltInTaskType, taskTypeOf } from '../../task-types';

export const TASK_DEFINITION_EXTENSIONS = ['zeebe:TaskDefinition', 'zeebe:TaskHeaders', 'zeebe:IoMapping'];
export const SCRIPT_TASK_EXTENSIONS = [
  'zeebe:Script',
  'zeebe:TaskDefinition',
  'zeebe:TaskHeaders',
  'zeebe:IoMapping',
];

type ServiceTaskCommon = Omit<
  ServiceTaskNode,
  'kind' | 'bpmnType' | 'taskType' | 'retries' | 'headers' | 'job'
>;

/** A throw or end event whose one event definition is a message's (Camunda 8: a job). */
export function isMessageThrow(el: Mod): boolean {
  const defs = arr(el.eventDefinitions);
  return defs.length === 1 && defs[0]?.$type === 'bpmn:MessageEventDefinition';
}

/**
 * A message throw or end event is a job in Camunda 8 (`zeebe:taskDefinition`, a worker sends the message): compiled
 * like a service task, ending its path when it is an end event. Its message reference is not needed.
 */
export function messageThrowJob(el: Mod, base: NodeBase, ctx: ElementCompileContext): ServiceTaskNode {
  const id = base.id;
  ctx.checkExtensions(el, TASK_DEFINITION_EXTENSIONS);
  if (!ctx.ext(el, 'zeebe:TaskDefinition'))
    ctx.err(id, 'a message throw or end event needs zeebe:taskDefinition (a job worker sends the message)');
  const node = taskDefinition(el, id, { ...base, ...ctx.ioMapping(el, id), boundaryEvents: [] }, ctx);
  return { ...node, bpmnType: el.$type === 'bpmn:EndEvent' ? 'endEvent' : 'intermediateThrowEvent' };
}

/** A script task: a FEEL expression (zeebe:script), or a job like a service task's (zeebe:taskDefinition). */
export function scriptTask(
  el: Mod,
  id: string,
  act: ServiceTaskCommon,
  ctx: ElementCompileContext,
): ScriptTaskNode | ServiceTaskNode {
  if (ctx.ext(el, 'zeebe:TaskDefinition')) return taskDefinition(el, id, act, ctx);
  const script = ctx.ext(el, 'zeebe:Script');
  const expression = str(script?.expression) ?? '';
  const resultVariable = str(script?.resultVariable) ?? '';
  if (!script)
    ctx.err(
      id,
      'a script task needs zeebe:script with a FEEL expression (job-worker scripts are not supported)',
    );
  else {
    ctx.feel(id, expression, 'script expression', true);
    if (!resultVariable) ctx.err(id, 'a script task needs a resultVariable');
  }
  return { ...act, kind: 'scriptTask', expression, resultVariable };
}

/**
 * A service, send or job-worker script task: `zeebe:taskDefinition type` names a built-in (its parameters checked
 * here) or else an external job (bpmn/task-types), unless the deployment refuses unknown types.
 */
export function taskDefinition(
  el: Mod,
  id: string,
  act: ServiceTaskCommon,
  ctx: ElementCompileContext,
): ServiceTaskNode {
  const td = ctx.ext(el, 'zeebe:TaskDefinition');
  const taskType = str(td?.type) ?? '';
  const known = ctx.options.knownTaskTypes;
  // type="=FEEL" (as in Zeebe): always a job, its type evaluated when the element is entered (engine)
  const feelType = isFeel(taskType);
  if (!taskType) ctx.err(id, 'a service task needs zeebe:taskDefinition type');
  else if (feelType) {
    ctx.feel(id, taskType, 'task type');
    if (known)
      ctx.err(id, 'a FEEL task type is always an external job, and unknown task types are refused here');
  } else if (known && !known.includes(taskType)) ctx.err(id, `unknown task type '${taskType}'`);
  else if (!isBuiltInTaskType(taskType) && !JOB_TYPE_PATTERN.test(taskType))
    ctx.err(id, `job type '${taskType}' must be 1 to 200 printable characters without spaces at either end`);
  const retriesRaw = str(td?.retries);
  let retries = 3;
  let retriesExpression: string | undefined;
  // (not isFeel: its type guard would leave the literal branch `never`)
  if (retriesRaw !== undefined && /^\s*=/.test(retriesRaw)) {
    ctx.feel(id, retriesRaw, 'retries');
    retriesExpression = retriesRaw;
  } else if (retriesRaw !== undefined) {
    if (!/^\d+$/.test(retriesRaw.trim()))
      ctx.err(id, `retries '${retriesRaw}' must be a non-negative integer`);
    else retries = Number(retriesRaw);
  }
  const headers: Record<string, string> = {};
  for (const h of arr(ctx.ext(el, 'zeebe:TaskHeaders')?.values)) {
    const key = str(h.key);
    if (!key) ctx.err(id, 'a task header without a key');
    else headers[key] = str(h.value) ?? '';
  }
  // the type's own parameter checks (bpmn/task-types: one plugin per built-in; jobs check nothing)
  if (taskType && !feelType)
    for (const problem of taskTypeOf(taskType).check({ inputs: act.inputs, headers })) ctx.err(id, problem);
  return {
    ...act,
    kind: 'serviceTask',
    bpmnType:
      el.$type === 'bpmn:SendTask'
        ? 'sendTask'
        : el.$type === 'bpmn:ScriptTask'
          ? 'scriptTask'
          : 'serviceTask',
    taskType,
    retries,
    ...(retriesExpression !== undefined ? { retriesExpression } : {}),
    headers,
    // absent for built-ins, so their compiled graphs (and hashes) stay as they were
    ...(taskType && (feelType || !isBuiltInTaskType(taskType)) ? { job: true } : {}),
  };
}
