import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { EnvironmentEntity } from './environment.entity';
import { Timestamped } from './timestamps';

/** Time steps fit a JavaScript number for millions of years; bigint columns come back as strings. */
const stepNumber = { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/**
 * An account's second factor (docs/security.md#second-factor): for now a TOTP authenticator
 * (RFC 6238). The shared secret must be read back to check codes, so it is sealed by the vault;
 * `lastUsedStep` refuses a code of a step already used, so a code works once.
 */
@Entity('mfa_factor')
@Index('uq_mfa_factor_account_type', ['accountId', 'type'], { unique: true })
export class MfaFactorEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_mfa_factor_account' })
  account?: AccountEntity;

  @Column({ type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_mfa_factor_environment' })
  environment?: EnvironmentEntity;

  @Column({ type: 'varchar', length: 16 })
  type: 'totp';

  /** The base32 secret, sealed for SEALED_PURPOSES.mfaFactor(id); never answered after enrolment. */
  @Column({ type: 'text' })
  secretSealed: string;

  /** Null until the first right code confirms the enrolment; an unconfirmed factor is no factor. */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'bigint', nullable: true, transformer: stepNumber })
  lastUsedStep: number | null;
}
