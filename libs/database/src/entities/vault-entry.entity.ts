import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuthorizationCodeEntity } from './authorization-code.entity';
import { RefreshTokenFamilyEntity } from './refresh-token-family.entity';
import { Timestamped } from './timestamps';

/**
 * One login's upstream tokens, envelope-encrypted: a random data key per entry seals the tokens,
 * and the master key (its id in `masterKeyId`) seals the data key. Written at sign-in against the
 * authorization code, moved to the token family when the code is exchanged (the move clears the
 * code, so the entry then lives and dies with the family alone). Never exposed.
 */
@Entity('vault_entry')
@Check('ck_vault_entry_owner', 'num_nonnulls(family_id, authorization_code_id) = 1')
@Index('uq_vault_entry_family', ['familyId'], { unique: true })
@Index('uq_vault_entry_authorization_code', ['authorizationCodeId'], { unique: true })
@Index('ix_vault_entry_master_key', ['masterKeyId', 'id'])
@Index('ix_vault_entry_upstream_expires', ['upstreamExpiresAt'], { where: 'upstream_expires_at IS NOT NULL' })
@Index('ix_vault_entry_earliest_expires', ['earliestExpiresAt', 'familyId'], { where: 'earliest_expires_at IS NOT NULL AND family_id IS NOT NULL' })
export class VaultEntryEntity extends Timestamped {
  /** Chosen before the insert: the crypto binds it (AAD of the ciphertext, purpose of the wrapped key). */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** The login's family; null until the code exchange. Deleting the family deletes its entry. */
  @Column({ type: 'uuid', nullable: true })
  familyId: string | null;

  @ManyToOne(() => RefreshTokenFamilyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'family_id', foreignKeyConstraintName: 'fk_vault_entry_family' })
  family?: RefreshTokenFamilyEntity;

  /**
   * The authorization code the sign-in issued, until its exchange. A code that is never exchanged
   * is deleted once expired, and takes the entry with it (the upstream tokens of an abandoned login).
   */
  @Column({ type: 'uuid', nullable: true })
  authorizationCodeId: string | null;

  @ManyToOne(() => AuthorizationCodeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authorization_code_id', foreignKeyConstraintName: 'fk_vault_entry_authorization_code' })
  authorizationCode?: AuthorizationCodeEntity;

  /** Id of the master key that sealed `wrappedKey`, for master-key rotation. */
  @Column({ type: 'varchar', length: 32 })
  masterKeyId: string;

  /** The entry's data key, sealed by the vault's master key. Never exposed. */
  @Column({ type: 'text' })
  wrappedKey: string;

  /** The tokens, AES-256-GCM under the data key with the entry id as associated data. Never exposed. */
  @Column({ type: 'text' })
  ciphertext: string;

  /** When the last of the upstream tokens expires; null when one never does. */
  @Column({ type: 'timestamptz', nullable: true })
  upstreamExpiresAt: Date | null;

  /**
   * When the first of the upstream tokens expires (the access token, typically): the background
   * validation refreshes the entry shortly before. Null when none expires, or once the upstream
   * said it has nothing to refresh, until new tokens are written.
   */
  @Column({ type: 'timestamptz', nullable: true })
  earliestExpiresAt: Date | null;

  /**
   * The upstream refresh lease: who refreshes the family's tokens now (a random id per lease), and
   * until when (database time). Upstreams rotate their refresh tokens, so one instance at a time
   * may use them; writing new tokens or the end of the attempt clears it, a crashed holder's lapses.
   */
  @Column({ type: 'uuid', nullable: true })
  leaseHolder: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;
}
