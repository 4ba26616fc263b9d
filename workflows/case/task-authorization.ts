// Who may act on a task: the update validators' checks (candidate, district, four eyes, conflict of interest, what a
// completion may write). They only read the case; a refusal is an ApplicationFailure whose type is the API's code.
import { snapshot, validateClaim, validateCompletion } from '../../bpmn';
import { reject } from './case-activities';
import type { CaseContext } from './case-context';
import type {
  CaseRejection,
  CaseTaskView,
  CaseUser,
  ClaimTaskInput,
  CompleteTaskInput,
  TaskRef,
} from './case-messages';

/** The open task `ref` names (by key or id), else TASK_NOT_OPEN. */
export function resolveTask(ctx: CaseContext, ref: TaskRef): CaseTaskView {
  const task = ref.key
    ? ctx.tasks[ref.key]
    : Object.values(ctx.tasks).find((t) => ref.taskId !== undefined && t.id === ref.taskId);
  if (!task) throw reject('TASK_NOT_OPEN', `task ${ref.taskId ?? ref.key ?? '?'} is not open`);
  return task;
}

/** The user is the task's assignee, or (unclaimed) in one of its candidate groups, and scoped to the case's district. */
export function checkCandidate(ctx: CaseContext, task: CaseTaskView, user: CaseUser): void {
  if (!user || typeof user.username !== 'string' || user.username === '')
    throw reject('NOT_CANDIDATE', 'user.username is required');
  const district = snapshot(ctx.engine).variables.district;
  if (user.district && typeof district === 'string' && user.district !== district)
    throw reject(
      'NOT_CANDIDATE',
      `${user.username} is scoped to district ${user.district}, the case is in ${district}`,
    );
  if (task.assignee) {
    if (task.assignee !== user.username)
      throw reject('NOT_CANDIDATE', `task ${task.elementId} is assigned to ${task.assignee}`);
    return;
  }
  if (task.candidateGroups.length > 0 && !(user.roles ?? []).some((r) => task.candidateGroups.includes(r)))
    throw reject(
      'NOT_CANDIDATE',
      `${user.username} is in none of the candidate groups ${task.candidateGroups.join(', ')} of ${task.elementId}`,
    );
}

function checkEngine(
  result: { ok: true } | { ok: false; reason: string; message: string; details?: unknown },
): void {
  if (!result.ok) throw reject(result.reason as CaseRejection, result.message, result.details);
}

/** completeTask's validator: candidate, then the engine's rules (four eyes, conflict of interest, decision, writes). */
export function authorizeCompletion(ctx: CaseContext, req: CompleteTaskInput): void {
  const task = resolveTask(ctx, req);
  checkCandidate(ctx, task, req.user);
  checkEngine(
    validateCompletion(
      ctx.graph,
      ctx.engine,
      task.key,
      { username: req.user.username, affiliation: req.user.affiliation ?? undefined },
      req.variables ?? {},
      { checkWrites: ctx.checkWrites },
    ),
  );
}

/** claimTask's validator: candidate, then the engine's rules (four eyes, conflict of interest). */
export function authorizeClaim(ctx: CaseContext, req: ClaimTaskInput): void {
  const task = resolveTask(ctx, req);
  checkCandidate(ctx, task, req.user);
  checkEngine(
    validateClaim(ctx.graph, ctx.engine, task.key, {
      username: req.user.username,
      affiliation: req.user.affiliation ?? undefined,
    }),
  );
}

/** unclaimTask's validator: the claimant, or an admin. */
export function authorizeUnclaim(ctx: CaseContext, req: ClaimTaskInput): void {
  const task = resolveTask(ctx, req);
  const admin = (req.user?.roles ?? []).includes('admin');
  if (task.assignee !== req.user?.username && !admin)
    throw reject('NOT_CANDIDATE', `task ${task.elementId} is not claimed by ${req.user?.username}`);
}
