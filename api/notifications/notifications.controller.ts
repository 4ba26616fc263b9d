import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { zodParams, zodQuery } from '../common/zod-validation.pipe';
import { NotificationPageDto } from './notification.dto';
import { NotificationsService } from './notifications.service';

const listQuery = z.object({
  unread: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .transform((v) => v === 'true'),
  page: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1)
    .max(10_000)
    .default(1),
  pageSize: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1)
    .max(100)
    .default(20),
});

const idParams = z.object({ id: z.uuid({ error: 'must be a notification id (uuid)' }) });

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {}

  @Get()
  @ApiQuery({ name: 'unread', required: false, example: 'true', description: 'only the unread ones' })
  @ApiQuery({ name: 'page', required: false, example: 1 })
  @ApiQuery({ name: 'pageSize', required: false, example: 20, description: 'at most 100' })
  @ApiOkResponse({ type: NotificationPageDto, description: "The caller's own notifications, newest first" })
  list(@CurrentUser() user: AuthUser, @Query(zodQuery(listQuery)) q: z.infer<typeof listQuery>) {
    return this.notifications.list(user, q);
  }

  // Declared before :id/read so `read-all` is never taken for an id.
  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ description: "{marked}: how many of the caller's unread notifications were marked read" })
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ description: "{id, read: true}; 404 when the notification is not the caller's" })
  read(@CurrentUser() user: AuthUser, @Param(zodParams(idParams)) p: z.infer<typeof idParams>) {
    return this.notifications.markRead(user, p.id);
  }
}
