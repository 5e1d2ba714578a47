import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Timestamped } from './timestamps';

export type SigningAlg = 'RS256' | 'ES256';

/**
 * A token signing key. Published in JWKS from creation; signs from `activatesAt` (≥ 10 min later
 * on rotation); stays published until `retiresAt` (when every token it signed has expired).
 */
@Entity('signing_key')
@Index('ix_signing_key_alg_activates', ['alg', 'activatesAt'])
export class SigningKeyEntity extends Timestamped {
  /** The JWK `kid`. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid: string;

  @Column({ type: 'varchar', length: 8 })
  alg: SigningAlg;

  @Column({ type: 'jsonb' })
  publicJwk: Record<string, unknown>;

  /** PKCS#8 private key encrypted with the vault master key. Never exposed. */
  @Column({ type: 'text' })
  encryptedPrivateKey: string;

  /** Id of the master key that encrypted it, for rotation of the master key. */
  @Column({ type: 'varchar', length: 32 })
  encryptionKeyId: string;

  @Column({ type: 'timestamptz' })
  activatesAt: Date;

  /** When a newer key took over signing; null while current. */
  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  /** When it leaves JWKS; null while it may still sign. */
  @Column({ type: 'timestamptz', nullable: true })
  retiresAt: Date | null;
}
