import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { Timestamped } from './timestamps';

/**
 * One way into an account: `provider` (an auth service id, or an own method such as `local`,
 * `anonymous`, `email`, `phone`) and `providerUid`, unique within the environment's method.
 */
@Entity('identity')
@Index('uq_identity_provider_uid', ['environmentId', 'provider', 'providerUid'], { unique: true })
@Index('ix_identity_account', ['accountId'])
@Index('ix_identity_username', ['environmentId', 'provider', 'usernameNormalized'])
@Index('ix_identity_email', ['environmentId', 'provider', 'emailNormalized'])
export class IdentityEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_identity_account' })
  account?: AccountEntity;

  /** Denormalised from the account so logins look identities up without a join. */
  @Column({ type: 'uuid' })
  environmentId: string;

  @Column({ type: 'varchar', length: 64 })
  provider: string;

  @Column({ type: 'varchar', length: 255 })
  providerUid: string;

  /** Lower-cased login name for `local` identities. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  usernameNormalized: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  emailNormalized: string | null;

  @Column({ type: 'boolean', default: false })
  emailVerified: boolean;

  /** argon2id PHC string. Never exposed. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  /** Claims and attributes from the provider (profile, email, groups...). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  profile: Record<string, unknown>;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;
}

/**
 * The names a `local` identity signs in with (its username and its email), one set per
 * environment: the primary key keeps a username from being another identity's email (or the same
 * email on two identities), so a login names at most one identity, even under concurrent writes.
 */
@Entity('local_login_name')
@Index('ix_local_login_name_identity', ['identityId'])
export class LocalLoginNameEntity {
  @PrimaryColumn({ type: 'uuid' })
  environmentId: string;

  /** Lower-cased, as `usernameNormalized` and `emailNormalized`. */
  @PrimaryColumn({ type: 'varchar', length: 320 })
  name: string;

  @Column({ type: 'uuid' })
  identityId: string;

  @ManyToOne(() => IdentityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'identity_id', foreignKeyConstraintName: 'fk_local_login_name_identity' })
  identity?: IdentityEntity;
}
