import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Attachment bytes in the PostgreSQL store, addressed by sha-256 (one row per distinct content). */
@Entity('attachment_blobs')
export class AttachmentBlobEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_attachment_blobs' })
  sha256!: string;

  @Column('bytea')
  content!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
