import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { compare } from 'bcryptjs';
import { DataSource } from 'typeorm';
import { UserEntity } from '../../db/entities/user.entity';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from '../common/error-body';
import { type AuthUser, toClaims } from './auth-user';
import { DEMO_USERNAMES } from './demo-users';

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

@Injectable()
export class AuthService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEV_CLOCK_AVAILABLE) private readonly devClock: boolean,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    if (this.config.nodeEnv === 'production' && DEMO_USERNAMES.has(username)) {
      throw new ApiError(401, 'Demo users are disabled when NODE_ENV=production');
    }
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { username } });
    const ok = await compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new ApiError(401, 'Invalid username or password');
    const authUser: AuthUser = {
      id: String(user.id),
      username: user.username,
      roles: user.roles,
      district: user.district ?? null,
      affiliation: user.affiliation ?? null,
    };
    const accessToken = await this.jwt.signAsync(toClaims(authUser));
    return { accessToken, user: authUser, devClock: this.devClock };
  }
}
