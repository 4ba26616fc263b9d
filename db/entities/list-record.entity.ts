import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type ListRecordKind = 'publish' | 'approve';
export type ListRecordStatus = 'running' | 'finished';

/** One case on a list record: what the notice prints and the export writes. */
export interface ListRecordItem {
  caseId: string;
  businessKey: string;
  applicantName: string | null;
  district: string | null;
  /** the decision taken (approve lists); null on a publicity list */
  decision: string | null;
  /** the case's own comment, else the list's */
  comment: string | null;
  status: 'pending' | 'done' | 'failed';
  /** the stable code of a failed item */
  code?: string | null;
}

/** The publicity period a published list opened, in the calendar the process's timer counts in. */
export interface ListRecordPublicity {
  start: string;
  end: string;
  days: number;
  calendar: 'cn-workday' | 'calendar-day';
  closesAt: string;
}

/** A published or decided list: the official record (公示名单 / 审批名单), numbered 〔year〕第n号 per year. */
@Entity('list_records')
@Unique('uq_list_records_year_seq', ['year', 'seq'])
@Check('ck_list_records_kind', `kind IN ('publish', 'approve')`)
@Check('ck_list_records_status', `status IN ('running', 'finished')`)
@Check('ck_list_records_seq', 'seq >= 1')
@Index('ix_list_records_created_at', ['createdAt'])
export class ListRecordEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_list_records' })
  id!: string;

  @Column('int')
  year!: number;

  @Column('int')
  seq!: number;

  @Column('text')
  title!: string;

  @Column('text')
  kind!: ListRecordKind;

  @Column('text', { name: 'process_key' })
  processKey!: string;

  @Column('int', { name: 'process_version' })
  processVersion!: number;

  @Column('text', { name: 'element_id' })
  elementId!: string;

  @Column('text', { name: 'stage_name' })
  stageName!: string;

  @Column('text', { nullable: true })
  comment!: string | null;

  @Column('jsonb', { nullable: true })
  publicity!: ListRecordPublicity | null;

  @Column('jsonb')
  items!: ListRecordItem[];

  @Column('jsonb', { name: 'batch_ids' })
  batchIds!: string[];

  @Column('text', { default: 'running' })
  status!: ListRecordStatus;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
