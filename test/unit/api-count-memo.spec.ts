import { CountMemo } from '../../api/common/count-memo';

describe('CountMemo', () => {
  it('given a count in flight or fresh, when asked again, then it is shared; once stale it is computed anew', async () => {
    // given a memo with a 1 s lifetime and a controllable clock
    let now = 0;
    const memo = new CountMemo(1000, 10, () => now);
    let calls = 0;
    const compute = async () => ++calls;
    // when asked twice at once and once within the lifetime
    const [a, b] = await Promise.all([memo.get('k', compute), memo.get('k', compute)]);
    now = 999;
    const c = await memo.get('k', compute);
    // then one query answered all three
    expect([a, b, c, calls]).toEqual([1, 1, 1, 1]);
    // when the lifetime has passed, or another key is asked, or the memo is cleared
    now = 1000;
    expect(await memo.get('k', compute)).toBe(2);
    expect(await memo.get('other', compute)).toBe(3);
    memo.clear();
    expect(await memo.get('k', compute)).toBe(4);
  });

  it('given a failed count, when asked again, then it is not remembered', async () => {
    const memo = new CountMemo(1000, 10, () => 0);
    await expect(memo.get('k', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    await new Promise((r) => setImmediate(r));
    expect(await memo.get('k', async () => 7)).toBe(7);
  });

  it('given more keys than its bound, when a new one comes, then the oldest is dropped', async () => {
    const memo = new CountMemo(1000, 2, () => 0);
    let calls = 0;
    const compute = async () => ++calls;
    await memo.get('a', compute);
    await memo.get('b', compute);
    await memo.get('c', compute);
    expect(await memo.get('a', compute)).toBe(4);
    expect(await memo.get('c', compute)).toBe(3);
  });
});
