import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One deployed version of a DMN decision, referenced by zeebe:calledDecision decisionId. */
@Entity('decisions')
@Unique('uq_decisions_decision_id_version', ['decisionId', 'version'])
@Index('ix_decisions_decision_id_content_hash', ['decisionId', 'contentHash'])
@Check('ck_decisions_version', 'version >= 1')
export class DecisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { name: 'decision_id' })
  decisionId!: string;

  @Column('int')
  version!: number;

  @Column('text', { nullable: true })
  name!: string | null;

  /** id of the DMN <definitions> the decision was deployed in */
  @Column('text', { name: 'definitions_id' })
  definitionsId!: string;

  /** the .dmn document as deployed */
  @Column('text')
  xml!: string;

  /** compiled: this decision and every decision it requires, by id (what a BPMN deploy binds) */
  @Column('jsonb')
  decisions!: Record<string, unknown>;

  /** sha256 of the compiled decisions: content equal to the latest version keeps that version */
  @Column('text', { name: 'content_hash' })
  contentHash!: string;

  @Column('text', { name: 'deployed_by' })
  deployedBy!: string;

  @CreateDateColumn({ name: 'deployed_at', type: 'timestamptz' })
  deployedAt!: Date;
}
