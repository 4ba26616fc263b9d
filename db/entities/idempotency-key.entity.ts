import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Stored responses for the `Idempotency-Key` request header, per user. */
@Entity('idempotency_keys')
@Index('ix_idempotency_keys_created_at', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn('text')
  key!: string;

  /** The caller's user id (text: no FK, so keys outlive user changes). */
  @PrimaryColumn('text', { name: 'user_id' })
  userId!: string;

  /** Hash of method, path and body: the same key with another request is refused. */
  @Column('text', { name: 'request_hash' })
  requestHash!: string;

  @Column('int', { name: 'response_status' })
  responseStatus!: number;

  @Column('jsonb', { name: 'response_body', nullable: true })
  responseBody!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
