import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { CaseEntity } from './case.entity';

/**
 * One place taken in a quota shared by many cases (e.g. Qinghai Q01: grade A has 5 places per year).
 * A case holds at most one place per (quota, period); slots are numbered 1..limit per grade, never twice.
 */
@Entity('quota_reservations')
@Unique('uq_quota_reservations_quota_period_case_id', ['quota', 'period', 'caseId'])
@Unique('uq_quota_reservations_quota_period_grade_slot', ['quota', 'period', 'grade', 'slot'])
@Unique('uq_quota_reservations_idempotency_key', ['idempotencyKey'])
@Check('ck_quota_reservations_slot', `slot >= 1`)
export class QuotaReservationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  quota!: string;

  @Column('text')
  period!: string;

  @Column('text')
  grade!: string;

  @Column('int')
  slot!: number;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_quota_reservations_case_id' })
  case?: Relation<CaseEntity>;

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey!: string;

  @CreateDateColumn({ name: 'reserved_at', type: 'timestamptz' })
  reservedAt!: Date;
}
