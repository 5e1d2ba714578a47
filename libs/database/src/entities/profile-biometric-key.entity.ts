import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { RefreshTokenFamilyEntity } from './refresh-token-family.entity';

/**
 * The public key (an EC P-256 JWK) a device user profile signs biometric refresh assertions with,
 * and its RFC 7638 thumbprint (docs/gateway.md#biometric-refresh). The private key never leaves the device.
 */
@Entity('profile_biometric_key')
export class ProfileBiometricKeyEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_profile_biometric_key' })
  familyId: string;

  @ManyToOne(() => RefreshTokenFamilyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'family_id', foreignKeyConstraintName: 'fk_profile_biometric_key_family' })
  family?: RefreshTokenFamilyEntity;

  @Column({ type: 'jsonb' })
  jwk: Record<string, string>;

  @Column({ type: 'varchar', length: 64 })
  jkt: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
