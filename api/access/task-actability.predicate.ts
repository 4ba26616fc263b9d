// What the inbox offers: a task the caller may act on now, so the inbox never lists a task whose claim or completion
// the workflow would refuse for who the caller is (the workflow's validators still decide).
import type { AuthUser } from '../auth/auth-user';
import { type Bind, caseVisibilitySql, seesEverything } from './case-visibility.predicate';

/**
 * Conditions on the task aliased `t` (beyond candidate group / assignee): its case is visible to the caller, the
 * caller's affiliation is not excluded (`rf:excludeAffiliation`), the caller completed none of the elements it must
 * differ from (`rf:distinctFrom`), and the caller has not already completed a sibling instance of the same
 * multi-instance body (one vote per user).
 */
export function taskActableSql(user: AuthUser, t: string, bind: Bind): string[] {
  const out = taskVisibleSql(user, t, bind);
  const me = bind(user.username);
  if (user.affiliation) out.push(`${t}.exclude_affiliation IS DISTINCT FROM ${bind(user.affiliation)}`);
  out.push(
    // most tasks have no rf:distinctFrom: they skip the probe
    `(cardinality(${t}.distinct_from) = 0 OR NOT EXISTS (SELECT 1 FROM tasks fe WHERE fe.case_id = ${t}.case_id` +
      ` AND fe.completed_by = ${me} AND fe.element_id = ANY(${t}.distinct_from)))`,
    `(${t}.mi_key IS NULL OR NOT EXISTS (SELECT 1 FROM tasks mv WHERE mv.case_id = ${t}.case_id` +
      ` AND mv.completed_by = ${me} AND mv.mi_key = ${t}.mi_key))`,
  );
  return out;
}

/** The task's case is visible to the caller (a district reviewer's own district read from the task row). */
export function taskVisibleSql(user: AuthUser, t: string, bind: Bind): string[] {
  if (seesEverything(user)) return [];
  const onlyDistrict = user.roles.every((r) => r === 'district-reviewer');
  if (onlyDistrict && user.district) return [`${t}.district = ${bind(user.district)}`];
  const sql = caseVisibilitySql(user, 'vc', bind);
  return sql === null ? [] : [`EXISTS (SELECT 1 FROM cases vc WHERE vc.id = ${t}.case_id AND ${sql})`];
}
