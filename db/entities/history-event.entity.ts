import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { CaseEntity } from './case.entity';

/** Append-only: a trigger refuses UPDATE and DELETE. Write through `appendHistory` (db/history.repository.ts). */
@Entity('history_events')
@Unique('uq_history_events_case_id_seq', ['caseId', 'seq'])
@Unique('uq_history_events_idempotency_key', ['idempotencyKey'])
@Index('ix_history_events_type', ['type'])
export class HistoryEventEntity {
  /** bigserial: node-postgres returns int8 as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_history_events_case_id' })
  case?: Relation<CaseEntity>;

  /** 1, 2, 3… per case, without gaps. */
  @Column('int')
  seq!: number;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;

  @Column('text')
  type!: string;

  @Column('text', { name: 'element_id', nullable: true })
  elementId!: string | null;

  @Column('text', { nullable: true })
  actor!: string | null;

  @Column('jsonb', { default: () => `'{}'` })
  data!: Record<string, unknown>;

  /** workflow id + element-instance key + type: a replayed activity writes nothing twice. */
  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey!: string | null;
}
