import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { EnvironmentEntity } from './environment.entity';
import { OrganizationEntity } from './organization.entity';
import { Timestamped } from './timestamps';

@Entity('app')
@Index('uq_app_organization_name', ['organizationId', 'name'], { unique: true })
export class AppEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_app_organization' })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 63 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  /** The app's first environment until an admin picks another. */
  @Column({ type: 'uuid', nullable: true })
  defaultEnvironmentId: string | null;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'default_environment_id', foreignKeyConstraintName: 'fk_app_default_environment' })
  defaultEnvironment?: Relation<EnvironmentEntity>;
}
