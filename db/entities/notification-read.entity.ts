import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { NotificationEntity } from './notification.entity';

/**
 * Who has read which outbox notification in the web UI. Per user, not per row: a row addressed to a group (an
 * overdue task's candidate groups) is read by each of its members separately.
 */
@Entity('notification_reads')
export class NotificationReadEntity {
  @PrimaryColumn('uuid', { name: 'notification_id', primaryKeyConstraintName: 'pk_notification_reads' })
  notificationId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_notification_reads' })
  username!: string;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'fk_notification_reads_notification_id' })
  notification?: Relation<NotificationEntity>;

  @Column('timestamptz', { name: 'read_at', default: () => 'now()' })
  readAt!: Date;
}
