import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { ClientEntity } from './client.entity';
import { EnvironmentEntity } from './environment.entity';
import { Timestamped } from './timestamps';

/**
 * The shape of every grant key: `ag_` and 32 random bytes in base64url. The password grant tells a
 * grant login from a user's by this shape alone, so an unknown key costs what a wrong secret does
 * (no argon2 on either). A username of exactly this shape would be taken for a key.
 */
export const AUTHENTICATION_GRANT_KEY = /^ag_[A-Za-z0-9_-]{43}$/;

/**
 * An authentication grant: a key/secret permission slip that logs one
 * principal (an account of `environmentId`, the principal's domain) in through one client.
 */
@Entity('authentication_grant')
@Index('ix_authentication_grant_environment', ['environmentId'])
@Index('ix_authentication_grant_organization', ['organizationId'])
@Index('ix_authentication_grant_principal', ['principalId'])
@Index('ix_authentication_grant_registered_client', ['registeredClientId'])
export class AuthenticationGrantEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The principal's domain (`principalDomainId`). */
  @Column({ type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_authentication_grant_environment' })
  environment?: EnvironmentEntity;

  /** Denormalised from the environment so lists filter by the caller's organizations without a join. */
  @Column({ type: 'uuid' })
  organizationId: string;

  /** The account's `uid`. */
  @Column({ type: 'uuid' })
  principalId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'principal_id', foreignKeyConstraintName: 'fk_authentication_grant_account' })
  principal?: AccountEntity;

  /** The bound client's `client_id`: the environment's appKey or a registered client's id. */
  @Column({ type: 'varchar', length: 200 })
  clientId: string;

  /** The registered client's row; null when bound to the environment's own client (appKey). */
  @Column({ type: 'uuid', nullable: true })
  registeredClientId: string | null;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registered_client_id', foreignKeyConstraintName: 'fk_authentication_grant_client' })
  registeredClient?: ClientEntity;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  /** Generated, read-only; identifies the grant at the token endpoint (not a secret). */
  @Index('uq_authentication_grant_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  key: string;

  /** HMAC-SHA256 (SECRET_PEPPER) of the secret, which is shown once. Never exposed. */
  @Column({ type: 'varchar', length: 128 })
  secretHash: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Whether `client_id` alone (no client secret) may use the grant: "open driver" authentication. */
  @Column({ type: 'boolean', default: false })
  allowOpenDriverAuthentication: boolean;

  /** Who created it (admin id or organization client id). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  createdBy: string | null;
}
