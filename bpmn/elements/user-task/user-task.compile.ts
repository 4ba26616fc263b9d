// Compile rules of user tasks: assignment (assignee, candidate groups as roles), due dates (zeebe:taskSchedule or
// rf:dueIn on a calendar), rf:decisions, rf:distinctFrom (four eyes), rf:excludeAffiliation, and what a completion may
// write: a Camunda form or rf:writes, never both.
import { isFeel } from '../../feel/feel';
import type { ActivityBase, FlowNode, UserTaskNode } from '../../graph.types';
import type { GraphCheckContext } from '../../compile/compile-context';
import { type CompileProblems, type Mod, list, str } from '../../compile/moddle-read';
import { CALENDARS, DAYS_ONLY, ISO_DATE_TIME, ISO_DURATION } from '../timer/timer.compile';
import type { FormSpec } from '../../forms/form-schema';

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const USER_TASK_EXTENSIONS = [
  'zeebe:AssignmentDefinition',
  'zeebe:TaskSchedule',
  'zeebe:IoMapping',
  'zeebe:FormDefinition',
  'zeebe:TaskHeaders', // allowed as in Zeebe; not used
];

export interface UserTaskTools {
  /** the element's zeebe extension element of `type` */
  ext(type: string): Mod | undefined;
  /** reads the task's form (embedded or linked); true when it has one */
  form(apply: (form: FormSpec) => void): boolean;
}

/** The user task node; problems are reported on `id`. */
export function userTaskNode(
  el: Mod,
  id: string,
  act: ActivityBase,
  out: CompileProblems,
  tools: UserTaskTools,
): UserTaskNode {
  const ad = tools.ext('zeebe:AssignmentDefinition');
  const assignee = str(ad?.assignee);
  const cg = str(ad?.candidateGroups);
  if (str(ad?.candidateUsers))
    out.err(id, 'candidateUsers is not supported; use candidateGroups (roles) or assignee');
  out.feel(id, assignee, 'assignee');
  out.feel(id, cg, 'candidateGroups');
  const schedule = tools.ext('zeebe:TaskSchedule');
  const dueDate = str(schedule?.dueDate);
  out.feel(id, dueDate, 'dueDate');
  if (dueDate && !isFeel(dueDate) && !ISO_DATE_TIME.test(dueDate))
    out.err(id, `dueDate '${dueDate}' is not an ISO-8601 date-time`);
  if (str(schedule?.followUpDate)) out.err(id, 'followUpDate is not supported');
  const get = (n: string): string | undefined => str(el.get?.(n));
  const dueIn = get('rf:dueIn');
  const calendar = get('rf:calendar');
  if (dueIn !== undefined && dueDate !== undefined)
    out.err(id, 'use either zeebe:taskSchedule dueDate or rf:dueIn, not both');
  if (dueIn !== undefined) {
    if (isFeel(dueIn)) out.feel(id, dueIn, 'rf:dueIn');
    else if (!ISO_DURATION.test(dueIn)) out.err(id, `rf:dueIn '${dueIn}' is not an ISO-8601 duration`);
  }
  if (calendar !== undefined) {
    if (!CALENDARS.has(calendar))
      out.err(id, `unknown rf:calendar '${calendar}' (use cn-workday or calendar-day)`);
    else if (dueIn === undefined) out.err(id, 'rf:calendar on a user task needs rf:dueIn');
    else if (!isFeel(dueIn) && !DAYS_ONLY.test(dueIn))
      out.err(id, `rf:calendar '${calendar}' only counts days: use PnD, not '${dueIn}'`);
  }
  const decisionsRaw = get('rf:decisions');
  const decisions = decisionsRaw === undefined ? undefined : list(decisionsRaw);
  if (decisions && decisions.length === 0) out.err(id, 'rf:decisions is empty');
  const excludeAffiliation = get('rf:excludeAffiliation');
  out.feel(id, excludeAffiliation, 'rf:excludeAffiliation');
  const writesRaw = get('rf:writes');
  const writes = writesRaw === undefined ? undefined : list(writesRaw);
  for (const w of writes ?? [])
    if (!VARIABLE_NAME.test(w)) out.err(id, `rf:writes names '${w}', which is not a variable name`);
  const userTask: UserTaskNode = {
    ...act,
    kind: 'userTask',
    assignee,
    candidateGroups: isFeel(cg) ? cg : list(cg),
    dueDate,
    dueIn,
    calendar: calendar as 'cn-workday' | 'calendar-day' | undefined,
    decisions,
    distinctFrom: list(get('rf:distinctFrom')),
    excludeAffiliation,
    ...(writes ? { writes } : {}),
  };
  const hasForm = tools.form((form) => (userTask.form = form));
  if (hasForm && writes) out.err(id, 'use either a form or rf:writes, not both (the form lists the fields)');
  return userTask;
}

/** After the walk: rf:distinctFrom names user tasks of this process (a refused one was reported already). */
export function checkDistinctFrom(node: FlowNode, g: GraphCheckContext): void {
  if (node.kind !== 'userTask') return;
  for (const other of node.distinctFrom) {
    const target = g.nodes[other] ?? (g.isElement(other) ? undefined : null);
    if (target === null)
      g.err(node.id, `rf:distinctFrom names '${other}', which is not an element of this process`);
    else if (target && target.kind !== 'userTask')
      g.err(node.id, `rf:distinctFrom names '${other}', which is not a user task`);
  }
}
