import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The `jti` of a DPoP proof a key (`jkt`, its RFC 7638 thumbprint) presented (RFC 9449 §11.1),
 * kept until the proof's `iat` could no longer be accepted, so no instance accepts it twice.
 */
@Entity('dpop_proof_jti')
@Index('ix_dpop_proof_jti_expires', ['expiresAt'])
export class DpopProofJtiEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  jkt: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  jti: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
