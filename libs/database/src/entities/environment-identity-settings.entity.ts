import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { EnvironmentEntity } from './environment.entity';
import { Timestamped } from './timestamps';

/**
 * An environment's identity methods (docs/admin-api.md#identity-methods): only the settings an
 * administrator changed are stored, merged over the defaults on read, so a later default applies to
 * every environment that never set it. The custom-token HS256 secret is sealed by the vault apart.
 */
@Entity('environment_identity_settings')
export class EnvironmentIdentitySettingsEntity extends Timestamped {
  @PrimaryColumn({ type: 'uuid' })
  environmentId: string;

  @OneToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_environment_identity_settings_environment' })
  environment?: EnvironmentEntity;

  /** The non-secret overrides, shaped like the settings (never the secret). */
  @Column({ type: 'jsonb' })
  settings: Record<string, unknown>;

  /** The custom-token HS256 secret, sealed for SEALED_PURPOSES.identityCustomTokenSecret; never exposed. */
  @Column({ type: 'text', nullable: true })
  customTokenSecretSealed: string | null;
}
