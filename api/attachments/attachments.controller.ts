import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/error-body';
import { zodQuery } from '../common/zod-validation.pipe';
import { AttachmentDto } from './attachment.dto';
import { AttachmentsService, attachmentView, tooLarge } from './attachments.service';
import { contentDisposition } from './content-sniff';

const uploadQuery = z.object({
  name: z.string().trim().min(1, 'is required').max(500),
  field: z
    .string()
    .regex(/^[A-Za-z_][\w.-]{0,99}$/, 'must be a form field key')
    .optional(),
});

/** The raw request body up to `limit` bytes; beyond it 413 (the rest is drained, so the client reads the answer). */
function readBody(req: Request, limit: number): Promise<Buffer> {
  if (req.readableEnded || (req as { body?: unknown }).body !== undefined)
    return Promise.reject(
      new ApiError(
        415,
        'Send the file itself as the request body (Content-Type application/octet-stream or its own type)',
        [{ field: 'file', message: 'body was not a file' }],
        'UNSUPPORTED_TYPE',
      ),
    );
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        if (size > limit * 4 + 1024 * 1024) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (over ? reject(tooLarge(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', (err) => reject(over ? tooLarge(limit) : err));
    req.on('close', () => {
      if (over) reject(tooLarge(limit));
    });
  });
}

@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(@Inject(AttachmentsService) private readonly attachments: AttachmentsService) {}

  /**
   * Upload one file as the raw request body: `POST /attachments?name=<file name>&field=<form field>`. The answer's
   * `id` goes into the form field's value; the file is bound to the case that references it.
   */
  @Post('attachments')
  @HttpCode(201)
  @ApiConsumes('application/octet-stream')
  @ApiCreatedResponse({ type: AttachmentDto })
  async upload(
    @Req() req: Request,
    @Query(zodQuery(uploadQuery)) q: z.infer<typeof uploadQuery>,
    @CurrentUser() user: AuthUser,
  ) {
    const content = await readBody(req, this.attachments.maxBytes);
    return this.attachments.upload(content, { fileName: q.name, field: q.field }, user);
  }

  @Get('attachments/:id')
  @ApiOkResponse({ type: AttachmentDto })
  async meta(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return attachmentView(await this.attachments.readable(id, user));
  }

  @Get('attachments/:id/content')
  async content(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const { row, content } = await this.attachments.content(id, user);
    res.setHeader('Content-Type', row.mediaType);
    res.setHeader('Content-Length', String(content.length));
    res.setHeader('Content-Disposition', contentDisposition(row.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('ETag', `"${row.sha256}"`);
    res.status(200).end(content);
  }

  @Get('cases/:id/attachments')
  @ApiOkResponse({ type: [AttachmentDto] })
  listForCase(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.attachments.listForCase(id, user);
  }
}
