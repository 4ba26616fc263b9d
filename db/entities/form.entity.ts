import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One deployed version of a Camunda Form (the `.form` JSON), referenced by zeebe:formDefinition formId. */
@Entity('forms')
@Unique('uq_forms_form_id_version', ['formId', 'version'])
@Unique('uq_forms_form_id_content_hash', ['formId', 'contentHash'])
@Check('ck_forms_version', 'version >= 1')
export class FormEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { name: 'form_id' })
  formId!: string;

  @Column('int')
  version!: number;

  /** the form JSON as deployed */
  @Column('jsonb')
  schema!: unknown;

  @Column('text', { name: 'content_hash' })
  contentHash!: string;

  @Column('text', { name: 'deployed_by' })
  deployedBy!: string;

  @CreateDateColumn({ name: 'deployed_at', type: 'timestamptz' })
  deployedAt!: Date;
}
