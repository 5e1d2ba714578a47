import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuthServiceEntity } from './auth-service.entity';
import { EnvironmentEntity } from './environment.entity';

/** The services an environment has enabled (its default is on the environment). */
@Entity('environment_service')
@Index('ix_environment_service_service', ['authServiceId'])
export class EnvironmentServiceEntity {
  @PrimaryColumn({ type: 'uuid' })
  environmentId: string;

  @PrimaryColumn({ type: 'uuid' })
  authServiceId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_environment_service_environment' })
  environment?: EnvironmentEntity;

  @ManyToOne(() => AuthServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'auth_service_id', foreignKeyConstraintName: 'fk_environment_service_service' })
  authService?: AuthServiceEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
