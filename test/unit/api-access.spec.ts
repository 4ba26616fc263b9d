import {
  type HistoryView,
  type Seal,
  redactHistory,
  redactVariables,
  withoutObjectors,
} from '../../api/access/case-redaction.service';
import { caseVisibilitySql, positional } from '../../api/access/case-visibility.predicate';
import { startVariables } from '../../api/access/start-scope';
import type { AuthUser } from '../../api/auth/auth-user';
import { ApiError } from '../../api/common/error-body';

const user = (
  username: string,
  roles: string[],
  district: string | null = null,
  affiliation: string | null = null,
) => ({ id: username, username, roles, district, affiliation }) satisfies AuthUser;

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof ApiError ? err.code : 'not an ApiError';
  }
  return undefined;
};

describe('case visibility predicate', () => {
  it('given an all-seeing role, when building the predicate, then there is none', () => {
    expect(caseVisibilitySql(user('city', ['city-reviewer']), 'c', positional([]))).toBeNull();
  });

  it('given a user with no relationship role, when building the predicate, then it admits nothing', () => {
    expect(caseVisibilitySql(user('x', []), 'c', positional([]))).toBe('false');
    expect(caseVisibilitySql(user('dr', ['district-reviewer']), 'c', positional([]))).toBe('false');
  });

  it('given an affiliated expert, when building the predicate, then the employer and the task exclusion are bound', () => {
    const params: unknown[] = [];
    const sql = caseVisibilitySql(user('expert1', ['expert'], null, 'org-1'), 'c', positional(params)) ?? '';
    expect(sql).toContain('c.employer_id IS DISTINCT FROM $1');
    expect(sql).toContain('vt.exclude_affiliation IS DISTINCT FROM $1');
    expect(params).toEqual(['org-1', 'expert1', ['expert']]);
  });
});

describe('starting a case', () => {
  it('given a district user, when no district is given, then theirs is filled in; another is refused', () => {
    const lixia = user('lixia-reviewer', ['district-reviewer'], 'lixia');
    expect(startVariables(lixia, { a: 1 })).toEqual({ a: 1, district: 'lixia' });
    expect(codeOf(() => startVariables(lixia, { district: 'shizhong' }))).toBe('DISTRICT_NOT_ALLOWED');
  });

  it('given a district reviewer with no district on record, when starting, then refused', () => {
    expect(codeOf(() => startVariables(user('dr', ['district-reviewer']), {}))).toBe('DISTRICT_NOT_ALLOWED');
  });

  it('given an applicant or employer, when naming someone else as applicant or employer, then NOT_OWN_CASE', () => {
    expect(
      codeOf(() => startVariables(user('applicant1', ['applicant']), { applicantId: 'applicant2' })),
    ).toBe('NOT_OWN_CASE');
    expect(
      codeOf(() => startVariables(user('employer1', ['employer'], null, 'org-1'), { employerId: 'org-2' })),
    ).toBe('NOT_OWN_CASE');
    expect(startVariables(user('applicant1', ['applicant']), { applicantId: 'applicant1' })).toEqual({
      applicantId: 'applicant1',
    });
  });

  it('given an all-seeing role, when naming any district and applicant, then the variables pass unchanged', () => {
    const v = { district: 'shizhong', applicantId: 'applicant2' };
    expect(startVariables(user('admin', ['admin']), v)).toBe(v);
  });
});

describe('field redaction', () => {
  const applicant = user('applicant1', ['applicant']);
  const open: Seal = { objectors: false, sealed: new Map(), variables: new Set() };

  it('given objection data, when an applicant reads it, then the objector is gone at any depth, other fields stay', () => {
    const vars = { objection: { id: 'o1', reason: 'r', createdBy: 'expert2' }, createdBy: 'admin' };
    expect(withoutObjectors(vars, 'applicant1')).toEqual({
      objection: { id: 'o1', reason: 'r' },
      createdBy: 'admin',
    });
    expect(redactVariables({ objections: [{ createdBy: 'x' }] }, applicant, open)).toEqual({
      objections: [{}],
    });
    // The objector reads their own name.
    expect(withoutObjectors({ objection: { createdBy: 'applicant1' } }, 'applicant1')).toEqual({
      objection: { createdBy: 'applicant1' },
    });
  });

  it('given history, when a non-reviewer reads it, then objection actors are hidden and sealed votes lose their content', () => {
    const events: HistoryView[] = [
      { seq: 1, at: 't', type: 'objection', actor: 'expert2', data: { reason: 'r' } },
      { seq: 2, at: 't', type: 'message-correlated', actor: 'expert2', data: { name: 'objection' } },
      {
        seq: 3,
        at: 't',
        type: 'task-completed',
        elementId: 'score',
        actor: 'expert2',
        data: { decision: 'pass' },
      },
      {
        seq: 4,
        at: 't',
        type: 'task-completed',
        elementId: 'other',
        actor: 'expert2',
        data: { decision: 'pass' },
      },
    ];
    const seal: Seal = {
      objectors: false,
      sealed: new Map([['score', new Set(['expert2'])]]),
      variables: new Set(),
    };
    const out = redactHistory(events, applicant, seal);
    expect(out[0]).toEqual({ seq: 1, at: 't', type: 'objection', data: { reason: 'r' } });
    expect(out[1]?.actor).toBeUndefined();
    expect(out[2]?.data).toEqual({ sealed: true });
    expect(out[3]?.data).toEqual({ decision: 'pass' });
  });

  it('given sealed variables, when redacting, then exactly those keys go', () => {
    const seal: Seal = { objectors: true, sealed: new Map(), variables: new Set(['score', 'scores']) };
    expect(redactVariables({ score: 1, scores: [1], district: 'lixia' }, applicant, seal)).toEqual({
      district: 'lixia',
    });
  });
});
