// Job worker clients, OAuth client-credentials style as Camunda's: an admin issues a client id and secret limited
// to listed job types (the secret is shown once and stored hashed) and may revoke it; the token endpoint trades the
// credentials, form-posted as Camunda's SDKs send them (CAMUNDA_OAUTH_URL), for a bearer JWT.
import { randomBytes } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { compare, hash } from 'bcryptjs';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { JOB_TYPE_PATTERN } from '../../bpmn/task-types';
import { findJobClient, insertJobClient, listJobClients, revokeJobClient } from '../../db/jobs.repository';
import { ApiError } from '../common/error-body';
import { zodBody } from '../common/zod-validation.pipe';
import { CurrentUser, Public, Roles } from './auth.decorators';
import type { AuthUser } from './auth-user';
import {
  JOB_CLIENT_TOKEN_TTL_S,
  JOB_CLIENT_TOKEN_TYPE,
  type JobClientClaims,
  JobClientTokens,
} from './job-client-tokens';

const BCRYPT_COST = 10;
// Compared against when the client id is unknown, so an unknown id costs as long as a wrong secret.
let dummyHash: Promise<string> | undefined;

const createBody = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100),
    jobTypes: z
      .array(z.string().regex(JOB_TYPE_PATTERN, 'must be a job type (1-200 printable characters)'))
      .min(1, 'must list at least one job type')
      .max(100),
  })
  .strict();

// Form fields as RFC 6749 §4.4 names them; audience and scope are accepted and ignored.
const tokenBody = z.object({
  grant_type: z.string().max(100).optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(200).optional(),
  audience: z.string().max(500).optional(),
  scope: z.string().max(500).optional(),
});

const invalidClient = () =>
  new ApiError(
    401,
    'Unknown client, wrong secret or revoked client',
    undefined,
    'CLIENT_CREDENTIALS_INVALID',
  );

/** HTTP Basic client authentication, the other way RFC 6749 allows. */
function basicCredentials(req: Request): { id: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
}

@ApiTags('job-clients')
@Controller()
export class JobClientsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(JobClientTokens) private readonly tokens: JobClientTokens,
  ) {}

  @Post('clients')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Issue a job worker client (admin)',
    description:
      'Answers 201 {clientId, clientSecret, name, jobTypes, createdAt}; the secret is shown this once (stored ' +
      'hashed). The client may activate and answer jobs of the listed types only.',
  })
  async create(@Body(zodBody(createBody)) body: z.infer<typeof createBody>, @CurrentUser() user: AuthUser) {
    const clientId = `rf-${randomBytes(8).toString('hex')}`;
    const clientSecret = randomBytes(32).toString('base64url');
    const row = await insertJobClient(this.dataSource, {
      clientId,
      secretHash: await hash(clientSecret, BCRYPT_COST),
      name: body.name,
      jobTypes: [...new Set(body.jobTypes)],
      createdBy: user.username,
    });
    return {
      clientId,
      clientSecret,
      name: row.name,
      jobTypes: row.jobTypes,
      createdAt: row.createdAt.toISOString(),
    };
  }

  @Get('clients')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'List job worker clients (admin; never their secrets)' })
  async list() {
    return (await listJobClients(this.dataSource)).map((c) => ({
      clientId: c.clientId,
      name: c.name,
      jobTypes: c.jobTypes,
      createdBy: c.createdBy,
      createdAt: c.createdAt.toISOString(),
      revokedAt: c.revokedAt?.toISOString() ?? null,
    }));
  }

  @Delete('clients/:clientId')
  @Roles('admin')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke a job worker client (admin): its tokens stop working. 404 CLIENT_NOT_FOUND',
  })
  async revoke(@Param('clientId') clientId: string): Promise<void> {
    if (clientId.length > 200 || !(await revokeJobClient(this.dataSource, clientId)))
      throw new ApiError(404, `No active client ${clientId.slice(0, 200)}`, undefined, 'CLIENT_NOT_FOUND');
    this.tokens.forget(clientId);
  }

  @Post('oauth/token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'OAuth 2.0 client-credentials token for job workers',
    description:
      'application/x-www-form-urlencoded (or JSON): grant_type=client_credentials, client_id, client_secret ' +
      '(or HTTP Basic); audience and scope are ignored. Answers {access_token, token_type: "Bearer", expires_in}. ' +
      '400 GRANT_TYPE_UNSUPPORTED, 401 CLIENT_CREDENTIALS_INVALID.',
  })
  async token(@Body(zodBody(tokenBody)) body: z.infer<typeof tokenBody>, @Req() req: Request) {
    if (body.grant_type !== 'client_credentials')
      throw new ApiError(
        400,
        'Only grant_type=client_credentials is supported',
        [{ field: 'grant_type', message: 'must be client_credentials' }],
        'GRANT_TYPE_UNSUPPORTED',
      );
    const basic = basicCredentials(req);
    const id = basic?.id ?? body.client_id ?? '';
    const secret = basic?.secret ?? body.client_secret ?? '';
    const row = id ? await findJobClient(this.dataSource, id) : undefined;
    const ok = await compare(
      secret,
      row?.secretHash ?? (await (dummyHash ??= hash('no-such-client', BCRYPT_COST))),
    );
    if (!row || !ok || row.revokedAt) throw invalidClient();
    const claims: JobClientClaims = {
      sub: `client:${row.clientId}`,
      typ: JOB_CLIENT_TOKEN_TYPE,
      cid: row.clientId,
    };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: JOB_CLIENT_TOKEN_TTL_S });
    return { access_token: accessToken, token_type: 'Bearer', expires_in: JOB_CLIENT_TOKEN_TTL_S };
  }
}
