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
} from 'typeorm';
import { numberTransformer } from '../column-transformers';
import { CaseEntity } from './case.entity';

/**
 * A file uploaded for a case, optionally for one form field. Uploaded before the case exists (a start form), it is
 * owned by its uploader with `case_id` null until a case creation or task completion references its id.
 * The bytes live in the configured store under `storage_key`, addressed by their sha-256.
 */
@Entity('attachments')
@Index('ix_attachments_case_id', ['caseId'])
@Index('ix_attachments_uploaded_by_unbound', ['uploadedBy'], { where: 'case_id IS NULL' })
@Check('ck_attachments_size_bytes', `size_bytes >= 0`)
@Check('ck_attachments_storage', `storage IN ('postgres', 'filesystem', 's3')`)
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_attachments' })
  id!: string;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId!: string | null;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_attachments_case_id' })
  case?: Relation<CaseEntity>;

  /** The form field (filepicker key) the file was uploaded for, if any. */
  @Column('text', { nullable: true })
  field!: string | null;

  @Column('text', { name: 'file_name' })
  fileName!: string;

  /** Sniffed from the bytes, never taken from the client. */
  @Column('text', { name: 'media_type' })
  mediaType!: string;

  @Column('bigint', { name: 'size_bytes', transformer: numberTransformer })
  sizeBytes!: number;

  @Column('text')
  sha256!: string;

  @Column('text')
  storage!: 'postgres' | 'filesystem' | 's3';

  @Column('text', { name: 'storage_key' })
  storageKey!: string;

  @Column('text', { name: 'uploaded_by' })
  uploadedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'bound_at', nullable: true })
  boundAt!: Date | null;
}
