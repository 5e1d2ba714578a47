import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AuthServiceEntity } from './auth-service.entity';
import { EnvironmentEntity } from './environment.entity';
import { Timestamped } from './timestamps';

/**
 * A backend the gateway proxies to at `/datalink/:name/*` (docs/gateway.md#data-links): tokens of
 * `authServiceId` only, with that service's header mappings added.
 */
@Entity('data_link')
@Index('uq_data_link_environment_name', ['environmentId', 'name'], { unique: true })
@Index('ix_data_link_auth_service', ['authServiceId'])
export class DataLinkEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_data_link_environment' })
  environment?: EnvironmentEntity;

  /** Slug, unique within the environment: the `:name` of the proxy path. */
  @Column({ type: 'varchar', length: 63 })
  name: string;

  /** http(s), without credentials; the rest of the proxied path is appended to it. */
  @Column({ type: 'varchar', length: 2048 })
  backendUrl: string;

  /** Only tokens issued through this service are forwarded. */
  @Column({ type: 'uuid' })
  authServiceId: string;

  @ManyToOne(() => AuthServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'auth_service_id', foreignKeyConstraintName: 'fk_data_link_auth_service' })
  authService?: AuthServiceEntity;

  @Column({ type: 'integer', default: 10000 })
  timeoutMs: number;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;
}
