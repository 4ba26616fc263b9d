import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type InboxNotificationRow,
  listInboxNotifications,
  markAllInboxNotificationsRead,
  markInboxNotificationRead,
} from '../../db/notification-inbox.repository';
import type { AuthUser } from '../auth/auth-user';
import { notFound } from '../common/error-body';

/** What the bell shows: the event, its case and task in words the UI can render, and the read state. */
export function notificationView(r: InboxNotificationRow) {
  const p = r.payload;
  const pick = (k: string) => (p[k] === undefined || p[k] === null ? {} : { [k]: p[k] });
  return {
    id: r.id,
    event: r.event,
    at: r.at.toISOString(),
    read: r.read,
    caseId: r.caseId,
    businessKey: r.businessKey,
    processKey: r.processKey,
    processName: r.processName,
    taskId: r.taskId,
    taskName: r.taskName ?? (typeof p.name === 'string' ? p.name : null),
    elementId: typeof p.elementId === 'string' ? p.elementId : null,
    data: {
      ...pick('decision'),
      ...pick('tranche'),
      ...pick('amountFen'),
      ...pick('status'),
      ...pick('dueAt'),
    },
  };
}

export type NotificationView = ReturnType<typeof notificationView>;

@Injectable()
export class NotificationsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(user: AuthUser, q: { unread: boolean; page: number; pageSize: number }) {
    const { items, total, unread } = await listInboxNotifications(this.dataSource.manager, user, {
      unreadOnly: q.unread,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: items.map(notificationView), total, unread, page: q.page, pageSize: q.pageSize };
  }

  async markRead(user: AuthUser, id: string): Promise<{ id: string; read: true }> {
    // Someone else's notification is reported as absent, so ids are not confirmed to exist.
    if (!(await markInboxNotificationRead(this.dataSource.manager, user, id)))
      throw notFound(`Notification ${id} not found`);
    return { id, read: true };
  }

  async markAllRead(user: AuthUser): Promise<{ marked: number }> {
    return { marked: await markAllInboxNotificationsRead(this.dataSource.manager, user) };
  }
}
