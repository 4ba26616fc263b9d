import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type BatchStatus = 'running' | 'finished';

@Entity('batches')
@Check('ck_batches_status', `status IN ('running', 'finished')`)
export class BatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  title!: string;

  /** {type: 'complete-task', elementId, variables} or {type: 'message', name, variables} */
  @Column('jsonb')
  action!: Record<string, unknown>;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('text', { default: 'running' })
  status!: BatchStatus;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  /** A message batch: the instant its first accepting case fixed (`+08:00`); a resumed batch reuses it. */
  @Column('text', { nullable: true })
  instant!: string | null;

  /** Who ran it ({id, username, roles, district, affiliation}): a resumed batch acts as that user. */
  @Column('jsonb', { nullable: true })
  actor!: Record<string, unknown> | null;
}
