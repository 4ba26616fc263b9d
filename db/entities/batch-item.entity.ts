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
  UpdateDateColumn,
} from 'typeorm';
import { BatchEntity } from './batch.entity';
import { CaseEntity } from './case.entity';

export type BatchItemStatus = 'pending' | 'done' | 'failed';

@Entity('batch_items')
@Unique('uq_batch_items_batch_id_case_id', ['batchId', 'caseId'])
@Check('ck_batch_items_status', `status IN ('pending', 'done', 'failed')`)
@Index('ix_batch_items_batch_id_status', ['batchId', 'status'])
@Index('ix_batch_items_case_id', ['caseId'])
export class BatchItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'batch_id' })
  batchId!: string;

  @ManyToOne(() => BatchEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_batch_items_batch_id' })
  batch?: Relation<BatchEntity>;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_batch_items_case_id' })
  case?: Relation<CaseEntity>;

  @Column('text', { default: 'pending' })
  status!: BatchItemStatus;

  @Column('text', { nullable: true })
  error!: string | null;

  /** the failure's stable code (TASK_NOT_OPEN, NOT_SENDER, FOUR_EYES…): what a client explains it by */
  @Column('text', { name: 'error_code', nullable: true })
  errorCode!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
