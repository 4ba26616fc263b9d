import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('users')
@Unique('uq_users_username', ['username'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  username!: string;

  /** bcrypt hash */
  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  @Column('text', { array: true, default: () => `'{}'` })
  roles!: string[];

  @Column('text', { nullable: true })
  district!: string | null;

  @Column('text', { nullable: true })
  affiliation!: string | null;

  /** Carried in access tokens as `tv`; bumping it revokes every token of this user. */
  @Column('integer', { name: 'token_version', default: 0 })
  tokenVersion!: number;

  /** A disabled user can neither log in nor use a token issued before. */
  @Column('boolean', { default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
