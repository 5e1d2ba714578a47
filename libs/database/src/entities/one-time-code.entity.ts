import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { EnvironmentEntity } from './environment.entity';
import { IdentityEntity } from './identity.entity';

/**
 * A one-time code sent by mail or SMS (docs/security.md#one-time-codes): only its HMAC is stored,
 * it is spent once (`consumedAt`), and `attempts` counts every guess up to `maxAttempts`. Rows stay
 * an hour past expiry, so the hourly send limit still sees them.
 */
@Entity('one_time_code')
@Index('ix_one_time_code_lookup', ['environmentId', 'purpose', 'destination', 'createdAt'])
@Index('ix_one_time_code_expires', ['expiresAt'])
@Index('ix_one_time_code_account', ['accountId'], { where: 'account_id IS NOT NULL' })
@Index('ix_one_time_code_identity', ['identityId'], { where: 'identity_id IS NOT NULL' })
export class OneTimeCodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_one_time_code_environment' })
  environment?: EnvironmentEntity;

  /** What the code proves (`email-login`, `password-reset`, …): a code of one purpose never serves another. */
  @Column({ type: 'varchar', length: 32 })
  purpose: string;

  /** Where it was sent: a normalised email address or an E.164 number. */
  @Column({ type: 'varchar', length: 254 })
  destination: string;

  /** HMAC-SHA256 (SECRET_PEPPER) of the row id and the code; never exposed. */
  @Column({ type: 'char', length: 64 })
  codeHash: string;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'int' })
  maxAttempts: number;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Spent by a right guess, or voided by a newer code or a failed delivery. */
  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  /** When it was sent: the resend wait and the hourly limit count from it. */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** The account the code is for, when known (a reset, a verification). */
  @Column({ type: 'uuid', nullable: true })
  accountId: string | null;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_one_time_code_account' })
  account?: AccountEntity;

  @Column({ type: 'uuid', nullable: true })
  identityId: string | null;

  @ManyToOne(() => IdentityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'identity_id', foreignKeyConstraintName: 'fk_one_time_code_identity' })
  identity?: IdentityEntity;

  /** What the flow carries until the code is verified (e.g. a pending sign-up); never a secret in clear. */
  @Column({ type: 'jsonb', nullable: true })
  payload: Record<string, unknown> | null;
}
