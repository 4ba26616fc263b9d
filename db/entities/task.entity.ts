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
  UpdateDateColumn,
} from 'typeorm';
import { CaseEntity } from './case.entity';

export type TaskState = 'open' | 'completed' | 'withdrawn';

@Entity('tasks')
// The activity that creates a task is keyed by its element-instance key: a retry finds the row instead of adding one.
@Unique('uq_tasks_case_id_element_instance_key', ['caseId', 'elementInstanceKey'])
@Check('ck_tasks_state', `state IN ('open', 'completed', 'withdrawn')`)
// Inbox: open tasks by candidate group (GIN, migration only) ordered by due date; by assignee; by case.
@Index('ix_tasks_candidate_groups_open', { synchronize: false })
// The inbox count: (district, assignee) INCLUDE (candidate_groups) WHERE open, migration only (INCLUDE).
@Index('ix_tasks_open_district_inbox', { synchronize: false })
@Index('ix_tasks_open_due_at', ['dueAt', 'createdAt'], { where: `state = 'open'` })
@Index('ix_tasks_open_district_due_at', ['district', 'dueAt', 'createdAt', 'id'], { where: `state = 'open'` })
@Index('ix_tasks_assignee_state', ['assignee', 'state'])
@Index('ix_tasks_completed_by', ['completedBy'])
@Index('ix_tasks_case_id', ['caseId'])
@Index('ix_tasks_case_id_completed_by', ['caseId', 'completedBy'])
@Index('ix_tasks_process_key_element_id', ['processKey', 'elementId', 'state'])
@Index('ix_tasks_district_state', ['district', 'state'])
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_tasks_case_id' })
  case?: Relation<CaseEntity>;

  @Column('text', { name: 'element_id' })
  elementId!: string;

  @Column('text', { name: 'element_instance_key' })
  elementInstanceKey!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'candidate_groups', array: true, default: () => `'{}'` })
  candidateGroups!: string[];

  @Column('text', { nullable: true })
  assignee!: string | null;

  @Column('text', { default: 'open' })
  state!: TaskState;

  @Column('timestamptz', { name: 'due_at', nullable: true })
  dueAt!: Date | null;

  @Column('text', { name: 'completed_by', nullable: true })
  completedBy!: string | null;

  @Column('text', { nullable: true })
  decision!: string | null;

  @Column('text', { nullable: true })
  comment!: string | null;

  @Column('jsonb', { nullable: true })
  variables!: Record<string, unknown> | null;

  /** Copied from the case so the inbox can scope by district without a join. */
  @Column('text', { nullable: true })
  district!: string | null;

  @Column('text', { name: 'process_key' })
  processKey!: string;

  /** `rf:excludeAffiliation` evaluated when the task opened: users of that affiliation may not act on it. */
  @Column('text', { name: 'exclude_affiliation', nullable: true })
  excludeAffiliation!: string | null;

  /** `rf:distinctFrom`: whoever completed one of these elements in the case may not complete this task. */
  @Column('text', { name: 'distinct_from', array: true, default: () => `'{}'` })
  distinctFrom!: string[];

  /** The multi-instance body this task is one instance of: its siblings share it (one vote per user). */
  @Column('text', { name: 'mi_key', nullable: true })
  miKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}
