import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { CaseEntity } from './case.entity';

/**
 * A message catch (or boundary, event subprocess start) a case waits on, written by the case workflow's read-model
 * activity so `POST /messages` finds its targets by name and correlation key. Closing keeps the row (closed_at), so a
 * retried "open" can never bring a closed subscription back.
 */
@Entity('message_subscriptions')
@Index('ix_message_subscriptions_open_name_key', ['messageName', 'correlationKey'], {
  where: 'closed_at IS NULL',
})
export class MessageSubscriptionEntity {
  @PrimaryColumn('uuid', { name: 'case_id', primaryKeyConstraintName: 'pk_message_subscriptions' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_message_subscriptions_case_id' })
  case?: Relation<CaseEntity>;

  /** the engine's element-instance key */
  @PrimaryColumn('text', {
    name: 'element_instance_key',
    primaryKeyConstraintName: 'pk_message_subscriptions',
  })
  elementInstanceKey!: string;

  @Column('text', { name: 'element_id' })
  elementId!: string;

  @Column('text', { name: 'message_name' })
  messageName!: string;

  /** the evaluated correlation key */
  @Column('text', { name: 'correlation_key' })
  correlationKey!: string;

  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}
