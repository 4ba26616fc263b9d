import { ConfigError, loadConfig } from '../../config/app-config';
import { describeStartupError } from '../../config/startup-error';

function configError(env: NodeJS.ProcessEnv, options?: Parameters<typeof loadConfig>[1]): ConfigError {
  try {
    loadConfig(env, options);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('api config', () => {
  it('given an empty environment, when loaded, then the embedded defaults apply', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      dataDir: '.data',
      temporalNamespace: 'default',
      taskQueue: 'reviewflow',
      jwtTtl: '8h',
      demoUsers: true,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporalAddress).toBeUndefined();
  });

  it('given a non-numeric PORT, when loaded, then one line names PORT and the fix', () => {
    const err = configError({ PORT: 'abc' });
    expect(err.message).toMatch(
      /^Invalid environment: PORT="abc" is invalid .*fix: set PORT to a free TCP port/,
    );
    expect(err.message).not.toContain('\n');
    expect(describeStartupError(err)).toBe(err.message);
  });

  it('given MAX_OPEN_TASKS_PER_CASE, when loaded, then it defaults to 1000 and a non-positive value is refused', () => {
    expect(loadConfig({}).maxOpenTasksPerCase).toBe(1000);
    expect(loadConfig({ MAX_OPEN_TASKS_PER_CASE: '50' }).maxOpenTasksPerCase).toBe(50);
    expect(configError({ MAX_OPEN_TASKS_PER_CASE: '0' }).message).toMatch(
      /MAX_OPEN_TASKS_PER_CASE.*use an integer between 1 and 100000/,
    );
  });

  it('given an out-of-range PORT, when loaded, then it is refused', () => {
    expect(configError({ PORT: '70000' }).message).toContain('PORT');
  });

  it('given a malformed DATABASE_URL, when loaded, then the message names it and the embedded alternative', () => {
    const err = configError({ DATABASE_URL: 'mysql://x' });
    expect(err.message).toContain('DATABASE_URL');
    expect(err.message).toContain('unset it to run embedded PostgreSQL');
  });

  it('given a TEMPORAL_ADDRESS without a port, when loaded, then it is refused', () => {
    expect(configError({ TEMPORAL_ADDRESS: 'localhost' }).message).toContain('TEMPORAL_ADDRESS');
  });

  it('given production without JWT_SECRET, when loaded, then JWT_SECRET is required', () => {
    const err = configError({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db/x' });
    expect(err.message).toContain('JWT_SECRET is missing');
    expect(err.message).toContain('NODE_ENV=production');
  });

  it('given a short JWT_SECRET, when loaded, then the minimum length is named', () => {
    expect(configError({ JWT_SECRET: 'short' }).message).toMatch(/JWT_SECRET.*at least 32/);
  });

  it('given production with a good secret, when loaded, then demo users are off', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) });
    expect(config.demoUsers).toBe(false);
  });

  it('given production with DEMO_USERS=true, when loaded, then it is refused', () => {
    expect(
      configError({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), DEMO_USERS: 'true' }).message,
    ).toContain('DEMO_USERS');
  });

  it('given an unknown LOG_LEVEL, when loaded, then the allowed values are listed', () => {
    expect(configError({ LOG_LEVEL: 'loud' }).message).toContain(
      'fatal, error, warn, info, debug, trace, silent',
    );
  });

  it('given empty strings, when loaded, then they count as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });

  it('given the standalone API without external services, when loaded, then DATABASE_URL is demanded', () => {
    const err = configError({ JWT_SECRET: 's'.repeat(32) }, { requireExternal: true });
    expect(err.message).toContain('DATABASE_URL is missing');
    const err2 = configError(
      { JWT_SECRET: 's'.repeat(32), DATABASE_URL: 'postgres://u:p@db/x' },
      { requireExternal: true },
    );
    expect(err2.message).toContain('TEMPORAL_ADDRESS is missing');
  });

  it('given an external DATABASE_URL, when loaded, then demo users are not seeded by default', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/x' }).demoUsers).toBe(false);
  });
});

describe('worker config', () => {
  it('given the standalone worker in production, when loaded without JWT_SECRET, then only the services are required', () => {
    const config = loadConfig(
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db/x', TEMPORAL_ADDRESS: 'temporal:7233' },
      { requireExternal: true, needsJwt: false },
    );
    expect(config.temporalAddress).toBe('temporal:7233');
  });
});

describe('startup errors', () => {
  it('given a port clash, when described, then one line names the port and the fix', () => {
    const err = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:3000'), {
      code: 'EADDRINUSE',
      port: 3000,
    });
    expect(describeStartupError(err)).toBe(
      'Port 3000 is already in use: set PORT to a free port (or stop the other process).',
    );
  });

  it('given a genuine bug, when described, then it is not dressed up as a configuration problem', () => {
    expect(describeStartupError(new TypeError('x is undefined'))).toBeUndefined();
  });
});
