import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { EnvironmentEntity } from './environment.entity';

/**
 * A login whose first factor passed and whose second is awaited, behind an `mfa_token`
 * (docs/security.md#second-factor): only the token's HMAC is stored; `attempts` counts wrong
 * codes up to the limit, and a right one spends it (`consumedAt`).
 */
@Entity('mfa_challenge')
@Index('uq_mfa_challenge_token', ['tokenHash'], { unique: true })
@Index('ix_mfa_challenge_expires', ['expiresAt'])
@Index('ix_mfa_challenge_account', ['accountId'])
export class MfaChallengeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** HMAC-SHA256 (SECRET_PEPPER) of the mfa_token. */
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_mfa_challenge_account' })
  account?: AccountEntity;

  @Column({ type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_mfa_challenge_environment' })
  environment?: EnvironmentEntity;

  @Column({ type: 'varchar', length: 200 })
  clientId: string;

  /** What the first factor decided (identity, provider, amr, scope, auth_time, service): enough to finish the login. */
  @Column({ type: 'jsonb' })
  login: Record<string, unknown>;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
