import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuthServiceEntity } from './auth-service.entity';

/**
 * The ID of a SAML assertion a service accepted, kept until the assertion's NotOnOrAfter so that
 * no instance accepts it twice (SAML 2.0 Profiles §4.1.4.5). Deleting the service deletes its rows.
 */
@Entity('saml_assertion_replay')
@Index('ix_saml_assertion_replay_expires', ['expiresAt'])
export class SamlAssertionReplayEntity {
  @PrimaryColumn({ type: 'uuid' })
  serviceId: string;

  @ManyToOne(() => AuthServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'fk_saml_assertion_replay_service' })
  service?: AuthServiceEntity;

  /** The assertion's `ID` attribute, as the IdP chose it (an xs:ID, at most 256 characters here). */
  @PrimaryColumn({ type: 'varchar', length: 256 })
  assertionId: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
