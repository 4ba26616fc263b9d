import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodBody } from '../common/zod-validation.pipe';
import { BatchDto } from './batch.dto';
import { BatchesService } from './batches.service';

const variables = z.record(z.string(), z.unknown()).default({});
const batchBody = z
  .object({
    title: z.string().trim().min(1, 'is required').max(500),
    caseIds: z.array(z.string().min(1)).min(1, 'must list at least one case').max(10_000),
    /** the list's comment: what each case's history shows (a case's own entry in `comments` overrides it) */
    comment: z.string().trim().max(2000).nullish(),
    comments: z
      .record(z.string().max(64), z.string().trim().max(2000))
      .refine((c) => Object.keys(c).length <= 10_000, 'too many comments')
      .optional(),
    action: z.discriminatedUnion(
      'type',
      [
        z
          .object({
            type: z.literal('complete-task'),
            elementId: z.string().min(1, 'is required'),
            variables,
          })
          .strict(),
        z.object({ type: z.literal('message'), name: z.string().min(1, 'is required'), variables }).strict(),
      ],
      { error: 'type must be complete-task or message' },
    ),
  })
  .strict();

@ApiTags('batches')
@ApiBearerAuth()
@Controller('batches')
export class BatchesController {
  constructor(@Inject(BatchesService) private readonly batches: BatchesService) {}

  @Post()
  @ApiCreatedResponse({ type: BatchDto, description: 'the batch, run: each item done or failed' })
  run(@Body(zodBody(batchBody)) body: z.infer<typeof batchBody>, @CurrentUser() user: AuthUser) {
    return this.batches.run(body, user);
  }

  @Get(':id')
  @ApiOkResponse({ type: BatchDto })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.batches.view(id, user);
  }
}
