import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { AppEntity } from './app.entity';
import { AuthServiceEntity } from './auth-service.entity';
import { Timestamped } from './timestamps';

/**
 * Where an app's users live. Its appKey is its default client id (and contains no dot, so
 * `appKey.serviceId` splits at the first dot); its appSecret authenticates it.
 */
@Entity('environment')
@Index('uq_environment_app_name', ['appId', 'name'], { unique: true })
export class EnvironmentEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  appId: string;

  @ManyToOne(() => AppEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'app_id', foreignKeyConstraintName: 'fk_environment_app' })
  app?: Relation<AppEntity>;

  /** Denormalised from the app so token paths resolve the organization without a join. */
  @Index('ix_environment_organization')
  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'varchar', length: 63 })
  name: string;

  @Index('uq_environment_app_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  appKey: string;

  /** HMAC-SHA256 (SECRET_PEPPER) of the appSecret. Never exposed. */
  @Column({ type: 'varchar', length: 128 })
  appSecretHash: string;

  /** The service used when a client names none; the built-in `local` one until an admin picks another. */
  @Column({ type: 'uuid', nullable: true })
  defaultServiceId: string | null;

  @ManyToOne(() => AuthServiceEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'default_service_id', foreignKeyConstraintName: 'fk_environment_default_service' })
  defaultService?: Relation<AuthServiceEntity>;

  /** Scopes this environment adds to the standard OIDC ones. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  customScopes: string[];

  /**
   * Whether `POST /:org/:app/token` signs this environment's users in, when it is its app's
   * default. Opt-in: that sign-in needs no client credential.
   */
  @Column({ type: 'boolean', default: false })
  usergridCompatibility: boolean;
}
