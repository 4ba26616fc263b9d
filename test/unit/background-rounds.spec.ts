// BackgroundRounds: the reconcilers' and queues' repeating work never runs two rounds at once and stops cleanly.
import { Logger } from '@nestjs/common';
import { BackgroundRounds } from '../../api/common/background-rounds';

const quiet = () => {
  const logger = new Logger('test');
  const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  return { logger, warn };
};

describe('BackgroundRounds', () => {
  it('given a round in progress, when kicked twice, then exactly one more round follows and none overlap', async () => {
    let active = 0;
    let most = 0;
    let rounds = 0;
    let release: () => void = () => undefined;
    const { logger } = quiet();
    const r = new BackgroundRounds(
      async () => {
        active += 1;
        most = Math.max(most, active);
        rounds += 1;
        if (rounds === 1) await new Promise<void>((ok) => (release = ok));
        active -= 1;
      },
      logger,
      'test work',
    );
    r.kick();
    r.kick();
    r.kick();
    release();
    await r.idle();
    expect({ rounds, most }).toEqual({ rounds: 2, most: 1 });
    await r.stop();
  });

  it('given a failing round, when it fails, then it is logged by name and the next kick runs again', async () => {
    const { logger, warn } = quiet();
    let calls = 0;
    const r = new BackgroundRounds(
      () => {
        calls += 1;
        return Promise.reject(new Error('database away'));
      },
      logger,
      'case reconciliation',
    );
    r.kick();
    await r.idle();
    r.kick();
    await r.idle();
    expect(calls).toBe(2);
    expect(warn).toHaveBeenCalledWith(
      { err: 'Error: database away' },
      'case reconciliation failed; the next round retries',
    );
    await r.stop();
  });

  it('given a stopped runner, when kicked, then no round runs and stop waited for the one in progress', async () => {
    const { logger } = quiet();
    const done: string[] = [];
    const r = new BackgroundRounds(
      async () => {
        await new Promise((ok) => setTimeout(ok, 20));
        done.push(r.stopping ? 'saw stopping' : 'ran');
      },
      logger,
      'test work',
    );
    r.kick();
    await r.stop();
    r.kick();
    await r.idle();
    expect(done).toEqual(['saw stopping']);
  });
});
