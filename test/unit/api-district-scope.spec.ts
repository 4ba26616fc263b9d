import type { AuthUser } from '../../api/auth/auth-user';
import { assertDistrictVisible, canSeeDistrict, districtScope } from '../../api/auth/district-scope';
import { ApiError } from '../../api/common/error-body';

const lixia: AuthUser = {
  id: '1',
  username: 'lixia-reviewer',
  roles: ['district-reviewer'],
  district: 'lixia',
  affiliation: null,
};
const city: AuthUser = {
  id: '2',
  username: 'city-reviewer1',
  roles: ['city-reviewer'],
  district: null,
  affiliation: null,
};

describe('district scoping', () => {
  it('given a district user, when asking for its scope, then it is its district', () => {
    expect(districtScope(lixia)).toBe('lixia');
    expect(districtScope(city)).toBeUndefined();
  });

  it('given a district user, when the object is in its district, then it is visible', () => {
    expect(canSeeDistrict(lixia, 'lixia')).toBe(true);
    expect(() => assertDistrictVisible(lixia, 'lixia', 'Case', 'c1')).not.toThrow();
  });

  it('given a district user, when the object is in another district, then it is reported as not found (404)', () => {
    expect(canSeeDistrict(lixia, 'shizhong')).toBe(false);
    let thrown: unknown;
    try {
      assertDistrictVisible(lixia, 'shizhong', 'Case', 'c1');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).getStatus()).toBe(404);
    expect((thrown as ApiError).getResponse()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Case c1 not found',
    });
  });

  it('given a district user, when the object has no district, then it is hidden', () => {
    expect(canSeeDistrict(lixia, null)).toBe(false);
  });

  it('given a city-wide user, when the object is in any district, then it is visible', () => {
    expect(canSeeDistrict(city, 'shizhong')).toBe(true);
    expect(canSeeDistrict(city, null)).toBe(true);
  });
});
