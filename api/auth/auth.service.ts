import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { compare } from 'bcryptjs';
import { DataSource } from 'typeorm';
import {
  bumpTokenVersion,
  clearLoginFailures,
  loginLockRemainingMs,
  pruneLoginThrottle,
  recordLoginFailure,
} from '../../db/auth.repository';
import { UserEntity } from '../../db/entities/user.entity';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ApiError } from '../common/error-body';
import { type AuthUser, toClaims } from './auth-user';
import { DEMO_USERNAMES } from './demo-users';
import { TokenSubjects } from './token-subjects';

export interface LoginResult {
  accessToken: string;
  user: AuthUser;
  /** GET /dev/time exists (in-process temporal-lite): the UI reads the workflow clock only then. */
  devClock: boolean;
}

/** Whether the app mounts the dev clock endpoints (a boolean). */
export const DEV_CLOCK_AVAILABLE = Symbol('DEV_CLOCK_AVAILABLE');

// Compared against when the user does not exist, so timing does not reveal valid usernames.
const DUMMY_HASH = '$2b$10$xQntxqBXmQl48dpYGDWwC.93p82ElkQyfJBPFysY7vndRwjLARE36';

/** 429 with the seconds until the lock ends (the controller sends them as Retry-After). */
export class LoginThrottledError extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      `Too many failed logins: try again in ${retryAfterSeconds} s`,
      undefined,
      'TOO_MANY_LOGIN_FAILURES',
    );
  }
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEV_CLOCK_AVAILABLE) private readonly devClock: boolean,
    @Inject(TokenSubjects) private readonly subjects: TokenSubjects,
  ) {}

  /**
   * Failed logins are counted per username and per client address in PostgreSQL (shared by every API process); a key
   * that reaches its limit within LOGIN_LOCKOUT_MS is locked that long, and a locked key is refused with 429 before
   * the password is even checked, the right password included.
   */
  async login(username: string, password: string, clientAddress = 'unknown'): Promise<LoginResult> {
    if (this.config.nodeEnv === 'production' && DEMO_USERNAMES.has(username)) {
      throw new ApiError(401, 'Demo users are disabled when NODE_ENV=production');
    }
    const userKey = `user:${username}`;
    const addrKey = `addr:${clientAddress}`;
    const lockedMs = await loginLockRemainingMs(this.dataSource, [userKey, addrKey]);
    if (lockedMs > 0) throw new LoginThrottledError(Math.ceil(lockedMs / 1000));

    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { username } });
    const ok = await compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      await this.recordFailure(userKey, addrKey);
      throw new ApiError(401, 'Invalid username or password');
    }
    await clearLoginFailures(this.dataSource, userKey);
    const authUser: AuthUser = {
      id: String(user.id),
      username: user.username,
      roles: user.roles,
      district: user.district ?? null,
      affiliation: user.affiliation ?? null,
    };
    const accessToken = await this.jwt.signAsync(toClaims(authUser, user.tokenVersion ?? 0));
    return { accessToken, user: authUser, devClock: this.devClock };
  }

  /** Revokes every token the user holds (their next request answers 401); undefined for an unknown user. */
  async revokeTokens(username: string): Promise<{ username: string; tokenVersion: number } | undefined> {
    const bumped = await bumpTokenVersion(this.dataSource, username);
    if (!bumped) return undefined;
    this.subjects.forget(bumped.id);
    return { username, tokenVersion: bumped.tokenVersion };
  }

  private async recordFailure(userKey: string, addrKey: string): Promise<void> {
    const { loginMaxFailures, loginMaxFailuresPerAddress, loginLockoutMs } = this.config;
    await recordLoginFailure(this.dataSource, userKey, loginMaxFailures, loginLockoutMs);
    await recordLoginFailure(this.dataSource, addrKey, loginMaxFailuresPerAddress, loginLockoutMs);
    // Unknown usernames leave rows too: sweep the finished ones now and then.
    if (Math.random() < 0.02) await pruneLoginThrottle(this.dataSource, loginLockoutMs);
  }
}
