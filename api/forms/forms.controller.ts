import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodParams } from '../common/zod-validation.pipe';
import { FormsService, formView } from './forms.service';

const formParams = z.object({ formId: z.string().min(1).max(200) });
const versionParams = formParams.extend({
  version: z.coerce
    .number({ error: 'must be a positive integer' })
    .int('must be a positive integer')
    .min(1, 'must be a positive integer'),
});

@ApiTags('forms')
@ApiBearerAuth()
@Controller('forms')
export class FormsController {
  constructor(@Inject(FormsService) private readonly forms: FormsService) {}

  @Post()
  @Roles('admin')
  @ApiBody({ schema: { type: 'object', description: 'Camunda Forms JSON (the .form file), with its id' } })
  async deploy(
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, form } = await this.forms.deploy(body, user.username);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return { id: form.id, formId: form.formId, version: form.version };
  }

  @Get(':formId')
  async latest(@Param(zodParams(formParams)) p: z.infer<typeof formParams>) {
    return formView(await this.forms.get(p.formId));
  }

  @Get(':formId/versions/:version')
  async version(@Param(zodParams(versionParams)) p: z.infer<typeof versionParams>) {
    return formView(await this.forms.get(p.formId, p.version));
  }
}
