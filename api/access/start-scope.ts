// Starting a case: where it lies and whose it is come from the caller's user record, never freely from the request.
import type { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/error-body';
import { seesEverything } from './case-visibility.predicate';

const refuse = (message: string, code: string, field: string) =>
  new ApiError(403, message, [{ field, message }], code);

/**
 * The variables a case starts with when `user` starts it:
 * - the all-seeing roles may name any district, applicant and employer;
 * - a user with a district on record (district reviewers; applicants and employers registered in one) starts cases
 *   in that district: it is filled in when absent and any other district is refused (DISTRICT_NOT_ALLOWED);
 * - a district reviewer without a district on record may not start cases;
 * - an applicant may only name themself as `applicantId`, an employer only their affiliation as `employerId`
 *   (NOT_OWN_CASE), so nobody files a case into someone else's view.
 * Applicants and employers with no district on record declare the district in the request (the user record has
 * nothing to check it against).
 */
export function startVariables(user: AuthUser, variables: Record<string, unknown>): Record<string, unknown> {
  if (seesEverything(user)) return variables;
  const requested = variables.district;
  let out = variables;
  if (user.district) {
    if (requested !== undefined && requested !== user.district)
      throw refuse(
        `${user.username} may only create cases in district ${user.district}`,
        'DISTRICT_NOT_ALLOWED',
        'variables.district',
      );
    if (requested === undefined) out = { ...out, district: user.district };
  } else if (
    user.roles.includes('district-reviewer') &&
    !user.roles.some((r) => r === 'applicant' || r === 'employer')
  )
    throw refuse(
      `${user.username} has no district and may not create cases`,
      'DISTRICT_NOT_ALLOWED',
      'variables.district',
    );
  const applicantOnly = user.roles.includes('applicant') && !user.roles.includes('employer');
  const employerOnly = user.roles.includes('employer') && !user.roles.includes('applicant');
  if (applicantOnly && out.applicantId !== undefined && out.applicantId !== user.username)
    throw refuse(
      `${user.username} may only file cases as applicant ${user.username}`,
      'NOT_OWN_CASE',
      'variables.applicantId',
    );
  if (employerOnly && out.employerId !== undefined && out.employerId !== user.affiliation)
    throw refuse(
      `${user.username} may only file cases for employer ${user.affiliation ?? '(none on record)'}`,
      'NOT_OWN_CASE',
      'variables.employerId',
    );
  return out;
}
