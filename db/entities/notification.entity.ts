import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { CaseEntity } from './case.entity';

export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'dead';

/** The outbox: activities insert rows, a dispatcher sends them and retries with back-off. */
@Entity('notifications')
@Unique('uq_notifications_idempotency_key', ['idempotencyKey'])
@Check('ck_notifications_status', `status IN ('pending', 'sent', 'failed', 'dead')`)
@Index('ix_notifications_status_next_attempt_at', ['status', 'nextAttemptAt'])
@Index('ix_notifications_case_id', ['caseId'])
@Index('ix_notifications_recipient_created_at', ['recipient', 'createdAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId!: string | null;

  @ManyToOne(() => CaseEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_notifications_case_id' })
  case?: Relation<CaseEntity> | null;

  @Column('text')
  recipient!: string;

  @Column('text')
  channel!: string;

  @Column('text')
  template!: string;

  @Column('jsonb', { default: () => `'{}'` })
  payload!: Record<string, unknown>;

  @Column('text', { default: 'pending' })
  status!: NotificationStatus;

  @Column('int', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;
}
