import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { EnvironmentEntity } from './environment.entity';
import { Timestamped } from './timestamps';

export type AppPlatform = 'android' | 'ios';
export type DpopPolicy = 'required' | 'allowed';

/**
 * One approved build of a mobile app (identifier, version, platform) in an environment: the OCRA
 * suite and key its devices prove themselves with at dynamic registration, and the settings of the
 * device clients registered with it (docs/admin-api.md#app-signatures).
 */
@Entity('app_signature')
@Index('uq_app_signature_version', ['environmentId', 'identifier', 'version', 'platform'], { unique: true })
export class AppSignatureEntity extends Timestamped {
  /** Chosen before the insert: the sealed secret is bound to it (SEALED_PURPOSES.appSignatureSecret). */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_app_signature_environment' })
  environment?: EnvironmentEntity;

  /** The app's identifier, e.g. its reverse-DNS package name or bundle id. */
  @Column({ type: 'varchar', length: 200 })
  identifier: string;

  @Column({ type: 'varchar', length: 50 })
  version: string;

  @Column({ type: 'varchar', length: 16 })
  platform: AppPlatform;

  /** An RFC 6287 suite with a Q and a T part (see parseOcraSuite). */
  @Column({ type: 'varchar', length: 64 })
  ocraSuite: string;

  /** The OCRA key, sealed by the vault (it must be read back to verify responses). Never exposed. */
  @Column({ type: 'text' })
  secretSealed: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  redirectUris: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes: string[];

  @Column({ type: 'integer', default: 3 })
  pinMaxAttempts: number;

  @Column({ type: 'integer', default: 5 })
  pinMinLength: number;

  @Column({ type: 'varchar', length: 16, default: 'required' })
  dpop: DpopPolicy;

  /** Lifetime of the device clients' secrets; 0: they do not expire. */
  @Column({ type: 'integer', default: 0 })
  clientSecretTtlSeconds: number;

  /** Disabled: no new registrations with it; devices already registered keep working. */
  @Column({ type: 'boolean', default: true })
  enabled: boolean;
}
