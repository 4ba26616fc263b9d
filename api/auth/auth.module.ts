import { createSecretKey } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfig } from '../../config/app-config';
import { AuthController } from './auth.controller';
import { AuthService, DEV_CLOCK_AVAILABLE } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RolesGuard } from './roles.guard';
import { JobClientsController } from './job-clients.controller';
import { JobClientTokens } from './job-client-tokens';
import { TokenSubjects } from './token-subjects';
import { UsersController } from './users.controller';

@Module({})
export class AuthModule {
  /** `devClock`: the app mounts /dev/time (in-process temporal-lite); told to the UI at login. */
  static forRoot(config: AppConfig, options: { devClock?: boolean } = {}): DynamicModule {
    if (!config.jwtSecret)
      throw new Error('AuthModule needs config.jwtSecret (the embedded starter generates one)');
    // A KeyObject, built once: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on
    // every verify, which cost more CPU than the rest of an inbox request.
    const key = createSecretKey(Buffer.from(config.jwtSecret));
    return {
      module: AuthModule,
      imports: [
        JwtModule.register({
          secretOrKeyProvider: () => key,
          signOptions: { expiresIn: config.jwtTtl as `${number}h`, algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      controllers: [AuthController, UsersController, JobClientsController],
      providers: [
        AuthService,
        TokenSubjects,
        JobClientTokens,
        { provide: DEV_CLOCK_AVAILABLE, useValue: options.devClock ?? false },
        // Order matters: authentication before roles.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [AuthService, JwtModule, JobClientTokens],
    };
  }
}
