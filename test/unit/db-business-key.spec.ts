import { businessKeyPrefix, formatBusinessKey } from '../../db/business-key.repository';
import { shanghaiYear, starterVariables } from '../../api/cases/case-start.service';
import type { AuthUser } from '../../api/auth/auth-user';

const user = (roles: string[], affiliation: string | null = null): AuthUser => ({
  id: 'u',
  username: 'someone',
  roles,
  district: null,
  affiliation,
});

describe('generated business keys', () => {
  it.each([
    ['j01-talent-classification', 'J01'],
    ['j03a-home-purchase-subsidy', 'J03A'],
    ['q01_qinghai', 'Q01'],
    ['talentstory', 'TALENTST'],
    ['-x-', 'X'],
    ['---', 'CASE'],
  ])('given process key %s, when a key is generated, then its prefix is %s', (key, prefix) => {
    expect(businessKeyPrefix(key)).toBe(prefix);
  });

  it('given number 123 of 2026, when formatted, then J01-2026-000123', () => {
    expect(formatBusinessKey('j01-talent-classification', 2026, 123)).toBe('J01-2026-000123');
  });

  it('given the last evening of 2026 in UTC, when the year is taken, then it is already 2027 in Shanghai', () => {
    expect(shanghaiYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
    expect(shanghaiYear(new Date('2026-12-31T15:30:00Z'))).toBe(2026);
  });
});

describe('who started a case', () => {
  it('given an applicant, when they start a case, then they are its applicantId', () => {
    expect(starterVariables(user(['applicant']), { a: 1 })).toEqual({ a: 1, applicantId: 'someone' });
  });

  it('given an employer, when it starts a case, then its affiliation is the employerId', () => {
    expect(starterVariables(user(['employer'], 'org-1'), {})).toEqual({ employerId: 'org-1' });
  });

  it('given admin or a reviewer, when they start a case, then the variables are as sent', () => {
    expect(starterVariables(user(['admin']), { applicantId: 'x' })).toEqual({ applicantId: 'x' });
    expect(starterVariables(user(['city-reviewer']), {})).toEqual({});
  });
});
