import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('process_definitions')
@Unique('uq_process_definitions_key_version', ['key', 'version'])
@Unique('uq_process_definitions_key_content_hash', ['key', 'contentHash'])
export class ProcessDefinitionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  key!: string;

  @Column('int')
  version!: number;

  @Column('text')
  name!: string;

  @Column('text')
  xml!: string;

  /** The compiled, versioned JSON graph the workflow interprets. */
  @Column('jsonb')
  graph!: unknown;

  @Column('text', { name: 'content_hash' })
  contentHash!: string;

  @Column('text', { name: 'deployed_by' })
  deployedBy!: string;

  @CreateDateColumn({ name: 'deployed_at', type: 'timestamptz' })
  deployedAt!: Date;
}
