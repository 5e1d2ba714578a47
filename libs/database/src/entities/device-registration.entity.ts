import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AppSignatureEntity } from './app-signature.entity';

/**
 * One device registration under way (docs/gateway.md#device-registration): the OCRA challenge the
 * server asked, for the app signature named, answered once (`consumedAt`, whatever the outcome)
 * within 5 minutes. The challenge is no secret: the signature's key is.
 */
@Entity('device_registration')
@Index('ix_device_registration_expires', ['expiresAt'])
@Index('ix_device_registration_app_signature', ['appSignatureId'])
export class DeviceRegistrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  appSignatureId: string;

  @ManyToOne(() => AppSignatureEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'app_signature_id', foreignKeyConstraintName: 'fk_device_registration_app_signature' })
  appSignature?: AppSignatureEntity;

  /** The OCRA question (RFC 6287 §5.1 `Q`) in the suite's format and length. */
  @Column({ type: 'varchar', length: 64 })
  challenge: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
