import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export type CaseStatus = 'active' | 'completed' | 'terminated' | 'failed';
export const CASE_STATUSES: readonly CaseStatus[] = ['active', 'completed', 'terminated', 'failed'];

@Entity('cases')
@Unique('uq_cases_process_key_business_key', ['processKey', 'businessKey'])
@Check('ck_cases_status', `status IN ('active', 'completed', 'terminated', 'failed')`)
@Index('ix_cases_status_created_at', ['status', 'createdAt'])
@Index('ix_cases_district_status', ['district', 'status'])
@Index('ix_cases_process_key_status', ['processKey', 'status'])
@Index('ix_cases_created_at', ['createdAt'])
@Index('ix_cases_process_key_outcome', ['processKey', 'outcome'])
@Index('ix_cases_applicant_id', ['applicantId'])
@Index('ix_cases_employer_id', ['employerId'])
@Index('ix_cases_created_by', ['createdBy'])
// GIN index on active_elements (the elementId filter) lives in the migration only.
@Index('ix_cases_active_elements', { synchronize: false })
// Trigram (pg_trgm) indexes of the free-text search, migration only.
@Index('ix_cases_business_key_trgm', { synchronize: false })
@Index('ix_cases_applicant_name_trgm', { synchronize: false })
@Index('ix_cases_finished_at', ['finishedAt'])
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { name: 'process_key' })
  processKey!: string;

  @Column('int', { name: 'process_version' })
  processVersion!: number;

  @Column('text', { name: 'business_key' })
  businessKey!: string;

  @Column('text', { default: 'active' })
  status!: CaseStatus;

  @Column('jsonb', { default: () => `'{}'` })
  variables!: Record<string, unknown>;

  @Column('text', { nullable: true })
  district!: string | null;

  /** The `applicantId` variable, kept in sync by the read model: that user sees the case. */
  @Column('text', { name: 'applicant_id', nullable: true })
  applicantId!: string | null;

  /** The `employerId` variable: users of that affiliation with the employer role see the case. */
  @Column('text', { name: 'employer_id', nullable: true })
  employerId!: string | null;

  /** The user who started the case through the API (null for child cases). */
  @Column('text', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  /** Element ids currently waiting (user tasks, timers, message catches), for the elementId filter. */
  @Column('text', { name: 'active_elements', array: true, default: () => `'{}'` })
  activeElements!: string[];

  /** A deadline was computed through a year without calendar data. */
  @Column('boolean', { name: 'calendar_provisional', default: false })
  calendarProvisional!: boolean;

  @Column('text', { name: 'failure_reason', nullable: true })
  failureReason!: string | null;

  /** rf:outcome of the end event the case finished at (approved, rejected, ...); null otherwise. */
  @Column('text', { nullable: true })
  outcome!: string | null;

  /** When the case became completed or terminated; null while active or failed. */
  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
