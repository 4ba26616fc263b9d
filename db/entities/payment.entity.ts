import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { numberTransformer } from '../column-transformers';
import { CaseEntity } from './case.entity';

export type PaymentStatus = 'paid' | 'stopped' | 'clawback';

/** The payment ledger: one row per (case, tranche, status); claw-backs are negative amounts. */
@Entity('payments')
@Unique('uq_payments_case_id_tranche_status', ['caseId', 'tranche', 'status'])
@Unique('uq_payments_idempotency_key', ['idempotencyKey'])
@Check('ck_payments_status', `status IN ('paid', 'stopped', 'clawback')`)
@Check(
  'ck_payments_amount_sign',
  `(status = 'clawback' AND amount_fen < 0) OR (status <> 'clawback' AND amount_fen >= 0)`,
)
@Index('ix_payments_case_id_paid_at', ['caseId', 'paidAt'])
export class PaymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_payments_case_id' })
  case?: Relation<CaseEntity>;

  @Column('text')
  tranche!: string;

  /** numeric(5,2), read back as a number */
  @Column('numeric', { precision: 5, scale: 2, nullable: true, transformer: numberTransformer })
  percent!: number | null;

  /** bigint in fen, read back as a JS number (safe below 2^53 fen); negative for claw-backs. */
  @Column('bigint', { name: 'amount_fen', transformer: numberTransformer })
  amountFen!: number;

  @Column('text')
  status!: PaymentStatus;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey!: string;

  @Column('timestamptz', { name: 'paid_at', default: () => 'now()' })
  paidAt!: Date;
}
