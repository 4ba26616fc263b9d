import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodBody, zodQuery } from '../common/zod-validation.pipe';
import { ListRecordDto, ListRecordPageDto, PublicityPreviewDto } from './list-record.dto';
import { EXPORT_CONTENT_TYPE, ListExportService } from './list-export.service';
import { LIST_ROLES, ListsService } from './lists.service';

export const LIST_MAX_CASES = 500;
const COMMENT_MAX = 2000;
const key = z.string().trim().min(1, 'is required').max(200);

const createBody = z
  .object({
    title: z.string().trim().min(1, 'is required').max(200),
    processKey: key,
    elementId: key,
    comment: z.string().trim().max(COMMENT_MAX).nullish(),
    items: z
      .array(
        z
          .object({
            caseId: z.string().uuid('is not a case id'),
            decision: z.string().trim().min(1).max(100).nullish(),
            comment: z.string().trim().max(COMMENT_MAX).nullish(),
          })
          .strict(),
      )
      .min(1, 'must list at least one case')
      .max(LIST_MAX_CASES, `must list at most ${LIST_MAX_CASES} cases`),
  })
  .strict();

const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  year: z.coerce.number().int().min(2000).max(9999).optional(),
});

const previewQuery = z.object({
  processKey: key,
  elementId: key,
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
});

const idParam = z.string().uuid();

@ApiTags('lists')
@ApiBearerAuth()
@Controller('lists')
@Roles(...LIST_ROLES)
export class ListsController {
  constructor(
    @Inject(ListsService) private readonly lists: ListsService,
    @Inject(ListExportService) private readonly exports: ListExportService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Publish or decide a list (org-department, city-reviewer, admin)',
    description:
      'body {title, processKey, elementId, comment?, items: [{caseId, decision?, comment?}]}. At a message catch ' +
      'event the cases receive its message as one batch (a publicity list); at a user task each decision is one ' +
      'complete-task batch. A case’s comment overrides the list’s; either is what its history shows. Answers the ' +
      'record numbered 〔year〕第n号 with each case’s status and failure code; 409 LIST_NOT_PUBLISHED when no case went ' +
      'through (no record is kept).',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['title', 'processKey', 'elementId', 'items'],
      properties: {
        title: { type: 'string', maxLength: 200 },
        processKey: { type: 'string' },
        elementId: { type: 'string' },
        comment: { type: 'string', maxLength: COMMENT_MAX, nullable: true },
        items: {
          type: 'array',
          maxItems: LIST_MAX_CASES,
          items: {
            type: 'object',
            required: ['caseId'],
            properties: {
              caseId: { type: 'string', format: 'uuid' },
              decision: { type: 'string', nullable: true },
              comment: { type: 'string', maxLength: COMMENT_MAX, nullable: true },
            },
          },
        },
      },
    },
  })
  @ApiCreatedResponse({ type: ListRecordDto })
  create(@Body(zodBody(createBody)) body: z.infer<typeof createBody>, @CurrentUser() user: AuthUser) {
    return this.lists.create(body, user);
  }

  @Get()
  @ApiOperation({
    summary: 'List records, newest first: {items: [record without items, total, done], total}',
  })
  @ApiOkResponse({ type: ListRecordPageDto })
  @ApiQuery({ name: 'year', required: false, example: 2026 })
  @ApiQuery({ name: 'page', required: false, example: 1 })
  @ApiQuery({ name: 'pageSize', required: false, example: 50 })
  list(@Query(zodQuery(listQuery)) q: z.infer<typeof listQuery>) {
    return this.lists.list(q);
  }

  @Get('publicity-preview')
  @ApiOperation({
    summary: 'The publicity period a list published on `from` would open',
    description:
      '{publicity: {start, end, days, calendar, closesAt, provisional} | null}: the first day-counted timer after the ' +
      'catch event, counted in its calendar (cn-workday skips weekends and official holidays).',
  })
  @ApiQuery({ name: 'processKey', example: 'j11b-industry-leader-introduced' })
  @ApiQuery({ name: 'elementId', example: 'waitPublicityList' })
  @ApiQuery({ name: 'from', example: '2026-09-28' })
  @ApiOkResponse({ type: PublicityPreviewDto })
  preview(@Query(zodQuery(previewQuery)) q: z.infer<typeof previewQuery>) {
    return this.lists.preview(q.processKey, q.elementId, q.from);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One list record with its cases, decisions and comments' })
  @ApiOkResponse({ type: ListRecordDto })
  get(@Param('id') id: string) {
    return this.lists.get(id);
  }

  @Get(':id/export')
  @ApiOperation({
    summary: 'The list record as an Excel notice (.xlsx): heading, then the cases that went through',
  })
  @ApiProduces(EXPORT_CONTENT_TYPE)
  async export(@Param('id') id: string, @Res() res: Response) {
    const record = await this.lists.get(idParam.safeParse(id).success ? id : 'none');
    const file = await this.exports.xlsx(record);
    res
      .status(200)
      .setHeader('Content-Type', EXPORT_CONTENT_TYPE)
      .setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`)
      .send(file.body);
  }
}
