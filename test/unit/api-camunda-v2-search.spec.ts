// Camunda REST v2 search paging over reviewflow's page/pageSize lists: any offset and limit, and cursors.
import {
  fetchWindow,
  noRows,
  pageAnswer,
  pageRequest,
  rowsOf,
  searchAnswer,
  windowOf,
} from '../../api/jobs/camunda-v2-search';

const rows = Array.from({ length: 7 }, (_, i) => i);
const source = rowsOf(rows);

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

  it('given a search, when answered, then the window of rows is shown by the view with its page block; no rows: an empty answer', async () => {
    const answer = await searchAnswer({ from: 5, limit: 3 }, source, (r) => r.map((n) => `#${n}`));
    expect(answer).toEqual({
      items: ['#5', '#6'],
      page: pageAnswer({ offset: 5, limit: 3 }, 2, 7),
    });
    expect(await searchAnswer(undefined, noRows, (r) => r)).toEqual({
      items: [],
      page: { totalItems: 0, hasMoreTotalItems: false, startCursor: null, endCursor: null },
    });
  });
});
