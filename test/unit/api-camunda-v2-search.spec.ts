// Camunda REST v2 search paging over reviewflow's page/pageSize lists: any offset and limit, and cursors.
import { fetchWindow, pageAnswer, pageRequest, windowOf } from '../../api/jobs/camunda-v2-search';

const rows = Array.from({ length: 7 }, (_, i) => i);
const source = async (page: number, pageSize: number) => ({
  items: rows.slice((page - 1) * pageSize, page * pageSize),
  total: rows.length,
});

describe('Camunda v2 search paging', () => {
  it.each([
    [0, 3, [0, 1, 2]],
    [3, 3, [3, 4, 5]],
    [2, 3, [2, 3, 4]],
    [5, 3, [5, 6]],
    [9, 3, []],
    [1, 10, [1, 2, 3, 4, 5, 6]],
  ])(
    'given from %i and limit %i, when fetched from pages, then the rows are exactly that window',
    async (from, limit, want) => {
      const got = await fetchWindow({ offset: from, limit }, source);
      expect(got).toEqual({ items: want, total: 7 });
    },
  );

  it('given a first page, when its endCursor is sent as after, then the next window starts there; before goes back', async () => {
    const w = windowOf(pageRequest.parse({ from: 2, limit: 2 }));
    const answer = pageAnswer(w, 2, 7);
    expect(windowOf(pageRequest.parse({ after: answer.endCursor, limit: 2 }))).toEqual({
      offset: 4,
      limit: 2,
    });
    expect(windowOf(pageRequest.parse({ before: answer.startCursor, limit: 5 }))).toEqual({
      offset: 0,
      limit: 2,
    });
    expect(pageAnswer(w, 0, 7)).toMatchObject({ startCursor: null, endCursor: null });
  });

  it('given no page, when parsed, then the default limit applies; a forged cursor is a 400 naming page.after', () => {
    expect(windowOf(pageRequest.parse(undefined))).toEqual({ offset: 0, limit: 100 });
    expect(() => windowOf(pageRequest.parse({ after: 'Zm9v' }))).toThrow(/page\.after/);
    expect(pageRequest.safeParse({ from: 0, after: 'x' }).success).toBe(false);
  });
});
