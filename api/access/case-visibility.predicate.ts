// Who sees a case (contract §2), decided in this one place: a SQL predicate for lists and the inbox, and the same
// predicate for single reads, so a list and a get can never disagree. A case the caller may not see is 404.
import type { AuthUser } from '../auth/auth-user';

/** Roles that see every case. */
export const ALL_SEEING_ROLES: readonly string[] = ['city-reviewer', 'org-department', 'finance', 'admin'];

/** Binds a value and answers its placeholder ($n for raw SQL, :name for the query builder). */
export type Bind = (value: unknown) => string;

export const seesEverything = (user: AuthUser): boolean =>
  user.roles.some((r) => ALL_SEEING_ROLES.includes(r));

/**
 * The SQL condition on the case aliased `c` (columns district, applicant_id, employer_id, created_by, id) under which
 * `user` sees it, or null when the caller sees every case. Each role adds what it sees; a user with none sees nothing.
 * - applicant: the case's `applicantId` is the caller, or the caller started it;
 * - employer: the case's `employerId` is the caller's affiliation, or the caller started it;
 * - expert: the caller is or was assignee or completer of one of its tasks, or an open unassigned task is offered
 *   to one of the caller's roles; never when the caller's affiliation is the case's `employerId` (conflict of
 *   interest) nor through a task that excludes the caller's affiliation;
 * - district-reviewer: the case lies in the caller's district (a district reviewer without a district sees none).
 */
export function caseVisibilitySql(user: AuthUser, c: string, bind: Bind): string | null {
  if (seesEverything(user)) return null;
  const ors: string[] = [];
  const me = () => bind(user.username);
  if (user.roles.includes('applicant'))
    ors.push(`(${c}.applicant_id = ${me()} OR ${c}.created_by = ${me()})`);
  if (user.roles.includes('employer'))
    ors.push(
      user.affiliation
        ? `(${c}.employer_id = ${bind(user.affiliation)} OR ${c}.created_by = ${me()})`
        : `${c}.created_by = ${me()}`,
    );
  if (user.roles.includes('district-reviewer') && user.district)
    ors.push(`${c}.district = ${bind(user.district)}`);
  if (user.roles.includes('expert')) {
    const aff = user.affiliation ? bind(user.affiliation) : null;
    const u = me();
    const offered = `(vt.state = 'open' AND vt.assignee IS NULL AND vt.candidate_groups && ${bind(user.roles)}::text[])`;
    ors.push(
      `(${aff ? `${c}.employer_id IS DISTINCT FROM ${aff} AND ` : ''}EXISTS (SELECT 1 FROM tasks vt WHERE vt.case_id = ${c}.id` +
        `${aff ? ` AND vt.exclude_affiliation IS DISTINCT FROM ${aff}` : ''}` +
        ` AND (vt.assignee = ${u} OR vt.completed_by = ${u} OR ${offered})))`,
    );
  }
  return ors.length === 0 ? 'false' : `(${ors.join(' OR ')})`;
}

/** Positional binding for raw SQL: `params` receives the values. */
export function positional(params: unknown[]): Bind {
  return (v) => {
    params.push(v);
    return `$${params.length}`;
  };
}

/** Named binding for TypeORM's query builder: `params` receives the values under fresh names. */
export function named(params: Record<string, unknown>, prefix = 'vis'): Bind {
  let n = Object.keys(params).length;
  return (v) => {
    const name = `${prefix}${n++}`;
    params[name] = v;
    return `:${name}`;
  };
}

/** The relationship columns of a case as its variables name them (the read model keeps them in sync later). */
export function relationshipColumns(variables: Record<string, unknown>): {
  applicantId: string | null;
  employerId: string | null;
} {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return { applicantId: str(variables.applicantId), employerId: str(variables.employerId) };
}
