import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What a revocation names: one token's jti, a refresh-token family, an authentication grant, a
 * client (every token it was issued up to the revocation; the value is its client_id, an
 * environment's appKey for `appKey.serviceId` too), or an auth service (every token issued through
 * it up to the revocation; the value is its id, the tokens' `svc`).
 */
export type RevocationKind = 'jti' | 'family' | 'grant' | 'client' | 'service';

/**
 * Revokes everything matching (kind, value) until `expiresAt` — when the last token it could
 * match has expired and the row can be dropped. One row per revocation, not per access token.
 */
@Entity('revocation_entry')
@Index('uq_revocation_entry_kind_value', ['kind', 'value'], { unique: true })
@Index('ix_revocation_entry_expires', ['expiresAt'])
@Index('ix_revocation_entry_created', ['createdAt'])
export class RevocationEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: RevocationKind;

  @Column({ type: 'varchar', length: 128 })
  value: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'varchar', length: 64 })
  reason: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
