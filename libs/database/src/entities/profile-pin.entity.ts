import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { RefreshTokenFamilyEntity } from './refresh-token-family.entity';

/**
 * The PIN of a device user profile (one refresh-token family of a device client,
 * docs/gateway.md#device-profiles): never the PIN itself, only argon2id over its HMAC-SHA256
 * (SECRET_PEPPER) with the family id. `failedAttempts` counts wrong PINs and biometric assertions
 * since the last right one; reaching the app signature's `pinMaxAttempts` revokes the family.
 */
@Entity('profile_pin')
export class ProfilePinEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_profile_pin' })
  familyId: string;

  @ManyToOne(() => RefreshTokenFamilyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'family_id', foreignKeyConstraintName: 'fk_profile_pin_family' })
  family?: RefreshTokenFamilyEntity;

  /** Never exposed. */
  @Column({ type: 'varchar', length: 255 })
  pinHash: string;

  @Column({ type: 'integer', default: 0 })
  failedAttempts: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
