import { Body, Controller, Get, Headers, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { xmlBodyOf } from '../common/xml-body';
import { zodParams } from '../common/zod-validation.pipe';
import { DecisionsService, decisionView } from './decisions.service';

const decisionParams = z.object({ decisionId: z.string().min(1).max(200) });
const versionParams = decisionParams.extend({
  version: z.coerce
    .number({ error: 'must be a positive integer' })
    .int('must be a positive integer')
    .min(1, 'must be a positive integer')
    .max(2_147_483_647, 'must be at most 2147483647'),
});

// Decision tables are the programmes' rules (grades, award amounts): staff read them, only an admin deploys.
const STAFF = ['admin', 'city-reviewer', 'district-reviewer', 'org-department', 'finance'] as const;

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('decisions')
export class DecisionsController {
  constructor(@Inject(DecisionsService) private readonly decisions: DecisionsService) {}

  @Post()
  @Roles('admin')
  @ApiConsumes('application/xml')
  @ApiBody({ schema: { type: 'string', description: 'DMN 1.3 XML (the .dmn file from Camunda Modeler)' } })
  @ApiOperation({
    summary: 'Deploy a DMN document',
    description:
      'Each decision becomes the next version of its decision id, unless its compiled content is unchanged (then 200 and the existing version). 400 INVALID_DMN lists problems by elementId.',
  })
  async deploy(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.decisions.deploy(xmlBodyOf(body, contentType, 'DMN'), user.username);
    res.status(out.created ? HttpStatus.CREATED : HttpStatus.OK);
    return { decisions: out.decisions };
  }

  @Get(':decisionId')
  @Roles(...STAFF)
  async latest(@Param(zodParams(decisionParams)) p: z.infer<typeof decisionParams>) {
    return decisionView(await this.decisions.get(p.decisionId));
  }

  @Get(':decisionId/versions')
  @Roles(...STAFF)
  versions(@Param(zodParams(decisionParams)) p: z.infer<typeof decisionParams>) {
    return this.decisions.versions(p.decisionId);
  }

  @Get(':decisionId/versions/:version')
  @Roles(...STAFF)
  async version(@Param(zodParams(versionParams)) p: z.infer<typeof versionParams>) {
    return decisionView(await this.decisions.get(p.decisionId, p.version));
  }
}
