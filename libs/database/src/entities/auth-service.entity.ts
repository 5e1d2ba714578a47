import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { EnvironmentEntity } from './environment.entity';
import { OrganizationEntity } from './organization.entity';
import { Timestamped } from './timestamps';

/** Connector types; their config keys are in `libs/connectors`, one folder per type. */
export const AUTH_SERVICE_TYPES = [
  'local',
  'saml-redirect',
  'saml-post',
  'oauth2',
  'oidc',
  'active-directory',
  'ldap',
  'saml-wrap',
  'facebook',
  'custom',
] as const;
export type AuthServiceType = (typeof AUTH_SERVICE_TYPES)[number];

/**
 * A configured connector. Scoped to one environment, or (environmentId null) to a whole
 * organization and usable by all its environments. Every environment has exactly one `local`.
 */
@Entity('auth_service')
@Index('ix_auth_service_organization', ['organizationId'])
@Index('ix_auth_service_environment', ['environmentId'])
@Index('uq_auth_service_local_per_environment', ['environmentId'], { unique: true, where: "type = 'local'" })
export class AuthServiceEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_auth_service_organization' })
  organization?: OrganizationEntity;

  @Column({ type: 'uuid', nullable: true })
  environmentId: string | null;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_auth_service_environment' })
  environment?: Relation<EnvironmentEntity>;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 32 })
  type: AuthServiceType;

  /** Non-secret configuration (redirectUris, TTLs, type-specific keys). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  config: Record<string, unknown>;

  /** Secret configuration keys (client secrets, bind passwords), encrypted by the vault. */
  @Column({ type: 'text', nullable: true })
  encryptedSecrets: string | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;
}
